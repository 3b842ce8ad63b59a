/** The privacy promise in memory (docs/security.md, "What is kept"): past a request, a hub process holds a
 * conversation's words in one case only, the copy a long-poll takes right after its POST. A hub as
 * `npm start` runs it, in its own process with its inspector on loopback; citizens talk to it (an answered
 * question, a danger handed to the agents, a quick exit); then its heap, after a full collection, is
 * searched for their words. */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heapSnapshot, retainersOf } from '../helpers/heap.js';
import { ROOT } from '../helpers/hub.js';
import { freePort, startTestRedis, type TestRedis } from '../helpers/redis.js';

/** A word no content, corpus or code holds: made here, so only what the hub was sent can hold it. */
function unheardWord(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + randomInt(26))).join('');
}

describe('privacy in memory', function () {
  // The hub trains its triage model at its first start (a fresh DATA_DIR): ~20 s, more on a busy machine.
  this.timeout(180_000);
  let redis: TestRedis;
  let hub: ChildProcess;
  let dataDir: string;
  let url: string;
  let inspectorPort: number;

  before(async () => {
    redis = await startTestRedis();
    dataDir = mkdtempSync(join(tmpdir(), 'relais-heap-'));
    inspectorPort = await freePort();
    hub = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', `--inspect=127.0.0.1:${inspectorPort}`, 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redis.url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      const read = (d: Buffer): void => {
        output += d;
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
      };
      hub.stdout!.on('data', read);
      hub.stderr!.on('data', read);
      hub.once('exit', (code) => reject(new Error(`the hub exited (${code}):\n${output}`)));
    });
  });

  after(async () => {
    if (hub && hub.exitCode === null) {
      const exited = new Promise((resolve) => hub.once('exit', resolve));
      hub.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
  }

  /** A conversation in which each text is posted and answered (its answer read by a long-poll). */
  async function converse(texts: string[]): Promise<{ id: string; token: string; answers: string[] }> {
    const { id, token } = (await call('POST', '/api/v1/conversations', undefined, { locale: 'fr' })).body;
    const answers: string[] = [];
    for (const text of texts) {
      const posted = await call('POST', `/api/v1/conversations/${id}/messages`, token, { text });
      expect(posted.status, text).to.equal(202);
      const poll = await call('GET', `/api/v1/conversations/${id}/messages?after=${posted.body.seq}&wait=10000`, token);
      answers.push(...poll.body.messages.map((m: { text: string }) => m.text));
    }
    return { id, token, answers };
  }

  it("keeps no citizen's words once their messages are answered, handed off or erased", async () => {
    const [name, neighbour, attacker, street] = [unheardWord(), unheardWord(), unheardWord(), unheardWord()];
    const phone = `06${randomInt(10_000_000, 99_999_999)}`;
    // Answered by the bot, left open.
    await converse([`bonjour je m'appelle ${name}, mon numéro est le ${phone}`, `mon voisin ${neighbour} a volé mon vélo`]);
    // A danger now: the emergency numbers, then a hand-off to the agents' queue.
    const urgent = await converse([`au secours ${attacker} me frappe maintenant rue ${street}`, 'oui']);
    expect(urgent.answers.join(' ')).to.match(/17|112/);
    // Another conversation, erased by its citizen (quick exit).
    const erased = await converse([`${name} ${neighbour} : je veux porter plainte`]);
    expect((await call('DELETE', `/api/v1/conversations/${erased.id}`, erased.token)).status).to.equal(204);

    const snapshot = await heapSnapshot(inspectorPort);
    for (const word of [name, phone, neighbour, attacker, street]) {
      const held = retainersOf(snapshot, word);
      expect(held, `the hub still holds "${word}":\n${held.slice(0, 3).join('\n')}`).to.deep.equal([]);
    }
  });
});
