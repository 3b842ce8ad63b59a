/** Forwarding a case to the competent unit (issue 14): POST /api/v1/agent/conversations/{id}/forward
 * e-mails the agent's summary through SMTP_URL (a local smtp-server here) to an address or to a
 * station's mailbox from the directory, with the topic, date and reference — never the citizen's
 * address or words; audited with the target, never the text; an internal note records it. The
 * console's "Transmettre…" dialog in Chromium (station search, axe-core, a refused mailbox). */
import { expect } from 'chai';
import { StationDirectory, parseStationsCsv } from '../../src/stations/index.js';
import { call, startTestHub, type TestHub, useTestHub } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, type LaunchedBrowser, recordPageProblems } from '../helpers/browser.js';
import { decodeMail, startSmtp, type TestSmtp } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery';
const CITIZEN_EMAIL = 'camille.kerbrat-zyx@example.org';
const REQUEST = "Bonjour, mon ex-compagnon Kerbrat-Zyxwv me menace depuis une semaine, j'habite 12 rue des Lilas à Nantua.";
const SUMMARY =
  'Faits : menaces répétées par un ancien conjoint depuis une semaine.\nLieu : Nantua (01).\nQuand : chaque soir depuis le 3.\nSuite : la victime accepte d’être rappelée par la brigade.';
const UNIT = 'bta.nantua@gendarmerie.test';
const STATIONS = [
  'id;name;kind;address;postcode;commune;phone;lat;lon;hours;email',
  'gn-01-nantua;Brigade de gendarmerie de Nantua;gendarmerie;2 Rue du Collège;01130;Nantua;+33 4 74 75 00 17;46.1532;5.6094;;bta.nantua-01@gendarmerie.test',
  'gn-02-guise;Brigade de gendarmerie de Guise;gendarmerie;;02120;Guise;;49.8989;3.6279;;',
].join('\n');

