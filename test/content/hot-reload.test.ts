/** Editors change flows/ and knowledge/ while the hub runs: a valid change is live within moments,
 * a broken one is refused and the running version stays. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { ROOT, call, copyContent } from '../helpers/hub.js';
import { startTestRedis, type TestRedis } from '../helpers/redis.js';

async function welcomeText(url: string): Promise<string> {
  const { body } = await call(`${url}/api/v1/conversations`, { body: { locale: 'fr' } });
  return (await call(`${url}/api/v1/conversations/${body.id}/messages`, { token: body.token })).body.messages[0].text;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(await check()).to.equal(true);
}

describe('content hot reload', function () {
  this.timeout(30_000);
  let dir: string;
  let redis: TestRedis;
  let app: App;
  let url: string;
  const warnings: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-live-'));
    copyContent(ROOT, dir);
    redis = await startTestRedis();
    const quiet = createLogger('silent');
    app = await createApp(readConfig({ PORT: '0', REDIS_URL: redis.url, CONTENT_DIR: dir, RATE_LIMITS: 'off' }), {
      log: { ...quiet, warn: (msg) => warnings.push(msg) },
      watchContent: true,
    });
    url = await app.listen();
  });
  after(async () => {
    await app?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves an edited welcome without a restart, and keeps it when a later edit is broken', async () => {
    const file = join(dir, 'flows/main.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('Bonjour, vous êtes sur le tchat', 'Bonsoir, vous êtes sur le tchat'));
    await until(async () => (await welcomeText(url)).startsWith('Bonsoir'));
    const version = app.ctx.runtime.current.content.version;

    writeFileSync(file, original.replace('goto: victim\n', 'goto: nowhere\n').replace('Bonjour, vous', 'Salut, vous'));
    await until(async () => warnings.some((w) => /content change rejected[\s\S]*main\.yaml:\d+: .*nowhere/.test(w)));
    expect(app.ctx.runtime.current.content.version).to.equal(version);
    expect(await welcomeText(url)).to.match(/^Bonsoir/);
    // Editors see the refusal in the console's content preview, with the line to fix.
    await app.ctx.accounts.add('eve', 'correct horse battery', 'editor');
    const token = (await call(`${url}/api/v1/agent/session`, { body: { username: 'eve', password: 'correct horse battery' } })).body.token;
    const preview = (await call(`${url}/api/v1/agent/content`, { token })).body;
    expect(preview.version).to.equal(version);
    expect(preview.rejected.problems.some((p: string) => /^flows\/main\.yaml:\d+: .*nowhere/.test(p))).to.equal(true);
    // Fixed: the refusal is gone.
    writeFileSync(file, original);
    await until(async () => (await call(`${url}/api/v1/agent/content`, { token })).body.rejected === undefined);
  });

  it('serves an edited legal page (flows/pages/) without a restart', async () => {
    const file = join(dir, 'flows/pages/mentions-legales.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace("À compléter par l'exploitant.", 'Madame la préfète de police.'));
    await until(async () => (await (await fetch(`${url}/mentions-legales`)).text()).includes('Madame la préfète de police.'));
  });
});
