/** Canned answers edited in the console (issue 14): categories, variables and languages validated like
 * the content files; editors and supervisors PUT the list, which is checked like `relais validate`,
 * written atomically and served by every hub process; agents get the answers of the conversation's
 * language by category, and each filled in when they insert it. */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { CONTENT_DIR, call, copyContent, startTestHub, type TestHub, waitForMessage } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

const PASSWORD = 'correct horse battery';

describe('canned answers: knowledge/canned.yaml', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-canned-'));
    copyContent(CONTENT_DIR, dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads categories, languages and variables from the real file', async () => {
    const { content, problems } = await loadContent(CONTENT_DIR);
    expect(problems).to.deep.equal([]);
    const code = content!.canned.find((c) => c.id === 'code-suivi')!;
    expect(code.category).to.equal('Suivi');
    expect(code.text.fr).to.include('{{code}}');
  });

  it('reports an unknown variable, a repeated id, an unknown field and an answer without text at their lines', async () => {
    writeFileSync(
      join(dir, 'knowledge/canned.yaml'),
      [
        '- id: bonjour',
        '  category: Accueil',
        '  text:',
        '    fr: "Bonjour {{citoyen}}, je suis {{agent}}."',
        '- id: bonjour',
        '  text: { ar: "مرحبا" }',
        '- id: vide',
        '  catgory: Accueil',
        '  text: {}',
        '',
      ].join('\n'),
    );
    const { content, problems } = await loadContent(dir);
    expect(content).to.equal(undefined);
    const lines = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(lines).to.include('knowledge/canned.yaml:4: "{{citoyen}}" is not a canned answer variable (they are: {{agent}}, {{station}}, {{code}})');
    expect(lines).to.include('knowledge/canned.yaml:5: canned answer id "bonjour" is used twice');
    expect(lines.some((l) => l.startsWith('knowledge/canned.yaml:8: unknown field "catgory"'))).to.equal(true);
    expect(lines).to.include('knowledge/canned.yaml:9: canned answer "vide" has no text: give it in at least one language');
  });
});