describe('forwarding a case to a unit', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let redis: TestRedis;
  let hub: TestHub;
  const tokens: Record<string, string> = {};
  let id: string;
  let citizenToken: string;

  const url = () => hub.url;
  const forward = (who: string, body: unknown, conv = id) => call(`${url()}/api/v1/agent/conversations/${conv}/forward`, { token: tokens[who], body });

  after(async () => {
    await hub?.stop();
    await redis?.stop();
    await smtp?.stop();
  });
  before(async () => {
    smtp = await startSmtp({ refuse: (address) => address.startsWith('nobody@') });
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { SMTP_URL: smtp.url, MAIL_FROM: 'Relais <relais@example.gouv.fr>' });
    const accounts = hub.app.ctx.accounts;
    await accounts.add('ann', PASSWORD, 'agent', { display: 'Gendarme Ann' });
    await accounts.add('ben', PASSWORD, 'agent');
    await accounts.add('sue', PASSWORD, 'supervisor');
    await accounts.add('eddie', PASSWORD, 'editor');
    for (const name of ['ann', 'ben', 'sue', 'eddie']) {
      tokens[name] = (await call(`${url()}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
    const parsed = parseStationsCsv(STATIONS);
    expect(parsed.problems).to.deep.equal([]);
    await new StationDirectory(hub.app.ctx.redis, hub.app.config.redisPrefix).replace('units', parsed.stations);
    // A contact request: the citizen's address is the channel's, the strongest test of "never their contact".
    const opened = await call(`${url()}/api/v1/contact`, { body: { text: REQUEST, locale: 'fr', email: CITIZEN_EMAIL } });
    expect(opened.status).to.equal(201);
    ({ id, token: citizenToken } = opened.body);
  });

  it('refuses to forward a conversation nobody holds yet (claim it first)', async () => {
    const res = await forward('ann', { email: UNIT, summary: SUMMARY });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('not_waiting');
    expect(smtp.mails).to.have.length(0);
  });

  it('e-mails the summary, topic, date and reference to the address given, never the citizen\u2019s words or address', async () => {
    expect((await call(`${url()}/api/v1/agent/conversations/${id}/claim`, { token: tokens.ann, body: {} })).status).to.equal(200);
    const mailed = smtp.next();
    const res = await forward('ann', { email: UNIT, summary: SUMMARY });
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const mail = await mailed;
    expect(mail.to).to.deep.equal([UNIT]);
    const { headers, subject, text } = decodeMail(mail.raw);
    expect(headers.from).to.equal('Relais <relais@example.gouv.fr>');
    // The topic is the triage's reading of the request (violences or harcèlement for this one): its title, whichever.
    const { intent } = (await hub.app.ctx.store.get(id))!;
    const title = hub.app.ctx.runtime.current.content.knowledge.get(intent as never)?.title.fr;
    expect(['violences', 'harcelement']).to.include(intent);
    expect(subject).to.include(id).and.include(title!);
    expect(text).to.include(SUMMARY);
    expect(text).to.include(`Référence : ${id}`);
    expect(text).to.include(`Motif : ${title}`);
    expect(text).to.match(/Date de l'échange : \S+ \d{1,2} \S+ \d{4}/);
    expect(text).to.include('Transmis par : Gendarme Ann');
    for (const secret of [CITIZEN_EMAIL, 'kerbrat-zyx', 'Kerbrat-Zyxwv', 'rue des Lilas', citizenToken]) {
      expect(mail.raw.toLowerCase(), secret).not.to.include(secret.toLowerCase());
    }
    expect(smtp.mails).to.have.length(1);
  });

  it('keeps an internal note for colleagues, never shown to the citizen', async () => {
    const agentSide = (await call(`${url()}/api/v1/agent/conversations/${id}/messages`, { token: tokens.ann })).body.messages;
    const note = agentSide.find((m: { text: string }) => m.text.startsWith('Transmis à'));
    expect(note).to.include({ from: 'system', internal: true, text: `Transmis à ${UNIT} par ann (résumé envoyé par courriel)` });
    const citizenSide = (await call(`${url()}/api/v1/conversations/${id}/messages`, { token: citizenToken })).body.messages;
    expect(JSON.stringify(citizenSide)).not.to.include('Transmis');
    expect(JSON.stringify(agentSide)).not.to.include('menaces répétées'); // the summary is mailed, not stored
  });

  it("sends to a station's mailbox from the directory, which the public stations API never shows", async () => {
    const mailed = smtp.next();
    expect((await forward('ann', { stationId: 'gn-01-nantua', summary: SUMMARY })).status).to.equal(202);
    const mail = await mailed;
    expect(mail.to).to.deep.equal(['bta.nantua-01@gendarmerie.test']);
    expect(decodeMail(mail.raw).text).to.include(SUMMARY);
    const notes = (await call(`${url()}/api/v1/agent/conversations/${id}/messages`, { token: tokens.ann })).body.messages;
    expect(notes.at(-1).text).to.equal('Transmis à Brigade de gendarmerie de Nantua (bta.nantua-01@gendarmerie.test) par ann (résumé envoyé par courriel)');
    const nearby = await call(`${url()}/api/v1/stations?near=01130`);
    expect(nearby.body.stations[0].id).to.equal('gn-01-nantua');
    expect(JSON.stringify(nearby.body)).not.to.include('@');
  });

  it('audits each forward with its target, never the summary', async () => {
    const { body } = await call(`${url()}/api/v1/agent/audit?limit=50`, { token: tokens.sue });
    const forwards = body.entries.filter((e: { action: string }) => e.action === 'forward');
    expect(forwards.map((e: object) => ({ ...e, id: undefined, at: undefined }))).to.deep.equal([
      { id: undefined, at: undefined, actor: 'ann', action: 'forward', conversation: id, detail: 'gn-01-nantua' },
      { id: undefined, at: undefined, actor: 'ann', action: 'forward', conversation: id, detail: UNIT },
    ]);
    expect(JSON.stringify(body)).not.to.include('menaces');
  });

  it('lets a supervisor forward a conversation an agent holds', async () => {
    const mailed = smtp.next();
    expect((await forward('sue', { email: UNIT, summary: 'Faits : à vérifier par la brigade.' })).status).to.equal(202);
    expect(decodeMail((await mailed).raw).text).to.include('Transmis par : sue');
  });

  it('refuses a body without exactly one unit, an unknown station or one without e-mail, and too long a summary', async () => {
    const cases: [unknown, number, string][] = [
      [{ summary: SUMMARY }, 400, 'invalid_unit'],
      [{ email: UNIT, stationId: 'gn-01-nantua', summary: SUMMARY }, 400, 'invalid_unit'],
      [{ email: 'not an address', summary: SUMMARY }, 400, 'invalid_email'],
      [{ email: UNIT, summary: '   ' }, 400, 'invalid_summary'],
      [{ email: UNIT }, 400, 'invalid_summary'],
      [{ stationId: 'gn-99-nowhere', summary: SUMMARY }, 400, 'unknown_station'],
      [{ stationId: 'gn-02-guise', summary: SUMMARY }, 400, 'station_without_email'],
      [{ email: UNIT, summary: 'x'.repeat(4001) }, 413, 'too_long'],
    ];
    for (const [body, status, code] of cases) {
      const res = await forward('ann', body);
      expect([res.status, res.body.error?.code], JSON.stringify(body).slice(0, 80)).to.deep.equal([status, code]);
    }
  });

  it('refuses those who may not act on the conversation: 403 for an editor, 404 for an agent who does not hold it', async () => {
    expect((await forward('eddie', { email: UNIT, summary: SUMMARY })).status).to.equal(403);
    expect((await forward('ben', { email: UNIT, summary: SUMMARY })).status).to.equal(404);
    expect((await forward('ann', { email: UNIT, summary: SUMMARY }, '00000000-0000-4000-8000-000000000000')).status).to.equal(404);
    expect((await call(`${url()}/api/v1/agent/conversations/${id}/forward`, { body: { email: UNIT, summary: SUMMARY } })).status).to.equal(401);
  });

  it('answers 502 when the SMTP server refuses the unit\u2019s mailbox, and records nothing', async () => {
    const before = (await call(`${url()}/api/v1/agent/conversations/${id}/messages`, { token: tokens.ann })).body.messages.length;
    const res = await forward('ann', { email: 'nobody@gendarmerie.test', summary: SUMMARY });
    expect(res.status).to.equal(502);
    expect(res.body.error.code).to.equal('mail_failed');
    expect(res.body.error.message).not.to.include('nobody');
    expect((await call(`${url()}/api/v1/agent/conversations/${id}/messages`, { token: tokens.ann })).body.messages).to.have.length(before);
    const audit = (await call(`${url()}/api/v1/agent/audit?limit=50`, { token: tokens.sue })).body.entries;
    expect(audit.some((e: { detail?: string }) => e.detail?.startsWith('nobody'))).to.equal(false);
  });
});

describe('forwarding a case from the console, in Chromium', function () {
  this.timeout(90_000);
  let smtp: TestSmtp;
  let redis: TestRedis;
  let hub: TestHub;
  let browser: LaunchedBrowser;
  const problems: string[] = [];

  before(async () => {
    smtp = await startSmtp({ refuse: (address) => address.startsWith('nobody@') });
    redis = await startTestRedis();
    hub = await startTestHub(redis.url, { SMTP_URL: smtp.url, ROUTING_MODE: 'pick' });
    await hub.app.ctx.accounts.add('ann', PASSWORD, 'agent', { display: 'Gendarme Ann' });
    await new StationDirectory(hub.app.ctx.redis, hub.app.config.redisPrefix).replace('units', parseStationsCsv(STATIONS).stations);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
    await redis?.stop();
    await smtp?.stop();
  });

  it('sends the summary to a station found by its postcode, shows the note, passes axe, and says why a mailbox was refused', async () => {
    const { body } = await call(`${hub.url}/api/v1/contact`, { body: { text: REQUEST, locale: 'fr' } });
    const token = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: 'ann', password: PASSWORD } })).body.token;
    expect((await call(`${hub.url}/api/v1/agent/conversations/${body.id}/claim`, { token, body: {} })).status).to.equal(200);

    const page = await browser.context.newPage();
    recordPageProblems(page, problems);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${hub.url}/console`);
    await page.fill('#username', 'ann');
    await page.fill('#password', PASSWORD);
    await page.click('#login');
    await page.click(`#mine .mine-item[data-id="${body.id}"] button`);
    await page.click('#conv-forward:not([disabled])');
    await page.locator('#forward-dialog[open]').waitFor();
    expect(await page.inputValue('#forward-summary')).to.match(/^Faits : \nLieu : /);
    expect(await axeViolations(page)).to.deep.equal([]);

    await page.fill('#forward-near', '01130');
    await page.press('#forward-near', 'Enter');
    await page.locator('#forward-station option[value="gn-01-nantua"]').waitFor({ state: 'attached' });
    await page.selectOption('#forward-station', 'gn-01-nantua');
    await page.fill('#forward-summary', SUMMARY);
    const mailed = smtp.next();
    await page.click('#forward-submit');
    const mail = await mailed;
    expect(mail.to).to.deep.equal(['bta.nantua-01@gendarmerie.test']);
    expect(decodeMail(mail.raw).text).to.include(SUMMARY);
    await page.locator('#conv-messages .msg--internal', { hasText: 'Transmis à Brigade de gendarmerie de Nantua' }).waitFor();
    // The note comes through the console's socket, the dialog closes on the POST's answer: either may be first.
    await page.locator('#forward-dialog[open]').waitFor({ state: 'detached' });

    // A refused mailbox: said in the dialog, which stays open with the summary.
    await page.click('#conv-forward');
    await page.check('input[name="forward-mode"][value="email"]');
    await page.fill('#forward-email', 'nobody@gendarmerie.test');
    expect(await page.inputValue('#forward-summary')).to.match(/^Faits : \n/); // a sent summary is not offered again
    await page.fill('#forward-summary', SUMMARY);
    await page.click('#forward-submit');
    await page.locator('#forward-error', { hasText: "rien n'a été transmis" }).waitFor();
    expect(await page.inputValue('#forward-summary')).to.equal(SUMMARY);
    expect(problems).to.deep.equal([]);
  });
});

describe('forwarding without SMTP_URL', function () {
  this.timeout(60_000);
  const running = useTestHub();

  it('answers 503 mail_unavailable to whoever may act on the conversation, 404 to others', async () => {
    const url = running.hub.url;
    await running.hub.app.ctx.accounts.add('ann', PASSWORD, 'agent');
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'ann', password: PASSWORD } })).body.token;
    const { body } = await call(`${url}/api/v1/contact`, { body: { text: REQUEST, locale: 'fr' } });
    const forward = (conv: string) => call(`${url}/api/v1/agent/conversations/${conv}/forward`, { token, body: { email: UNIT, summary: SUMMARY } });
    expect((await forward('00000000-0000-4000-8000-000000000000')).status).to.equal(404);
    expect((await call(`${url}/api/v1/agent/conversations/${body.id}/claim`, { token, body: {} })).status).to.equal(200);
    const res = await forward(body.id);
    expect(res.status).to.equal(503);
    expect(res.body.error.code).to.equal('mail_unavailable');
    const audit = await running.hub.app.ctx.console.audit.list();
    expect(audit.some((e) => e.action === 'forward')).to.equal(false);
  });
});
