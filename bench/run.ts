/** `npm run bench`: every benchmark in one run, the hub beside a bare baseline, printed as a table and
 * written to bench/results.md. The ratio (Relais ÷ baseline) is the figure to compare between runs:
 * absolute numbers on a small shared machine move with whatever else runs on it.
 *   npm run bench                 everything (about 3 minutes)
 *   npm run bench -- triage|cli|compare   one part only */
import { execSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { benchTriageCli } from './cli.js';
import { Client } from './client.js';
import { benchHandoff, type HandoffResult } from './handoff.js';
import { type IndependentResult, independentPairs } from './independent.js';
import { type PairedResult, pairedClosedLoop } from './paired.js';
import { type ClosedResult, type Conv, closedLoop, createConversations, type OpenResult, openLoop } from './load.js';
import { benchPolls, benchSockets, type PollsResult, type SocketsResult } from './memory.js';
import { round } from './stats.js';
import { ROOT, startBare, startHub, type Target } from './targets.js';
import { benchTriage } from './triage.js';

process.env.LOG_LEVEL ??= 'silent';

const CITIZENS = 32;
const CLOSED_SECONDS = 10;
/** The closed loop first runs this long unmeasured, for both targets: a hub process fresh from its start
 * needs some 10,000 exchanges before V8 has optimised its hot code (its first 4-s window ran at half the
 * rate of its third), and a service runs for days. */
const WARMUP_SECONDS = 5;
/** The alternating closed loops (paired.ts): this many pairs of windows this long. */
const PAIRS = 6;
const PAIR_SECONDS = 2;
/** Then the same with autocannon as the driver (independent.ts): this many pairs of windows this long. */
const INDEPENDENT_PAIRS = 4;
const INDEPENDENT_SECONDS = 3;
const OPEN_RATES = [100, 300, 500, 1000];
const OPEN_SECONDS = 5;
const POOL = 1000;
const SOCKETS = 5000;
const POLLS = 1000;
const HANDOFF_ROUNDS = 100;

interface Measured {
  freshRssMb: number;
  createPerSecond: number;
  sockets: SocketsResult;
  polls: PollsResult;
  closed: ClosedResult;
  /** CPU seconds per 1,000 closed-loop exchanges: the target process, and its Redis. */
  cpuPer1000: number;
  redisCpuPer1000?: number;
  /** CPU % of one core during the closed loop: the server, and the bench process driving it. */
  serverCpuPercent: number;
  driverCpuPercent: number;
  open: (OpenResult & { cpuPercent: number })[];
  handoff: HandoffResult;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** CPU % of one core the target used while `work` ran. */
async function withCpu<T>(target: Target, work: () => Promise<T>): Promise<[T, number]> {
  const cpu0 = target.cpuSeconds();
  const t0 = performance.now();
  const result = await work();
  return [result, round(((target.cpuSeconds() - cpu0) / ((performance.now() - t0) / 1000)) * 100, 0)];
}

/** One target through every figure. Memory is measured on fresh processes (memory a process has
 * already taken and freed is reused and hides growth): the hub's siblings serve the conversations
 * the first process created; the baseline measures sockets after creating its own. */
async function measure(start: () => Promise<Target>): Promise<Measured> {
  const target = await start();
  const client = new Client(target.url);
  try {
    log(`  ${target.kind}: ${target.url} (pid ${target.pid})`);
    const freshRssMb = round((await target.memory()).rssKb / 1024);
    const t0 = performance.now();
    const pool = await createConversations(client, POOL);
    const createPerSecond = round(POOL / ((performance.now() - t0) / 1000));

    log(`  ${target.kind}: ${SOCKETS} idle chat sockets…`);
    const sockets = await onFresh(target, pool, start, (t, c, p) => benchSockets(t, c, p, SOCKETS));
    log(`  ${target.kind}: ${POLLS} waiting long-polls…`);
    const polls = await onFresh(target, pool.slice(0, POLLS), start, (t, c, p) => benchPolls(t, c, p), true);

    log(`  ${target.kind}: closed loop, ${CITIZENS} citizens, ${WARMUP_SECONDS} s to warm up, then ${CLOSED_SECONDS} s…`);
    await closedLoop(client, CITIZENS, WARMUP_SECONDS);
    const cpu0 = target.cpuSeconds();
    const redis0 = await target.redisCpuSeconds();
    const driver0 = process.cpuUsage();
    const wall0 = performance.now();
    const closed = await closedLoop(client, CITIZENS, CLOSED_SECONDS);
    const driverCpu = process.cpuUsage(driver0);
    const serverCpuPercent = round(((target.cpuSeconds() - cpu0) / ((performance.now() - wall0) / 1000)) * 100, 0);
    const driverCpuPercent = round(((driverCpu.user + driverCpu.system) / 1000 / (performance.now() - wall0)) * 100, 0);
    const cpuPer1000 = round(((target.cpuSeconds() - cpu0) / Math.max(1, closed.answered)) * 1000, 2);
    const redis1 = await target.redisCpuSeconds();
    const redisCpuPer1000 = redis0 === undefined || redis1 === undefined ? undefined : round(((redis1 - redis0) / Math.max(1, closed.answered)) * 1000, 2);
    const open: Measured['open'] = [];
    for (const rate of OPEN_RATES) {
      log(`  ${target.kind}: open loop, ${rate} messages/s offered, ${OPEN_SECONDS} s…`);
      await new Promise((r) => setTimeout(r, 1000));
      const [o, cpuPercent] = await withCpu(target, () => openLoop(client, pool, rate, OPEN_SECONDS));
      open.push({ ...o, cpuPercent });
    }
    log(`  ${target.kind}: hand-off, ${HANDOFF_ROUNDS} rounds…`);
    const handoff = await benchHandoff(target, HANDOFF_ROUNDS);
    return { freshRssMb, createPerSecond, sockets, polls, closed, cpuPer1000, redisCpuPer1000, serverCpuPercent, driverCpuPercent, open, handoff };
  } finally {
    client.close();
    await target.stop();
  }
}

/** Runs a memory measure on a fresh process: the target's sibling on the same conversations, or (the
 * baseline) the target itself, or with `own`, a new process with conversations of its own. */
async function onFresh<T>(
  target: Target,
  pool: Conv[],
  start: () => Promise<Target>,
  work: (t: Target, c: Client, p: Conv[]) => Promise<T>,
  own = false,
): Promise<T> {
  if (!target.sibling && !own) return work(target, new Client(target.url), pool);
  const fresh = target.sibling ? await target.sibling() : await start();
  const client = new Client(fresh.url);
  try {
    return await work(fresh, client, target.sibling ? pool : await createConversations(client, pool.length));
  } finally {
    client.close();
    await fresh.stop();
  }
}

/** The baseline and a hub both up, for the alternating closed loops: the bench's driver, then autocannon's. */
async function paired(): Promise<{ own: PairedResult; independent: IndependentResult }> {
  const bare = await startBare();
  try {
    const hub = await startHub();
    try {
      const own = await pairedClosedLoop(bare, hub, { pairs: PAIRS, windowSeconds: PAIR_SECONDS, citizens: CITIZENS, warmupSeconds: WARMUP_SECONDS });
      log(`running both, ${INDEPENDENT_PAIRS} pairs of ${INDEPENDENT_SECONDS}-s closed loops driven by autocannon…`);
      const independent = await independentPairs(bare, hub, { pairs: INDEPENDENT_PAIRS, windowSeconds: INDEPENDENT_SECONDS, citizens: CITIZENS });
      return { own, independent };
    } finally {
      await hub.stop();
    }
  } finally {
    await bare.stop();
  }
}

function pairedRows({ own: p, independent: i }: { own: PairedResult; independent: IndependentResult }): Row[] {
  return [
    [`closed loop, ${p.pairs} pairs of ${p.windowSeconds}-s windows in alternating order: exchanges/s`, p.bare, p.hub],
    [
      "closed loop, those pairs: median of the pairs' ratios (each pair's, in order)",
      '—',
      `**${round(p.median, 2)}×** (${p.ratios.map((r) => round(r, 2)).join(', ')})`,
    ],
    [
      `closed loop driven by autocannon (own process), ${i.pairs} pairs of ${i.windowSeconds}-s windows: exchanges/s`,
      i.bare.exchangesPerSecond,
      i.hub.exchangesPerSecond,
    ],
    [
      "closed loop driven by autocannon: median of the pairs' ratios (each pair's, in order)",
      '—',
      `**${round(i.median, 2)}×** (${i.ratios.map((r) => round(r, 2)).join(', ')})`,
    ],
    ['closed loop driven by autocannon: p99 ms (median of the windows)', i.bare.p99, i.hub.p99],
    ['closed loop driven by autocannon: errors / unanswered polls', `${i.bare.errors} / ${i.bare.unanswered}`, `${i.hub.errors} / ${i.hub.unanswered}`],
    ['closed loop driven by autocannon: its CPU, % of one core (median)', i.bare.driverCpuPercent, i.hub.driverCpuPercent],
  ];
}

/** [figure, baseline, Relais] rows; the ratio is Relais ÷ baseline. */
type Row = [string, number | string, number | string];

function rows(b: Measured, h: Measured): Row[] {
  const out: Row[] = [
    [`closed loop, ${CITIZENS} citizens: exchanges/s`, b.closed.exchangesPerSecond, h.closed.exchangesPerSecond],
    ['closed loop: post → answer read, p50 ms', b.closed.p50, h.closed.p50],
    ['closed loop: post → answer read, p99 ms', b.closed.p99, h.closed.p99],
    ['closed loop: errors / skipped', `${b.closed.errors} / ${b.closed.skipped}`, `${h.closed.errors} / ${h.closed.skipped}`],
    ['closed loop: server CPU s per 1,000 exchanges', b.cpuPer1000, h.cpuPer1000],
    ['closed loop: Redis CPU s per 1,000 exchanges', '—', h.redisCpuPer1000 ?? '—'],
    ['closed loop: server CPU, % of one core', b.serverCpuPercent, h.serverCpuPercent],
    ['closed loop: load driver (bench process) CPU, % of one core', b.driverCpuPercent, h.driverCpuPercent],
  ];
  OPEN_RATES.forEach((rate, i) => {
    const [bo, ho] = [b.open[i], h.open[i]];
    out.push(
      [`open ${rate}/s: answered/s`, bo.achievedPerSecond, ho.achievedPerSecond],
      [`open ${rate}/s: p50 ms`, bo.p50, ho.p50],
      [`open ${rate}/s: p99 ms`, bo.p99, ho.p99],
      [`open ${rate}/s: errors / skipped (of ${rate * OPEN_SECONDS})`, `${bo.errors} / ${bo.skipped}`, `${ho.errors} / ${ho.skipped}`],
      [`open ${rate}/s: conversations created on the fly (pool of ${POOL} all waiting)`, bo.extraConversations, ho.extraConversations],
      [`open ${rate}/s: server CPU, % of one core`, bo.cpuPercent, ho.cpuPercent],
      [`open ${rate}/s: driver's actual send rate /s`, bo.sentPerSecond, ho.sentPerSecond],
    );
  });
  out.push(
    ['conversations created/s (32 at a time)', b.createPerSecond, h.createPerSecond],
    [`hand-off → in the console, p50 ms (${HANDOFF_ROUNDS} rounds)`, b.handoff.toConsoleP50, h.handoff.toConsoleP50],
    ['hand-off → in the console, p99 ms', b.handoff.toConsoleP99, h.handoff.toConsoleP99],
    ['agent reply → citizen socket, p50 ms', b.handoff.toCitizenP50, h.handoff.toCitizenP50],
    ['agent reply → citizen socket, p99 ms', b.handoff.toCitizenP99, h.handoff.toCitizenP99],
    ['RSS at start, MB', b.freshRssMb, h.freshRssMb],
    ['RSS idle, before the sockets, MB', b.sockets.idleRssMb, h.sockets.idleRssMb],
    [`idle chat sockets opened (of ${SOCKETS})`, b.sockets.opened, h.sockets.opened],
    ['RSS per idle chat socket, KB', b.sockets.kbPerSocket, h.sockets.kbPerSocket],
    ['V8 heap per idle chat socket, KB', b.sockets.heapKbPerSocket, h.sockets.heapKbPerSocket],
    [`seconds to open ${SOCKETS} sockets (100 at a time)`, b.sockets.openSeconds, h.sockets.openSeconds],
    [`waiting long-polls held (of ${POLLS})`, b.polls.held, h.polls.held],
    ['RSS per waiting long-poll, KB', b.polls.kbPerPoll, h.polls.kbPerPoll],
    ['V8 heap per waiting long-poll, KB', b.polls.heapKbPerPoll, h.polls.heapKbPerPoll],
  );
  return out;
}

function ratio(b: number | string, h: number | string): string {
  if (typeof b !== 'number' || typeof h !== 'number' || !Number.isFinite(b) || !Number.isFinite(h) || b === 0) return '—';
  const r = h / b;
  return r >= 10 ? `${Math.round(r)}×` : `${round(r, 2)}×`;
}

function machine(): Record<string, string> {
  const cpus = os.cpus();
  const git = (cmd: string) => {
    try {
      return execSync(cmd, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '?';
    }
  };
  const dirty = git('git status --porcelain -- src channels flows knowledge');
  return {
    date: new Date().toISOString(),
    commit: `${git('git rev-parse --short HEAD')}${dirty ? ' (plus uncommitted changes in src/ or content at the time of the run)' : ''}`,
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB memory, ${os.type()} ${os.release()}`,
    node: process.version,
    'load average at start': os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const started = performance.now();
  const info = machine();
  const single: Record<string, number> = {};
  let table: Row[] = [];
  if (!only || only === 'triage') {
    log('running triage…');
    Object.assign(single, await benchTriage());
  }
  if (!only || only === 'cli') {
    log('running cli…');
    Object.assign(single, benchTriageCli());
  }
  if (!only || only === 'compare') {
    log('running the bare baseline…');
    const bare = await measure(startBare);
    log('running the hub…');
    const hub = await measure(startHub);
    log(`running both, ${PAIRS} pairs of ${PAIR_SECONDS}-s closed loops in alternating order…`);
    table = [...pairedRows(await paired()), ...rows(bare, hub)];
  }
  const seconds = round((performance.now() - started) / 1000, 0);

  const lines: string[] = ['# Benchmark results', ''];
  lines.push('Written by `npm run bench` (bench/run.ts); compare ratios between runs on the same machine, not absolute figures.', '');
  for (const [k, v] of Object.entries(info)) lines.push(`- ${k}: ${v}`);
  lines.push(
    `- load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine shows here)`,
  );
  lines.push(`- whole run: ${seconds} s`, '');
  if (table.length) {
    lines.push(
      '## Relais beside a bare restify server',
      '',
      'Both in their own child process on 127.0.0.1, driven from the bench process (node:http, keep-alive) on the same machine.',
      'Baseline: bench/bare-server.ts answers the same routes from memory, the "answer" appended at once. Relais: bench/hub-server.ts',
      '(createApp, RATE_LIMITS=off, a private redis-server reached over its unix socket, as `npm start` reaches its embedded one). Ratio = Relais ÷ baseline (above 1: more time, memory or CPU — or more throughput).',
      '',
      '| figure | baseline | Relais | ratio |',
      '|---|---:|---:|---:|',
    );
    for (const [figure, b, h] of table) lines.push(`| ${figure} | ${b} | ${h} | ${ratio(b, h)} |`);
    lines.push(
      '',
      `Alternating closed loops (bench/paired.ts): both servers up, ${PAIRS} pairs of ${PAIR_SECONDS}-s windows after ${WARMUP_SECONDS} s unmeasured each, baseline first in one pair, Relais first in the next; the median of the pairs' ratios moves least with the machine's speed, which changes from minute to minute on a shared VM.`,
      `Then the same servers, still up and warm, driven by another client: autocannon in a process of its own (bench/independent-driver.ts), ${INDEPENDENT_PAIRS} pairs of ${INDEPENDENT_SECONDS}-s windows, ${CITIZENS} connections each playing a citizen (a conversation, ten questions each followed by a long-poll until the answer, from 127.0.0.1). The baseline's rate is its driver's limit, so a driver that costs more per exchange lowers the baseline more than Relais: this row shows how far the ratio depends on the driver.`,
      `Closed loop: ${CITIZENS} citizens for ${CLOSED_SECONDS} s (after ${WARMUP_SECONDS} s unmeasured, the same for both: V8 optimises a fresh process's hot code under load), each posting a question and long-polling until the answer, a new conversation every 10 exchanges.`,
      `Open loop: messages offered at a fixed rate for ${OPEN_SECONDS} s each on ${POOL} pooled conversations (a conversation carries one message at a time; a new`,
      'one is created when none is free); latency counts from the scheduled send to the answer read, so a late driver shows as latency;',
      '"skipped" = not answered within 10 s. The driver shares the 2 cores with the server (and Redis): at high rates it is part of the limit.',
      `Memory: VmRSS of the server process after a forced GC, before and after, and the V8 heap (used + external) likewise; ${SOCKETS}`,
      `authenticated idle chat sockets spread over ${POOL} conversations (5 each) and 40 per loopback source address (as a crowd of citizens`,
      `would be spread; the hub's caps of 50 per address and 5 per conversation are lifted by RATE_LIMITS=off anyway), then ${POLLS} waiting long-polls, one per conversation. Each on a fresh process (a second hub process on`,
      'the same Redis; the baseline: sockets in the process that created the conversations, long-polls in a new one), since memory a process',
      'has taken and freed is reused and hides growth. RSS includes native memory (sockets, buffers); the heap figure is the steadier one.',
      'Hand-off baseline: the bare server pushes a "queue" frame to the console socket and the agent\'s POST to the citizen socket at once.',
    );
  }
  if (Object.keys(single).length) {
    lines.push('', '## Triage and command line (Relais only)', '', '| figure | value |', '|---|---:|');
    for (const [k, v] of Object.entries(single)) lines.push(`| ${k} | ${v} |`);
  }
  const text = `${lines.join('\n')}\n`;
  if (!only) {
    const file = resolve(ROOT, 'bench', 'results.md');
    writeFileSync(file, text);
    // In biome's own layout (aligned tables), so that `npm test` (biome ci) passes with it.
    spawnSync(resolve(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', file], { cwd: ROOT, stdio: 'ignore' });
  }
  console.log(text);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