describe('canned answers: the API', function () {
  this.timeout(60_000);
  let dir: string;
  let redis: TestRedis;
  let hub: TestHub;
  let other: TestHub;
  const tokens: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-canned-live-'));
    copyContent(CONTENT_DIR, dir);
    redis = await startTestRedis();
    // Two processes sharing the content folder and Redis, as in production.
    hub = await startTestHub(redis.url, { CONTENT_DIR: dir }, { watchContent: true });
    other = await startTestHub(redis.url, { CONTENT_DIR: dir }, { watchContent: true });
    const { accounts } = hub.app.ctx;
    await accounts.add('eve', PASSWORD, 'editor');
    await accounts.add('sue', PASSWORD, 'supervisor');
    await accounts.add('julie', PASSWORD, 'agent', { display: 'Gendarme Julie' });
    for (const name of ['eve', 'sue', 'julie']) {
      tokens[name] = (await call(`${hub.url}/api/v1/agent/session`, { body: { username: name, password: PASSWORD } })).body.token;
    }
  });
  after(async () => {
    await other?.stop();
    await hub?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (url: string, token: string, canned: unknown) => call(`${url}/api/v1/agent/canned`, { method: 'PUT', token, body: { canned } });

  it('lets an editor change the list: written atomically, served at once by this process and soon by the other', async () => {
    const { body } = await call(`${hub.url}/api/v1/agent/canned`, { token: tokens.eve });
    // Sent back as listed (with the `languages` and null categories the API adds).
    const list = body.canned;
    const accueil = list.find((c: any) => c.id === 'accueil');
    accueil.text.fr = 'Bonjour, ici la brigade numérique. Je lis votre message.';
    list.push({ id: 'salam', category: 'Accueil', text: { ar: 'مرحبا، أنا {{agent}}.' } });

    const saved = await put(hub.url, tokens.eve, list);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect(saved.body.canned.find((c: any) => c.id === 'accueil').text.fr).to.equal(accueil.text.fr);
    expect(readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8')).to.include('ici la brigade numérique');
    expect(readdirSync(join(dir, 'knowledge')).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);

    // The other process reads the file through its content watcher.
    const served = async () => (await call(`${other.url}/api/v1/agent/canned?locale=fr`, { token: tokens.eve })).body.canned;
    for (let i = 0; i < 100 && !(await served()).some((c: any) => c.text.includes('brigade numérique')); i++) await new Promise((r) => setTimeout(r, 100));
    const there = await served();
    expect(there.find((c: any) => c.id === 'accueil').text).to.equal(accueil.text.fr);
    expect(there.find((c: any) => c.id === 'salam')).to.include({ category: 'Accueil' });
    expect(other.app.ctx.runtime.current.content.version).to.equal(hub.app.ctx.runtime.current.content.version);

    const audit = (await call(`${hub.url}/api/v1/agent/audit`, { token: tokens.sue })).body.entries;
    expect(audit.some((e: any) => e.actor === 'eve' && e.action === 'edit_canned')).to.equal(true);
  });

  it('refuses a change with 422 and every file:line problem, keeping the file and the version in force', async () => {
    const before = readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8');
    const version = hub.app.ctx.runtime.current.content.version;
    const refused = await put(hub.url, tokens.sue, [
      { id: 'ok', text: { fr: 'Bonjour.' } },
      { id: 'mauvais', text: { fr: 'Votre dossier {{numero}}.' }, links: [{ label: { fr: 'Site' }, url: 'http://non-securise.fr' }] },
    ]);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('invalid_content');
    expect(refused.body.error.problems.some((p: string) => /^knowledge\/canned\.yaml:\d+: "\{\{numero\}\}" is not a canned answer variable/.test(p))).to.equal(
      true,
    );
    expect(refused.body.error.problems.some((p: string) => /^knowledge\/canned\.yaml:\d+: link url must be a full https/.test(p))).to.equal(true);
    expect(readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8')).to.equal(before);
    expect(hub.app.ctx.runtime.current.content.version).to.equal(version);
    expect((await call(`${hub.url}/api/v1/agent/canned`, { method: 'PUT', token: tokens.eve, body: { canned: 'nope' } })).status).to.equal(400);
  });

  it('refuses with 409 a save started from a list a colleague has changed since', async () => {
    const { body } = await call(`${hub.url}/api/v1/agent/canned`, { token: tokens.eve });
    const stale = body.fileVersion;
    expect(stale).to.match(/^[0-9a-f]{12}$/);
    const change = (id: string, fr: string) => body.canned.map((c: any) => (c.id === id ? { ...c, text: { ...c.text, fr } } : c));
    // A colleague saves first, from the same list.
    const first = await call(`${hub.url}/api/v1/agent/canned`, {
      method: 'PUT',
      token: tokens.sue,
      body: { canned: change('accueil', 'Bonjour, je vous lis.'), version: stale },
    });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body.fileVersion).not.to.equal(stale);
    // Saving over it would undo their change without anyone knowing: refused.
    const second = await call(`${hub.url}/api/v1/agent/canned`, {
      method: 'PUT',
      token: tokens.eve,
      body: { canned: change('fin', 'Je clôture.'), version: stale },
    });
    expect([second.status, second.body.error.code]).to.deep.equal([409, 'conflict']);
    expect(readFileSync(join(dir, 'knowledge/canned.yaml'), 'utf8')).to.include('Bonjour, je vous lis.');
    const third = await call(`${hub.url}/api/v1/agent/canned`, {
      method: 'PUT',
      token: tokens.eve,
      body: { canned: first.body.canned, version: first.body.fileVersion },
    });
    expect(third.status).to.equal(200);
  });

  it('is for editors and supervisors only', async () => {
    const res = await put(hub.url, tokens.julie, [{ id: 'x', text: { fr: 'x' } }]);
    expect([res.status, res.body.error.code]).to.deep.equal([403, 'forbidden']);
    expect((await put(hub.url, '', [])).status).to.equal(401);
  });

  it("gives an agent the answers of the conversation's language by category, and fills the variables on insertion", async () => {
    const { body } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
    await call(`${hub.url}/api/v1/conversations/${body.id}/messages`, { token: body.token, body: { text: 'je voudrais parler à un policier' } });
    await waitForMessage(hub.url, body.id, body.token, (m) => m.from === 'system' && /position/.test(m.text));
    expect((await call(`${hub.url}/api/v1/agent/conversations/${body.id}/claim`, { method: 'POST', token: tokens.julie })).status).to.equal(200);

    const listed = (await call(`${hub.url}/api/v1/agent/conversations/${body.id}/canned`, { token: tokens.julie })).body;
    expect(listed.locale).to.equal('fr');
    const names = listed.categories.map((c: any) => c.category);
    expect(names).to.include.members(['Accueil', 'Orientation', 'Suivi']);
    expect([...names].filter((n: string | null) => n !== null)).to.deep.equal(
      [...names].filter((n: string | null) => n !== null).sort((a: string, b: string) => a.localeCompare(b, 'fr')),
    );
    const ids = listed.categories.flatMap((c: any) => c.answers.map((a: any) => a.id));
    expect(ids).to.include('accueil');
    expect(ids, 'an answer written only in Arabic is not offered in French').not.to.include('salam');

    const insert = (cannedId: string) => call(`${hub.url}/api/v1/agent/conversations/${body.id}/canned/${cannedId}`, { token: tokens.julie, body: {} });
    const hello = (await insert('presentation')).body;
    expect(hello).to.include({ text: 'Bonjour, je suis Gendarme Julie, de la plateforme en ligne. Je lis votre message.' });
    expect(hello.missing).to.deep.equal([]);
    const code = (await insert('code-suivi')).body;
    const shown = /: (\S.*)$/.exec(code.text)![1];
    expect(shown).not.to.include('{{');
    // The code given is a real follow-up code of this conversation.
    expect((await call(`${hub.url}/api/v1/conversations/resume`, { body: { code: shown } })).body.id).to.equal(body.id);
    const station = (await insert('rendez-vous')).body;
    expect(station.text).to.include('{{station}}');
    expect(station.missing).to.deep.equal(['station']);
    expect((await insert('salam')).status).to.equal(404);
    expect((await call(`${hub.url}/api/v1/agent/conversations/${body.id}/canned/accueil`, { token: tokens.eve, body: {} })).status).to.equal(403);
  });
});
