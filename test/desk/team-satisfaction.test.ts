/** Satisfaction per team (issue 14): a survey answer counts for each skill of the agents who held the
 * conversation, in the supervisor's figures and the daily export; never per conversation. */
import { expect } from 'chai';
import { CSV_COLUMNS, teamColumns } from '../../src/stats/daily-csv.js';
import { zonedDayHour } from '../../src/stats/zoned-time.js';
import { call, useTestHub, waitForMessage } from '../helpers/hub.js';

const PASSWORD = 'correct horse battery';

describe('satisfaction per team: GET /api/v1/agent/stats and stats.csv', function () {
  this.timeout(60_000);
  const running = useTestHub();
  const tokens: Record<string, string> = {};
  const url = () => running.hub.url;

  before(async () => {
    const { accounts } = running.hub.app.ctx;
    await accounts.add('julie', PASSWORD, 'agent', { skills: ['vss', 'en'] });
    await accounts.add('marc', PASSWORD, 'agent', { skills: ['ar'] });
    await accounts.add('sue', PASSWORD, 'supervisor');
    for (const name of ['julie', 'marc', 'sue']) {
      tokens[name] = (await call(`${url()}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
  });

  /** A conversation handed off, held by `agents` in turn (transferred), closed and rated `rating`. */
  async function rated(agents: string[], rating: number): Promise<void> {
    const { body } = await call(`${url()}/api/v1/conversations`, { body: { locale: 'fr' } });
    const { id, token } = body;
    await call(`${url()}/api/v1/conversations/${id}/messages`, { token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(url(), id, token, (m) => m.from === 'system' && /position/.test(m.text));
    expect((await call(`${url()}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: tokens[agents[0]] })).status).to.equal(200);
    for (let i = 1; i < agents.length; i++) {
      const moved = await call(`${url()}/api/v1/agent/conversations/${id}/transfer`, { token: tokens[agents[i - 1]], body: { to: agents[i] } });
      expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    }
    expect((await call(`${url()}/api/v1/agent/conversations/${id}/close`, { token: tokens[agents.at(-1)!], body: {} })).status).to.equal(200);
    const survey = await waitForMessage(url(), id, token, (m) => m.choices?.some((c: any) => c.id === `survey.${rating}`));
    await call(`${url()}/api/v1/conversations/${id}/messages`, { token, body: { choice: `survey.${rating}` } });
    await waitForMessage(url(), id, token, (m) => m.from === 'bot' && m.seq > survey.seq && !m.choices);
  }

  it("counts each answer for every skill of the agents who held the conversation, in the figures and the export's added columns", async () => {
    await rated(['julie'], 5);
    await rated(['marc'], 2);
    await rated(['marc', 'julie'], 3);

    const figures = (await call(`${url()}/api/v1/agent/stats`, { token: tokens.sue })).body;
    expect(figures.satisfaction).to.include({ count: 3, average: 3.33 });
    expect(figures.satisfactionByTeam.map((t: any) => [t.team, t.count, t.average])).to.deep.equal([
      ['ar', 2, 2.5],
      ['en', 2, 4],
      ['vss', 2, 4],
    ]);
    expect(figures.satisfactionByTeam[0].distribution).to.deep.equal({ 1: 0, 2: 1, 3: 1, 4: 0, 5: 0 });
    // Aggregates only: nothing in the figures names a conversation.
    expect(JSON.stringify(figures.satisfactionByTeam)).not.to.match(/"id"|conversation/);
    expect((await call(`${url()}/api/v1/agent/stats`, { token: tokens.julie })).status).to.equal(403);

    const today = zonedDayHour(new Date(), 'Europe/Paris').day;
    const res = await fetch(`${url()}/api/v1/agent/stats.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${tokens.sue}` } });
    const [header, row] = (await res.text()).trimEnd().split('\r\n');
    const columns = header.split(',');
    // The contract's columns first and in order, then two per team rated in the range.
    expect(columns.slice(0, CSV_COLUMNS.length)).to.deep.equal([...CSV_COLUMNS]);
    expect(columns.slice(CSV_COLUMNS.length)).to.deep.equal([...teamColumns('ar'), ...teamColumns('en'), ...teamColumns('vss')]);
    const cells = Object.fromEntries(row.split(',').map((v, i) => [columns[i], v]));
    expect(cells).to.include({ satisfaction_count: '3', satisfaction_average: '3.33' });
    expect(cells).to.include({
      'satisfaction_count@ar': '2',
      'satisfaction_average@ar': '2.50',
      'satisfaction_count@vss': '2',
      'satisfaction_average@vss': '4.00',
    });
  });
});
