/** Scale-out that survives the loss of its Redis primary: a primary, a replica and a Sentinel on
 * loopback (Debian's redis-sentinel); the primary is killed mid-conversation; after the failover
 * every accepted message is answered, once. */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { call, startTestHub, type TestHub } from '../helpers/hub.js';
import { freePort } from '../helpers/redis.js';

const NAME = 'relais-failover';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function serve(args: string[], binary = 'redis-server'): ChildProcess {
  return spawn(binary, args, { stdio: 'ignore' });
}

describe('Redis Sentinel failover', function () {
  this.timeout(60_000);
  const children: ChildProcess[] = [];
  let dir: string;
  let hub: TestHub;
  let primaryPort: number;
  let replicaPort: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relais-sentinel-'));
    [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const sentinelPort = await freePort();
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
    children.push(serve(['--port', String(primaryPort), '--dir', dir, '--dbfilename', 'p.rdb', ...common]));
    children.push(serve(['--port', String(replicaPort), '--dir', dir, '--dbfilename', 'r.rdb', '--replicaof', '127.0.0.1', String(primaryPort), ...common]));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 1`,
        `sentinel down-after-milliseconds ${NAME} 1000`,
        `sentinel failover-timeout ${NAME} 5000`,
        `sentinel parallel-syncs ${NAME} 1`,
        '',
      ].join('\n'),
    );
    children.push(serve([conf], 'redis-sentinel'));
    const replica = new Redis({ port: replicaPort, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
    replica.on('error', () => {});
    await until(async () => {
      if (replica.status !== 'ready') await replica.connect();
      return /master_link_status:up/.test(await replica.info('replication'));
    }, 'the replica in sync');
    replica.disconnect();
    // The sentinel learns of the replica from the primary's INFO: wait until it knows it can promote it.
    const sentinel = new Redis({ port: sentinelPort, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100 });
    sentinel.on('error', () => {});
    await until(async () => {
      if (sentinel.status !== 'ready') await sentinel.connect();
      return ((await sentinel.call('SENTINEL', 'REPLICAS', NAME)) as unknown[]).length > 0;
    }, 'the sentinel aware of the replica');
    sentinel.disconnect();
    hub = await startTestHub('', { REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: NAME });
  });
  after(async () => {
    await hub?.stop();
    for (const child of children) child.kill('SIGKILL');
    // A child killed by a signal has a signalCode and no exitCode: both null means still running.
    await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers, once, every message accepted before and after the primary dies', async () => {
    const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: {} });
    const base = `${hub.url}/api/v1/conversations/${conv.id}/messages`;
    const questions = ['où trouver une attestation de déplacement ?', 'comment faire une procuration ?', 'comment porter plainte pour un vol ?'];
    const accepted: number[] = [];
    const ask = async (text: string): Promise<void> => {
      await until(async () => {
        const res = await call(base, { token: conv.token, body: { text } });
        if (res.status === 202) accepted.push(res.body.seq);
        return res.status === 202;
      }, `"${text}" accepted`);
    };
    await ask(questions[0]);
    children[0].kill('SIGKILL'); // the primary, mid-conversation
    await ask(questions[1]); // refused (503) until the replica is promoted, then accepted
    await ask(questions[2]);
    const answered = async () => {
      const { body } = await call(base, { token: conv.token });
      const messages: { seq: number; from: string; text: string; choices?: unknown[] }[] = body.messages ?? [];
      // Each accepted question has its own answer's "did it help?" after it (a count: the answer to one
      // question comes after every question asked before it, so "one after each" would not show a missing one).
      const helped = messages.filter((m) => m.from === 'bot' && /vous aide-t-elle/.test(m.text)).map((m) => m.seq);
      return helped.length >= accepted.length && accepted.every((seq) => helped.some((h) => h > seq));
    };
    await until(answered, 'every accepted message answered');
    const { body } = await call(base, { token: conv.token });
    const citizen = body.messages.filter((m: { from: string }) => m.from === 'citizen').map((m: { text: string }) => m.text);
    expect(citizen).to.deep.equal(questions);
    const transcript = body.messages.map((m: { seq: number; from: string; text: string }) => `${m.seq} ${m.from} ${m.text.slice(0, 40)}`).join('\n');
    expect(
      body.messages.filter((m: { text: string }) => /vous aide-t-elle/.test(m.text)),
      transcript,
    ).to.have.length(3);
  });
});
