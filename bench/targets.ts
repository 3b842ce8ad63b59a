/** The two processes the bench compares: the bare restify baseline (bare-server.ts) and the hub
 * (hub-server.ts, with a private redis-server reached over its unix socket), each in its own child process with an IPC channel
 * (a GC before memory readings) and `--expose-gc`. */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { loadTriageContent, trainModelFile } from '../src/triage/index.js';
import { startTestRedis, type TestRedis } from '../test/helpers/redis.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
export const AGENT_PASSWORD = 'correct horse battery staple';

export interface Memory {
  rssKb: number;
  heapKb: number;
}

export interface Target {
  kind: 'bare' | 'hub';
  url: string;
  pid: number;
  /** After a full GC: resident memory of the target process (/proc/<pid>/status VmRSS) and what V8
   * reports in use (heapUsed + external), in KB. */
  memory(): Promise<Memory>;
  /** CPU seconds used so far by the target process (user + system). */
  cpuSeconds(): number;
  /** CPU seconds used so far by its Redis (undefined for the baseline). */
  redisCpuSeconds(): Promise<number | undefined>;
  /** Another fresh process serving the same conversations (the hub: same Redis and secret, as N hub
   * processes do); undefined for the baseline, whose conversations live in its own memory. */
  sibling?: () => Promise<Target>;
  stop(): Promise<void>;
}

const CLK_TCK = 100;

function cpuOf(pid: number): number {
  // /proc/<pid>/stat: fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function vmRssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

async function launch(kind: Target['kind'], script: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--expose-gc', '--disable-warning=DEP0111', '--import', 'tsx', resolve(ROOT, 'bench', script)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${kind} server did not start within 30 s`)), 30_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`${kind} server exited (${code}) before listening`)));
  });
  return { child, url };
}

/** A full GC in the child, then its memory figures. */
function memoryOf(child: ChildProcess): Promise<Memory> {
  const pid = child.pid!;
  return new Promise((ok) => {
    const timer = setTimeout(() => ok({ rssKb: vmRssKb(pid), heapKb: Number.NaN }), 5000);
    const onMessage = (m: { type?: string; memory?: NodeJS.MemoryUsage }) => {
      if (m?.type !== 'gc-done') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      ok({ rssKb: vmRssKb(pid), heapKb: Math.round(((m.memory?.heapUsed ?? Number.NaN) + (m.memory?.external ?? 0)) / 1024) });
    };
    child.on('message', onMessage);
    child.send({ type: 'gc' });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const hard = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(hard);
      ok();
    });
    child.kill('SIGTERM');
  });
}

export async function startBare(): Promise<Target> {
  const { child, url } = await launch('bare', 'bare-server.ts', { PORT: '0' });
  const pid = child.pid!;
  return {
    kind: 'bare',
    url,
    pid,
    memory: () => memoryOf(child),
    cpuSeconds: () => cpuOf(pid),
    redisCpuSeconds: async () => undefined,
    stop: () => stopChild(child),
  };
}

/** How the bench's hubs reach their Redis: its unix socket, as the hub reaches its embedded server with
 * no REDIS_URL (BENCH_REDIS=tcp: loopback TCP). */
export function hubRedisUrl(redis: TestRedis): string {
  return process.env.BENCH_REDIS === 'tcp' ? redis.url : redis.socketPath;
}

let trained: Promise<string> | undefined;

/** The triage model trained once per bench run (a temporary file): every hub the bench starts finds it
 * in its DATA_DIR, as a deployed hub finds the one its first start or `relais train` wrote, instead of
 * training again (~15–30 s each on this machine, longer than a start is given). */
function trainedModel(): Promise<string> {
  trained ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-bench-model-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await trainModelFile((await loadTriageContent(ROOT)).content, dir, { reuse: true });
    return join(dir, 'triage-model.bin');
  })();
  return trained;
}

/** A hub process; with `shared`, on that Redis (left running on stop), else on a private one of its own. */
export async function startHub(shared?: TestRedis): Promise<Target> {
  const model = await trainedModel();
  const redis: TestRedis = shared ?? (await startTestRedis());
  const dataDir = redis.dir; // the hub's DATA_DIR: nothing of the bench lands in var/
  copyFileSync(model, join(dataDir, 'triage-model.bin'));
  let child: ChildProcess;
  let url: string;
  try {
    ({ child, url } = await launch('hub', 'hub-server.ts', {
      REDIS_URL: hubRedisUrl(redis),
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: '127.0.0.1',
      RELAIS_SECRET: BENCH_SECRET,
      DATA_DIR: dataDir,
      // Once per Redis: adding the account again would end the sessions of the first process's agent.
      ...(shared ? {} : { BENCH_AGENT_PASSWORD: AGENT_PASSWORD }),
    }));
  } catch (err) {
    if (!shared) await redis.stop();
    throw err;
  }
  const pid = child.pid!;
  const info = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  info.on('error', () => {});
  return {
    kind: 'hub',
    url,
    pid,
    memory: () => memoryOf(child),
    cpuSeconds: () => cpuOf(pid),
    redisCpuSeconds: async () => {
      const text = await info.info('cpu');
      const sys = /used_cpu_sys:([\d.]+)/.exec(text);
      const user = /used_cpu_user:([\d.]+)/.exec(text);
      return Number(sys?.[1] ?? 0) + Number(user?.[1] ?? 0);
    },
    sibling: () => startHub(redis),
    stop: async () => {
      info.disconnect();
      await stopChild(child);
      if (!shared) await redis.stop();
    },
  };
}
