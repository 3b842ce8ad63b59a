/** A private redis-server for tests (never the machine's shared one), on a random port and a unix socket in its own folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  port: number;
  /** The same server's unix socket (how the hub reaches its embedded server). */
  socketPath: string;
  dir: string;
  /** Kills the server (data stays in `dir` with appendonly) — for restart tests. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Servers still running: a run that ends without stopping them (process.exit, as mocha --exit does)
 * kills them on its way out, as the terminal's group would have done had they stayed in it. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/** Sends `signal` to a server and every process it forked (its group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Gone already.
  }
}

export async function startTestRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'relais-redis-'));
  // Beside the data directory, not in it: tests read every file Redis wrote there.
  const socketDir = mkdtempSync(join(tmpdir(), 'relais-sock-'));
  const socketPath = join(socketDir, 'redis.sock');
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        options.appendonly ? 'yes' : 'no',
        '--daemonize',
        'no',
        '--unixsocket',
        socketPath,
        '--unixsocketperm',
        '700',
      ],
      // Its own process group, so that a kill reaches the children it forks too (an append-only file's
      // rewrite, a snapshot): a rewrite child outlived a killed server and wrote its temporary file into
      // the folder being removed (ENOTEMPTY in the fresh-clone CI, 3-4 stops in 60 here).
      { stdio: 'ignore', detached: true },
    );
    running.add(child);
    child.once('exit', () => running.delete(child!));
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    for (let i = 0; i < 200; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    throw new Error('test redis-server did not start');
  };
  const kill = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> =>
    new Promise((resolve) => {
      // Exited already: by itself (exitCode) or killed by a signal (signalCode; exitCode stays null).
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      killGroup(child, signal);
    });
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    socketPath,
    dir,
    kill,
    restart: launch,
    stop: async () => {
      await kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
