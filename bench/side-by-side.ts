/**
 * This tree's hub beside another commit's, on the same machine at the same minutes (not part of
 * `npm run bench`): on a shared machine whose speed moves by 40 % in an hour, two runs at different
 * times cannot tell a 5 % change; alternating short windows can. Each hub in its own process with its
 * own redis-server; ROUNDS (default 12) pairs of 2-second closed loops at 32 citizens, in alternating
 * order; the sums give exchanges/s, the hub's and its Redis's CPU seconds per 1,000 exchanges, and the
 * median of the windows' p99. RATE=n: 4-second windows (OPEN_SECONDS) of the open loop at n messages/s offered on 1,000
 * conversations each instead (what a change does to the tail when the hub is not saturated).
 * Usage: [RATE=500] node --import tsx bench/side-by-side.ts [commit, default HEAD]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from './client.js';
import { type Conv, closedLoop, createConversations, openLoop } from './load.js';
import { ROOT, startHub, type Target } from './targets.js';

interface Tally {
  answered: number;
  seconds: number;
  cpu: number;
  redis: number;
  p99: number[];
  /** Open loop: messages that got an error or no answer in time. */
  failed: number;
}

const ROUNDS = Number(process.env.ROUNDS ?? 12);
const RATE = Number(process.env.RATE ?? 0);
/** One open-loop window (RATE), long enough for a p99 of its own (2,000 messages at 500/s). */
const OPEN_SECONDS = 4;

/** A checkout of `commit` sharing this tree's node_modules; removed by the returned function. */
function worktreeOf(commit: string): { dir: string; remove: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'relais-side-'));
  const dir = join(parent, 'tree');
  execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: ROOT, stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return {
    dir,
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

async function window(target: Target, tally: Tally, pool: Conv[]): Promise<void> {
  const cpu = target.cpuSeconds();
  const redis = (await target.redisCpuSeconds()) ?? 0;
  const client = new Client(target.url);
  const result = RATE ? await openLoop(client, pool, RATE, OPEN_SECONDS) : await closedLoop(client, 32, 2);
  client.close();
  if ('answered' in result) {
    tally.answered += result.answered;
    tally.seconds += result.seconds;
  } else {
    tally.answered += result.achievedPerSecond * OPEN_SECONDS;
    tally.seconds += OPEN_SECONDS;
    tally.failed += result.errors + result.skipped;
  }
  tally.cpu += target.cpuSeconds() - cpu;
  tally.redis += ((await target.redisCpuSeconds()) ?? 0) - redis;
  tally.p99.push(result.p99);
}

async function main(): Promise<void> {
  const commit = process.argv[2] ?? 'HEAD';
  const tree = worktreeOf(commit);
  const targets: Record<string, Target> = {};
  try {
    // The other tree's own bench/targets.ts starts its own hub-server.ts, so each side runs its own code.
    const other = (await import(join(tree.dir, 'bench/targets.ts'))) as { startHub: typeof startHub };
    targets[commit] = await other.startHub();
    targets['this tree'] = await startHub();
    const tallies = new Map<string, Tally>();
    const pools = new Map<string, Conv[]>();
    for (const [name, target] of Object.entries(targets)) {
      const client = new Client(target.url);
      pools.set(name, await createConversations(client, RATE ? 1000 : 32));
      await closedLoop(client, 32, 2); // warm-up, not counted
      tallies.set(name, { answered: 0, seconds: 0, cpu: 0, redis: 0, p99: [], failed: 0 });
    }
    const names = Object.keys(targets);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? [...names].reverse() : names) await window(targets[name]!, tallies.get(name)!, pools.get(name)!);
    }
    for (const [name, t] of tallies) {
      const p99 = [...t.p99].sort((a, b) => a - b)[t.p99.length >> 1];
      const perThousand = (s: number) => ((1000 * s) / t.answered).toFixed(3);
      console.log(
        `${name.padEnd(10)} ${(t.answered / t.seconds).toFixed(0).padStart(5)} exchanges/s, hub ${perThousand(t.cpu)} and Redis ${perThousand(t.redis)} CPU-s per 1,000, median p99 ${p99} ms${RATE ? `, ${t.failed} failed` : ''}`,
      );
    }
  } finally {
    for (const target of Object.values(targets)) await target.stop();
    tree.remove();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
