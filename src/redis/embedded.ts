/** Runs a private `redis-server` under DATA_DIR when REDIS_URL is unset, reachable by a unix socket
 * so that a second hub process or the `relais` command finds the same server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The hub that owns a data dir's embedded server writes its pid here. */
function ownerFile(dataDir: string): string {
  return join(dataDir, 'redis', 'owner.pid');
}

/** The pid of the live hub that owns `dataDir`'s embedded server, if any. */
function liveOwner(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(ownerFile(dataDir), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
    process.kill(pid, 0);
    // A killed process not yet reaped still answers kill(0): a zombie owns nothing.
    if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return undefined;
    return pid;
  } catch {
    return undefined;
  }
}

/** Connects to the embedded server of `dataDir`, starting it first when none answers.
 * `as: 'hub'` refuses a data dir whose server another live hub owns (two hubs on one embedded
 * server would leave the second answering 503 once the first stops): several hubs share a
 * REDIS_URL instead. The `relais` commands join (`as: 'tool'`). */
export async function ensureEmbeddedRedis(
  dataDir: string,
  options: { as: 'hub' | 'tool' } = { as: 'tool' },
  binary = process.env.REDIS_SERVER_BIN || 'redis-server',
): Promise<EmbeddedRedis> {
  const socketPath = socketPathFor(dataDir);
  const owner = liveOwner(dataDir);
  if (options.as === 'hub' && owner) {
    throw new Error(
      `DATA_DIR ${dataDir} is in use by another hub (pid ${owner}); run several hubs on one Redis with REDIS_URL, or give this one its own DATA_DIR`,
    );
  }
  const dir = join(dataDir, 'redis');
  if (await redisAnswers(socketPath)) {
    if (options.as === 'tool' || owner) return { socketPath, owned: false, stop: async () => {} };
    // A server left by a hub that died: this hub adopts it, and stops it when it stops.
    writeFileSync(ownerFile(dataDir), String(process.pid), { mode: 0o600 });
    return { socketPath, owned: true, stop: () => shutdownBySocket(socketPath, dataDir) };
  }

  if (!onPath(binary)) {
    throw new Error(`"${binary}" was not found. Install Redis (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to a Redis server.`);
  }
  // The data is the citizens': readable by the hub's user only (folders 0700, files 0600).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  chmodSync(dir, 0o700);
  // setpriv --pdeathsig: the server is told to stop (and flushes its append-only file) when this
  // process dies, even by SIGKILL, so it never outlives its owner.
  const guarded = existsSync('/usr/bin/setpriv');
  const umask = process.umask(0o077); // inherited by redis-server: its files are made 0600
  const child = spawn(
    guarded ? '/usr/bin/setpriv' : binary,
    [
      ...(guarded ? ['--pdeathsig', 'SIGTERM', binary] : []),
      '--port',
      '0',
      '--unixsocket',
      socketPath,
      '--unixsocketperm',
      '700',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  process.umask(umask);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(`"${binary}" was not found. Install Redis (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to a Redis server.`)
          : err,
      ),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}; see ${join(dir, 'redis.log')}`)));
  });
  failed.catch(() => {});
  const deadline = Date.now() + 10_000;
  // `failed` first: when both have settled, race takes the earlier entry.
  while (!(await Promise.race([failed, redisAnswers(socketPath)]))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on ${socketPath} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (options.as === 'hub') writeFileSync(ownerFile(dataDir), String(process.pid), { mode: 0o600 });
  return { socketPath, owned: true, stop: () => stopChild(child).then(() => rmSync(ownerFile(dataDir), { force: true })) };
}

/** True when `binary` is a path that exists or a name found on PATH. */
function onPath(binary: string): boolean {
  if (binary.includes('/')) return existsSync(binary);
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, binary)));
}

async function shutdownBySocket(socketPath: string, dataDir: string): Promise<void> {
  const redis = new Redis({ path: socketPath, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  await redis
    .connect()
    .then(() => redis.shutdown('SAVE' as never))
    .catch(() => {});
  redis.disconnect();
  rmSync(ownerFile(dataDir), { force: true });
}

/** True when a redis-server answers PING on this unix socket. */
export async function redisAnswers(socketPath: string): Promise<boolean> {
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
