/** A Sentinel-watched primary and replica on loopback (Debian's redis-server and redis-sentinel), for the
 * failover tests. Everything runs in its own folder and is killed by `stop()`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './redis.js';
import { until } from './until.js';

export interface SentinelTopology {
  /** The name the sentinel watches (REDIS_SENTINEL_NAME). */
  name: string;
  primaryPort: number;
  replicaPorts: number[];
  sentinelPort: number;
  /** Hub environment for this topology. */
  env: Record<string, string>;
  /** kill -9 of the primary's process. */
  killPrimary(): void;
  /** kill -9 of every replica's process. */
  killReplicas(): void;
  /** A plain client of one of the servers (or of the sentinel), closed by `stop()`. */
  client(port: number): Redis;
  stop(): Promise<void>;
}

/** `replicas`: how many replicas the primary has (1 by default). */
export async function startSentinelTopology(name: string, options: { replicas?: number } = {}): Promise<SentinelTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-sentinel-'));
  const [primaryPort, sentinelPort] = [await freePort(), await freePort()];
  const replicaPorts: number[] = [];
  for (let i = 0; i < (options.replicas ?? 1); i++) replicaPorts.push(await freePort());
  const children: ChildProcess[] = [];
  const clients: Redis[] = [];
  const serve = (args: string[], binary = 'redis-server'): ChildProcess => {
    const child = spawn(binary, args, { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const client = (port: number): Redis => {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    clients.push(redis);
    return redis;
  };
  const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
  const primary = serve(['--port', String(primaryPort), '--dir', dir, '--dbfilename', 'p.rdb', ...common]);
  const replicaProcesses = replicaPorts.map((port) =>
    serve(['--port', String(port), '--dir', dir, '--dbfilename', `r${port}.rdb`, '--replicaof', '127.0.0.1', String(primaryPort), ...common]),
  );
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 30000`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  serve([conf], 'redis-sentinel');
  const topology: SentinelTopology = {
    name,
    primaryPort,
    replicaPorts,
    sentinelPort,
    env: { REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: name },
    killPrimary: () => void primary.kill('SIGKILL'),
    killReplicas: () => {
      for (const replica of replicaProcesses) replica.kill('SIGKILL');
    },
    client,
    stop: async () => {
      for (const redis of clients) redis.disconnect();
      for (const child of children) child.kill('SIGKILL');
      // A child killed by a signal has a signalCode and no exitCode: both null means still running.
      await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const port of replicaPorts) {
      const replica = client(port);
      await until(async () => /master_link_status:up/.test(await replica.info('replication')), 'the replica in sync');
    }
    // The sentinel learns of the replicas from the primary's INFO: wait until it knows it can promote them.
    const sentinel = client(sentinelPort);
    await until(
      async () => ((await sentinel.call('SENTINEL', 'REPLICAS', name)) as unknown[]).length === replicaPorts.length,
      'the sentinel aware of the replicas',
    );
  } catch (err) {
    await topology.stop();
    throw err;
  }
  return topology;
}
