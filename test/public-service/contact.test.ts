/** The contact form (contract "Public-service features"): POST /api/v1/contact queues a written
 * request for agents, triaged like any message; an agent's answer reaches the citizen's e-mail
 * through SMTP_URL (a local smtp-server here), the address is never in Redis in clear, and it goes
 * with the conversation. Without SMTP_URL the form takes no e-mail. */
import { expect } from 'chai';
import { normaliseFollowUpCode } from '../../src/conversations/follow-up-code.js';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { everythingIn } from '../helpers/redis-dump.js';

const EMAIL = 'camille.kerbrat-zyx@example.org';
const REQUEST = 'Bonjour, je voudrais savoir où en est ma plainte pour le vol de mon velo Kerbrat-Zyxwv.';
const ANSWER = 'Bonjour, votre plainte 4521 est enregistree; le commissariat vous rappellera.';

describe('contact form', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let hub: TestHub;
  let smtp: TestSmtp;
  let agentToken: string;

  before(async () => {
    redis = await startTestRedis();
    smtp = await startSmtp();
    hub = await startTestHub(redis.url, { SMTP_URL: smtp.url, MAIL_FROM: 'Relais <relais@example.gouv.fr>' });
    await hub.app.ctx.accounts.add('alice', 'correct horse battery', 'agent');
    agentToken = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'alice', password: 'correct horse battery' } })).body.token;
  });
  after(async () => {
    await hub?.stop();
    await smtp?.stop();
    await redis?.stop();
  });

  it('says e-mail is available, and where the quick exit goes', async () => {
    const { status, body } = await call(`${hub.url}/api/v1/settings`);
    expect(status).to.equal(200);
    expect(body).to.deep.include({ email: true, quickExitUrl: 'https://www.google.fr/' });
  });

  it('queues the request for agents and e-mails their answer, never keeping the address in clear', async () => {
    const { status, body } = await call(`${hub.url}/api/v1/contact`, { body: { text: REQUEST, locale: 'en', email: EMAIL } });
    expect(status).to.equal(201);
    expect(body).to.have.keys('id', 'token', 'code', 'urgent');
    expect(body.urgent).to.equal(false);
    expect(body.code.replace(/[^A-Z0-9]/g, '')).to.have.length.of.at.least(10);
    const { id, code } = body;
    let { token } = body;

    const waiting = (await call(`${hub.url}/api/v1/agent/queue`, { token: agentToken })).body.waiting.find((w: any) => w.id === id);
    expect(waiting).to.include({ channel: 'contact', urgent: false });
    expect(waiting.summary).to.include('Kerbrat-Zyxwv');
    // The citizen may read the conversation with the token: their text, then the confirmation.
    const read = (await call(`${hub.url}/api/v1/conversations/${id}/messages`, { token })).body.messages;
    expect(read[0]).to.include({ from: 'citizen', text: REQUEST });
    expect(read.some((m: any) => m.from === 'system' && /passed on/.test(m.text))).to.equal(true);
    expect(read.some((m: any) => m.choices)).to.equal(false); // no menu: straight to the agents

    const dump = await everythingIn(hub.app.ctx.redis);
    expect(dump).to.include('Kerbrat-Zyxwv');
    for (const secret of [EMAIL, 'kerbrat-zyx@', normaliseFollowUpCode(code)!, code]) expect(dump, secret).not.to.include(secret);
    // The code resumes the request like a hand-off's (any case, spaces for dashes).
    const resumed = await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: code.toLowerCase().replace(/-/g, ' ') } });
    expect(resumed.status).to.equal(200);
    expect(resumed.body.id).to.equal(id);
    token = resumed.body.token; // the resumed token replaces the first one

    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/claim`, { method: 'POST', token: agentToken })).status).to.equal(200);
    const mailed = smtp.next();
    expect((await call(`${hub.url}/api/v1/agent/conversations/${id}/messages`, { token: agentToken, body: { text: ANSWER } })).status).to.be.oneOf([200, 202]);
    const mail = await mailed;
    expect(mail.to).to.deep.equal([EMAIL]);
    expect(mail.raw).to.match(/^From: Relais <relais@example\.gouv\.fr>/m);
    expect(mail.raw).to.include('Here is the answer to your message');
    expect(mail.raw.replace(/=\r?\n/g, '')).to.include(ANSWER);
    expect(mail.raw).not.to.include('Kerbrat-Zyxwv'); // the answer, not the request
    expect(smtp.mails).to.have.length(1); // "an agent joined" and queue notices stay in the transcript

    // The quick exit takes the address and the follow-up code with the conversation.
    expect((await call(`${hub.url}/api/v1/conversations/${id}`, { method: 'DELETE', token })).status).to.equal(204);
    expect((await call(`${hub.url}/api/v1/conversations/resume`, { body: { code } })).status).to.equal(404);
    const left = await everythingIn(hub.app.ctx.redis);
    // (The audit log keeps its id: who claimed and answered which conversation, never a word.)
    for (const trace of ['Kerbrat-Zyxwv', ANSWER, 'votre plainte 4521']) expect(left, trace).not.to.include(trace);
  });

  it('gives the emergency numbers at once and puts a danger first in line', async () => {
    const { status, body } = await call(`${hub.url}/api/v1/contact`, { body: { text: 'il me frappe maintenant, au secours, il est dans la maison' } });
    expect(status).to.equal(201);
    expect(body.urgent).to.equal(true);
    const read = (await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token })).body.messages;
    expect(read.find((m: any) => m.urgent)?.text).to.include('17');
    const waiting = (await call(`${hub.url}/api/v1/agent/queue`, { token: agentToken })).body.waiting;
    expect(waiting[0]).to.include({ id: body.id, urgent: true });
  });

  it('answers in the language the text is written in when none is given', async () => {
    const { body } = await call(`${hub.url}/api/v1/contact`, { body: { text: 'Hello, my bike was stolen yesterday near the station, how do I report it?' } });
    const read = (await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token })).body.messages;
    expect(read.find((m: any) => m.from === 'system')?.text).to.match(/passed on/);
  });

  it('refuses what is not a request', async () => {
    const post = (b: unknown) => call(`${hub.url}/api/v1/contact`, { body: b });
    const cases: [unknown, number, string][] = [
      [{}, 400, 'invalid_text'],
      [{ text: '   ' }, 400, 'invalid_text'],
      [{ text: 42 }, 400, 'invalid_text'],
      [{ text: 'bonjour', email: 'not an address' }, 400, 'invalid_email'],
      [{ text: 'bonjour', email: `${'a'.repeat(250)}@example.org` }, 400, 'invalid_email'],
      [{ text: 'bonjour', locale: 'français' }, 400, 'invalid_locale'],
      [{ text: 'x'.repeat(4001) }, 413, 'too_long'],
    ];
    for (const [b, status, code] of cases) {
      const res = await post(b);
      expect(res.status, JSON.stringify(b).slice(0, 60)).to.equal(status);
      expect(res.body.error.code, JSON.stringify(b).slice(0, 60)).to.equal(code);
    }
    expect((await call(`${hub.url}/api/v1/contact`, { raw: '{"text":' })).body.error.code).to.equal('invalid_json');
  });

  describe('without SMTP_URL', () => {
    let plain: TestHub;
    before(async () => {
      plain = await startTestHub(redis.url, { REDIS_PREFIX: 'plain' });
    });
    after(() => plain?.stop());

    it('takes no e-mail, and says so', async () => {
      expect((await call(`${plain.url}/api/v1/settings`)).body.email).to.equal(false);
      const refused = await call(`${plain.url}/api/v1/contact`, { body: { text: REQUEST, email: EMAIL } });
      expect(refused.status).to.equal(400);
      expect(refused.body.error.code).to.equal('email_unavailable');
      expect(await everythingIn(plain.app.ctx.redis)).not.to.include(EMAIL);
      const taken = await call(`${plain.url}/api/v1/contact`, { body: { text: REQUEST } });
      expect(taken.status).to.equal(201);
    });
  });
});
