/** The public service over real HTTP on the injected clock, set to a Tuesday night (22:30 in Paris):
 * GET /api/v1/service, announcements first in a new conversation, an out-of-hours hand-off with its
 * follow-up code, resuming from another device, and the budget of wrong codes. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClock } from '../helpers/clock.js';
import { call, ROOT, startTestHub, type TestHub, waitForMessage, waitForQueueEntry, copyContent } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'correct horse battery';
const ANNOUNCEMENTS = `
announcements:
  - id: expired
    until: 2026-11-30
    text: {fr: "Annonce terminée", en: "Ended notice"}
  - id: strike
    until: 2026-12-03 18:00
    text: {fr: "Mouvement social : délais allongés.", en: "Industrial action: longer delays."}
    links:
      - label: {fr: "Porter plainte en ligne", en: "Complain online"}
        url: https://www.masecurite.interieur.gouv.fr/
  - id: always
    text: {fr: "Pour une procuration, utilisez maprocuration.gouv.fr."}
`;
const CODE = /\b([2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4})\b/;

describe('public service: hours, announcements, follow-up codes', function () {
  this.timeout(40_000);
  // Tuesday 1 December 2026, 22:30 in Paris: agents (08:00-20:00) are away until 08:00.
  const clock = testClock(Date.UTC(2026, 11, 1, 21, 30));
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  let agentToken: string;
  let handed: { id: string; token: string; code: string };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-service-api-'));
    copyContent(ROOT, dir);
    const shipped = readFileSync(join(ROOT, 'flows/service.yaml'), 'utf8');
    writeFileSync(join(dir, 'flows/service.yaml'), shipped.replace(/^announcements:[\s\S]*$/m, ANNOUNCEMENTS));
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir }, { clock });
    await hub.app.ctx.accounts.add('ann', PASSWORD, 'agent');
    agentToken = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'ann', password: PASSWORD } })).body.token;
  });
  after(async () => {
    await hub?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/v1/service: closed, back at 08:00, the hours, the announcements in force in the locale', async () => {
    const { status, body } = await call(`${hub.url}/api/v1/service?locale=en`);
    expect(status).to.equal(200);
    expect(body.open).to.equal(false);
    expect(body.nextChange).to.equal('2026-12-02T07:00:00.000Z');
    expect(body.timezone).to.equal('Europe/Paris');
    expect(body.hours).to.have.length(7);
    expect(body.hours[0]).to.deep.equal({ day: 'mon', from: '08:00', to: '20:00' });
    expect(body.announcements).to.deep.equal([
      {
        id: 'strike',
        text: 'Industrial action: longer delays.',
        links: [{ label: 'Complain online', url: 'https://www.masecurite.interieur.gouv.fr/' }],
        until: '2026-12-03T17:00:00.000Z',
      },
      { id: 'always', text: 'Pour une procuration, utilisez maprocuration.gouv.fr.' },
    ]);
    expect((await call(`${hub.url}/api/v1/service?locale=x`)).body.error.code).to.equal('invalid_locale');
    const openapi = (await call(`${hub.url}/api/v1/openapi.json`)).body;
    expect(openapi.paths['/api/v1/service'].get.parameters.map((p: { name: string }) => p.name)).to.include('locale');
  });

  it('shows the announcements in force first in a new conversation, then the welcome and its menu', async () => {
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    const { messages } = (await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token })).body;
    expect(messages.map((m: { from: string }) => m.from)).to.deep.equal(['bot', 'bot', 'bot']);
    expect(messages[0].text).to.equal('Mouvement social : délais allongés.');
    expect(messages[0].links).to.deep.equal([{ label: 'Porter plainte en ligne', url: 'https://www.masecurite.interieur.gouv.fr/' }]);
    expect(messages[1].text).to.equal('Pour une procuration, utilisez maprocuration.gouv.fr.');
    expect(messages[2].choices.map((c: { id: string }) => c.id)).to.deep.equal(['victim', 'report', 'information']);
    expect(JSON.stringify(messages)).not.to.include('Annonce terminée');
  });

  it('out of hours, a hand-off is queued with afterHours and the citizen gets when agents are back and a code', async () => {
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'je voudrais parler à un policier' } });
    const notice = await waitForMessage(hub.url, conv.id, conv.token, (m) => m.from === 'bot' && CODE.test(m.text));
    expect(notice.text).to.include('Je transmets votre demande');
    expect(notice.text).to.include('mercredi 2 décembre à 08:00');
    expect(notice.text).to.match(/code de suivi : [2-9A-Z]{4}-/);
    // The queue entry follows the hand-off's event, after the notice.
    const entry = await waitForQueueEntry(hub.url, agentToken, conv.id);
    expect(entry?.afterHours).to.equal(true);
    handed = { ...conv, code: CODE.exec(notice.text)![1] };
    // Only the code's keyed hash is kept.
    const keys = await hub.app.ctx.redis.keys('*followup*');
    expect(keys.length).to.be.greaterThan(0);
    for (const key of keys) expect(key).not.to.include(handed.code.replace(/-/g, ''));
  });

  it('resumes the conversation from another device with the code and reads the agent answer', async () => {
    // Next morning: an agent answers.
    await call(`${hub.url}/api/v1/agent/conversations/${handed.id}/claim`, { method: 'POST', token: agentToken });
    await call(`${hub.url}/api/v1/agent/conversations/${handed.id}/messages`, { token: agentToken, body: { text: 'Bonjour, je suis l’agente Ann.' } });
    // Another device: no token, only the code, typed in lower case with spaces.
    const typed = ` ${handed.code.toLowerCase().replace(/-/g, ' ')} `;
    const { status, body } = await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: typed } });
    expect(status).to.equal(200);
    expect(body.id).to.equal(handed.id);
    expect(body.token).to.be.a('string').and.not.equal(handed.token);
    const answer = await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'agent');
    expect(answer.text).to.equal('Bonjour, je suis l’agente Ann.');
    // The conversation follows its code: the first device's token no longer opens it.
    expect((await call(`${hub.url}/api/v1/conversations/${handed.id}/messages`, { token: handed.token })).status).to.equal(404);
  });

  it('answers 404 to wrong codes, 429 after ten in a minute, and forgets a code with its conversation', async () => {
    const wrong = [
      'AAAA-BBBB-CCCC',
      'k7qm-2xpa-9rtd',
      '2222 3333 4444',
      'ZZZZZZZZZZZZ',
      'not a code at all',
      'AAAA-BBBB-CCC1',
      'HHHH-JJJJ-KKKK',
      'MMMM-NNNN-PPPP',
      'QQQQ-RRRR-SSSS',
      'TTTT-WWWW-XXXX',
    ];
    for (const code of wrong) {
      const { status, body } = await call(`${hub.url}/api/v1/conversations/resume`, { body: { code } });
      expect([status, body.error.code], code).to.deep.equal([404, 'not_found']);
    }
    const refused = await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: handed.code } });
    expect([refused.status, refused.body.error.code]).to.deep.equal([429, 'rate_limited']);
    // A minute later (the hub's clock), the right code works again.
    await clock.tick(61_000);
    expect((await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: handed.code } })).status).to.equal(200);
    // Erased (quick exit, or purge after retention): the code leads nowhere and its link is gone.
    await hub.app.ctx.store.erase(handed.id);
    expect((await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: handed.code } })).status).to.equal(404);
    expect(await hub.app.ctx.redis.keys('*followup*')).to.deep.equal([]);
  });
});
