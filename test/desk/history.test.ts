/** The desk's history and search (issue 14): GET /api/v1/agent/conversations?state&q&from&to, what an
 * agent sees (the conversations they have held) and what a supervisor sees (all), by state, words and day. */
import { expect } from 'chai';
import { zonedDayHour } from '../../src/stats/zoned-time.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';
const ASK_AGENT = 'je voudrais parler à un policier';

describe('desk history and search', function () {
  this.timeout(60_000);
  const running = useTestHub();
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const url = () => running.hub.url;
  const list = async (who: string, query: string): Promise<string[]> => {
    const { status, body } = await call(`${url()}/api/v1/agent/conversations?${query}`, { token: tokens[who] });
    expect(status, JSON.stringify(body)).to.equal(200);
    return body.conversations.map((c: { id: string }) => Object.entries(ids).find(([, id]) => id === c.id)?.[0] ?? c.id).sort();
  };

  async function handOff(texts: string[]): Promise<string> {
    const { body } = await call(`${url()}/api/v1/conversations`, { body: { locale: 'fr' } });
    let after = 0;
    for (const text of texts) {
      await call(`${url()}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text } });
      after = (await waitForMessage(url(), body.id, body.token, (m) => m.from !== 'citizen', after)).seq;
    }
    await waitForMessage(url(), body.id, body.token, (m) => m.from === 'system' && /position/.test(m.text));
    return body.id;
  }
  const act = async (who: string, id: string, action: string, body: unknown = {}) => {
    const res = await call(`${url()}/api/v1/agent/conversations/${id}/${action}`, { token: tokens[who], body });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 202]);
  };

  before(async () => {
    for (const [name, role] of [
      ['ann', 'agent'],
      ['ben', 'agent'],
      ['sue', 'supervisor'],
    ] as const) {
      await running.hub.app.ctx.accounts.add(name, PASSWORD, role);
      tokens[name] = (await call(`${url()}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
    ids.violence = await handOff(['mon ancien compagnon me frappait, je voudrais porter plainte pour violences conjugales', ASK_AGENT]);
    ids.bike = await handOff(["on m'a volé mon vélo devant la gare hier soir", ASK_AGENT]);
    ids.waiting = await handOff([ASK_AGENT]);
    ids.moved = await handOff(['mon voisin fait du bruit toutes les nuits', ASK_AGENT]);
    await act('ann', ids.violence, 'claim');
    await act('ann', ids.violence, 'messages', { text: 'Je vous écoute.' });
    await act('ann', ids.violence, 'close', { outcome: 'resolved' }); // now waiting for its survey answer
    await act('ben', ids.bike, 'claim');
    await act('ann', ids.moved, 'claim');
    await act('ann', ids.moved, 'transfer', { to: 'ben' });
  });

  it('shows an agent the conversations they have held, by state', async () => {
    expect(await list('ann', 'state=closed')).to.deep.equal(['violence']);
    expect(await list('ann', 'state=agent')).to.deep.equal(['moved']); // transferred to Ben, still in Ann's history
    expect(await list('ann', 'state=waiting')).to.deep.equal([]);
    expect(await list('ben', 'state=agent')).to.deep.equal(['bike', 'moved']);
    // The one she handed over stays readable to her; a colleague's never was.
    expect((await call(`${url()}/api/v1/agent/conversations/${ids.moved}/messages`, { token: tokens.ann })).status).to.equal(200);
    expect((await call(`${url()}/api/v1/agent/conversations/${ids.bike}/messages`, { token: tokens.ann })).status).to.equal(404);
  });

  it('shows a supervisor every conversation kept, by state', async () => {
    expect(await list('sue', 'state=waiting')).to.deep.equal(['waiting']);
    expect(await list('sue', 'state=agent')).to.deep.equal(['bike', 'moved']);
    const closed = (await call(`${url()}/api/v1/agent/conversations?state=closed`, { token: tokens.sue })).body.conversations;
    expect(closed).to.have.length(1);
    expect(closed[0]).to.include({ id: ids.violence, mode: 'survey', intent: 'violences', agent: 'ann', outcome: 'resolved' });
  });

  it('searches words of the topic and of what the citizen wrote, accents and case ignored, within what the caller may see', async () => {
    expect(await list('sue', 'q=VOLE%20gare')).to.deep.equal(['bike']);
    expect(await list('sue', 'q=compagnon')).to.deep.equal(['violence']);
    expect(await list('sue', 'q=conjugales&state=closed')).to.deep.equal(['violence']);
    expect(await list('sue', 'q=violences')).to.deep.equal(['violence']); // the topic
    expect(await list('ann', 'q=v%C3%A9lo')).to.deep.equal([]); // Ben's conversation
    expect(await list('ben', 'q=velo')).to.deep.equal(['bike']);
    expect(await list('sue', 'q=Je%20vous%20%C3%A9coute')).to.deep.equal([]); // agents' words are not searched
  });

  it('filters on the day the conversation started, and refuses a bad range', async () => {
    const today = zonedDayHour(new Date(), 'Europe/Paris').day;
    expect(await list('sue', `from=${today}&to=${today}&state=agent`)).to.deep.equal(['bike', 'moved']);
    expect(await list('sue', 'to=2020-01-01')).to.deep.equal([]);
    expect((await call(`${url()}/api/v1/agent/conversations?from=${today}&to=2020-01-01`, { token: tokens.sue })).body.error.code).to.equal('invalid_range');
    expect((await call(`${url()}/api/v1/agent/conversations?state=open`, { token: tokens.sue })).body.error.code).to.equal('invalid_state');
    // Without a filter, the console's list of what the caller holds now is unchanged.
    expect(await list('ben', '')).to.deep.equal(['bike', 'moved']);
    expect(await list('ann', '')).to.deep.equal([]);
  });

  it('audits searches without their words', async () => {
    const entries = (await call(`${url()}/api/v1/agent/audit?limit=200`, { token: tokens.sue })).body.entries;
    const searches = entries.filter((e: { action: string }) => e.action === 'search');
    expect(searches.length).to.be.greaterThan(5);
    expect(JSON.stringify(searches)).not.to.match(/compagnon|velo|vélo/);
  });
});
