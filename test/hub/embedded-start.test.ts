/** Acceptance 1 and 4: `npm start` with no configuration runs the whole hub on an embedded Redis,
 * and a conversation waiting for an agent survives kill -9 of the hub and a restart. */
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { CONTENT_DIR, ROOT, call, waitForMessage } from '../helpers/hub.js';
import { freePort } from '../helpers/redis.js';
import { redisAnswers, socketPathFor } from '../../src/redis/embedded.js';

function startHub(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code}):\n${output}`));
    });
  });
}

/** Kills the whole process group (npm, tsx and node) the way a crash would. */
function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

/** Runs `src/main.ts` to its end (it is expected to refuse to start); its exit status and stderr lines. */
function startRefused(env: Record<string, string>): { status: number | null; lines: string[] } {
  const out = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'silent', ...env },
  });
  const lines = out.stderr
    .toString()
    .trim()
    .split('\n')
    .filter((l) => !/DEP0111|trace-deprecation/.test(l));
  return { status: out.status, lines };
}

describe('npm start with no configuration', function () {
  this.timeout(90_000);
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relais-data-'));
    env = { DATA_DIR: dataDir, PORT: String(await freePort()), CONTENT_DIR };
  });
  after(async () => {
    // The embedded redis-server outlives a SIGKILLed hub by design (the next start reuses it): stop it.
    const redis = new Redis({ path: socketPathFor(dataDir), lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => {});
    await redis
      .connect()
      .then(() => redis.shutdown('NOSAVE' as never))
      .catch(() => {});
    redis.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /health, and a waiting conversation survives kill -9 and a restart', async () => {
    const first = await startHub(env);
    expect((await call(`${first.url}/health`)).status).to.equal(200);
    expect(first.output()).to.include('embedded redis-server');

    const { body: conv } = await call(`${first.url}/api/v1/conversations`, { body: {} });
    await call(`${first.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token, body: { text: 'je veux parler à un agent' } });
    await waitForMessage(first.url, conv.id, conv.token, (m) => m.from === 'system');
    await killHard(first.child);

    const second = await startHub(env);
    try {
      const health = await call(`${second.url}/health`);
      expect(health.status).to.equal(200);
      const { execFileSync } = await import('node:child_process');
      execFileSync(process.execPath, [`${ROOT}/bin/relais.js`, 'agents', 'add', 'carol', '--role', 'agent'], {
        input: 'a-long-password\n',
        env: { ...process.env, ...env, REDIS_URL: '', LOG_LEVEL: 'silent' },
        cwd: ROOT,
      });
      const { body: session } = await call(`${second.url}/api/v1/agent/session`, { body: { username: 'carol', password: 'a-long-password' } });
      const queue = await call(`${second.url}/api/v1/agent/queue`, { token: session.token });
      expect(queue.body.waiting.map((w: any) => w.id)).to.include(conv.id);
      const transcript = await call(`${second.url}/api/v1/conversations/${conv.id}/messages`, { token: conv.token });
      expect(transcript.body.messages.some((m: any) => m.text === 'je veux parler à un agent')).to.equal(true);
    } finally {
      // An operator's `kill <pid of npm start>`: npm, node and the embedded redis-server all stop.
      const exited = new Promise((r) => second.child.once('exit', r));
      process.kill(second.child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it('leaves nothing running after a stop, and says in one line why a second start cannot run', async () => {
    const hub = await startHub(env);
    const { status, lines } = startRefused(env);
    expect(status).to.equal(1);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/in use by another hub/);
    const exited = new Promise((r) => hub.child.once('exit', r));
    process.kill(hub.child.pid!, 'SIGTERM');
    await exited;
    expect(await redisAnswers(socketPathFor(dataDir))).to.equal(false);
  });

  it('says in one line that the port is taken, and leaves no redis-server behind', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dir = join(dataDir, 'port-taken');
    try {
      const { status, lines } = startRefused({ ...env, PORT: String(port), DATA_DIR: dir });
      expect(status).to.equal(1);
      expect(lines).to.deep.equal([`relais could not start: port ${port} on 127.0.0.1 is already in use (another hub running? set PORT)`]);
      expect(await redisAnswers(socketPathFor(dir))).to.equal(false);
    } finally {
      taken.close();
    }
  });

  it('says in one line how to get Redis when redis-server is missing', async () => {
    const { status, lines } = startRefused({ ...env, REDIS_SERVER_BIN: '/nonexistent/redis-server', DATA_DIR: join(dataDir, 'missing') });
    expect(status).to.equal(1);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/redis-server.*not found.*apt-get install redis-server.*REDIS_URL/);
  });
});
