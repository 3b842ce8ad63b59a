/** Runs a private `redis-server` under DATA_DIR when REDIS_URL is unset, reachable by a unix socket
 * so that a second hub process or the `relais` command finds the same server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';

export interface EmbeddedRedis {
  socketPath: string;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

/** The socket path for a data dir (kept short: unix sockets allow ~100 bytes). */
export function socketPathFor(dataDir: string): string {
  const path = join(dataDir, 'redis', 'redis.sock');
  if (path.length < 100) return path;
  return join(tmpdir(), `relais-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}.sock`);
}

/** Connects to the embedded server of `dataDir`, starting it first when none answers. */
export async function ensureEmbeddedRedis(dataDir: string, binary = process.env.REDIS_SERVER_BIN || 'redis-server'): Promise<EmbeddedRedis> {
  const socketPath = socketPathFor(dataDir);
  if (await answers(socketPath)) return { socketPath, owned: false, stop: async () => {} };

  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(binary, [
    '--port', '0', '--unixsocket', socketPath, '--unixsocketperm', '700',
    '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
    '--daemonize', 'no', '--logfile', join(dir, 'redis.log'),
  ], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT'
      ? new Error(`"${binary}" was not found. Install Redis (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to a Redis server.`)
      : err));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}; see ${join(dir, 'redis.log')}`)));
  });
  failed.catch(() => {});
  const deadline = Date.now() + 10_000;
  // `failed` first: when both have settled, race takes the earlier entry.
  while (!(await Promise.race([failed, answers(socketPath)]))) {
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`redis-server did not answer on ${socketPath} within 10 s`); }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { socketPath, owned: true, stop: () => stopChild(child) };
}

async function answers(socketPath: string): Promise<boolean> {
  if (!existsSync(socketPath)) return false;
  const probe = new Redis({ path: socketPath, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM'); // redis-server flushes the append-only file on SIGTERM
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
