/** What idle citizens cost a process: the growth of its resident memory (VmRSS, after a full GC)
 * with N open web chat sockets, then with N waiting long-polls. The sockets are spread over several
 * conversations and loopback source addresses as a crowd of citizens would be, within the hub's caps
 * (src/web/holds.ts: 50 sockets or polls per address, 5 per conversation) even though the bench's
 * RATE_LIMITS=off lifts them: the figure is the same with the caps on. */
import http from 'node:http';
import WebSocket from 'ws';
import { type Client, loopbackAddress } from './client.js';
import type { Conv } from './load.js';
import { round } from './stats.js';
import type { Target } from './targets.js';

const PER_ADDRESS = 40; // under the hub's 50 (the caps when RATE_LIMITS is on)
const SETTLE_MS = 1500;

export interface SocketsResult {
  /** RSS with the conversations created and nothing open, MB. */
  idleRssMb: number;
  sockets: number;
  opened: number;
  /** VmRSS growth per socket. */
  kbPerSocket: number;
  /** V8 heap (used + external) growth per socket: steadier than RSS, but blind to native memory. */
  heapKbPerSocket: number;
  /** Seconds to open all the sockets (handshake + auth + backlog frame), 100 at a time. */
  openSeconds: number;
}

export interface PollsResult {
  polls: number;
  held: number;
  kbPerPoll: number;
  heapKbPerPoll: number;
}

/** Opens one chat socket, authenticates, and resolves once the first "messages" frame arrived. */
function openSocket(base: string, conv: Conv, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/conversations/${conv.id}/socket`, { localAddress, perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('socket: no backlog within 10 s'));
    }, 10_000);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token: conv.token })));
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).type !== 'messages') return;
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`socket refused: ${res.statusCode}`));
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** `sockets` chat sockets over `pool` (at most 5 per conversation, 40 per source address), measuring
 * the target's RSS before and after; the sockets are closed again before it returns. Run it on a
 * fresh process: memory freed by earlier work would be reused and hide the growth. */
export async function benchSockets(target: Target, client: Client, pool: Conv[], sockets = 5000): Promise<SocketsResult> {
  const perConversation = Math.ceil(sockets / pool.length);
  if (perConversation > 5) throw new Error(`${sockets} sockets need at least ${Math.ceil(sockets / 5)} conversations`);
  const idle = await settledMemory(target);
  // 100 handshakes at a time; bounded to 90 s.
  const open: WebSocket[] = [];
  const failures = new Map<string, number>();
  const t0 = performance.now();
  const deadline = t0 + 90_000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < sockets && performance.now() < deadline) {
        const k = next++;
        const conv = pool[Math.floor(k / perConversation)];
        try {
          open.push(await openSocket(client.base, conv, loopbackAddress(Math.floor(k / PER_ADDRESS), 3)));
        } catch (err) {
          const why = (err as Error).message;
          failures.set(why, (failures.get(why) ?? 0) + 1);
        }
      }
    }),
  );
  const openSeconds = (performance.now() - t0) / 1000;
  if (failures.size) process.stderr.write(`  socket failures: ${JSON.stringify(Object.fromEntries(failures))}\n`);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const withSockets = await target.memory();
  for (const ws of open) ws.terminate();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return {
    idleRssMb: round(idle.rssKb / 1024),
    sockets,
    opened: open.length,
    kbPerSocket: round((withSockets.rssKb - idle.rssKb) / Math.max(1, open.length)),
    heapKbPerSocket: round((withSockets.heapKb - idle.heapKb) / Math.max(1, open.length)),
    openSeconds: round(openSeconds),
  };
}

/** The target's memory once a fresh process has let go of what its start-up held (the hub: some 60 MB
 * in the first seconds, which a forced GC cannot free while it is still in use): read until two reads
 * SETTLE_MS apart differ by less than 1 MB of heap. Measured from an unsettled start, the growth per
 * long-poll came out negative. */
async function settledMemory(target: Target): Promise<Awaited<ReturnType<Target['memory']>>> {
  let last = await target.memory();
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const now = await target.memory();
    const settled = Math.abs(now.heapKb - last.heapKb) < 1024;
    last = now;
    if (settled) break;
  }
  return last;
}

/** Long-polls on each conversation of `pool` (each on its own connection, 40 per source address),
 * waiting for a message that will not come; resolves once all are sent. */
async function holdPolls(client: Client, pool: Conv[]): Promise<{ requests: http.ClientRequest[]; answeredEarly: () => number }> {
  const requests: http.ClientRequest[] = [];
  let answeredEarly = 0;
  let sentCount = 0;
  const count = pool.length;
  const allSent = new Promise<void>((resolve) => {
    if (!count) resolve();
    for (let i = 0; i < count; i++) {
      const conv = pool[i];
      const req = http.request({
        host: client.host,
        port: client.port,
        path: `/api/v1/conversations/${conv.id}/messages?after=999999&wait=30000`,
        headers: { authorization: `Bearer ${conv.token}` },
        agent: false,
        localAddress: loopbackAddress(Math.floor(i / PER_ADDRESS), 4),
      });
      req.on('response', (res) => {
        answeredEarly++;
        res.resume();
      });
      req.on('error', () => {});
      req.on('finish', () => {
        if (++sentCount === count) resolve();
      });
      req.end();
      requests.push(req);
    }
  });
  await Promise.race([allSent, new Promise((r) => setTimeout(r, 30_000))]);
  return { requests, answeredEarly: () => answeredEarly };
}

/** One waiting long-poll per conversation of `pool`, measuring the target's memory before and after.
 * Run it on a fresh process too; a first round of 50 polls, let go, is not counted (code paths taken
 * for the first time allocate once). */
export async function benchPolls(target: Target, client: Client, pool: Conv[]): Promise<PollsResult> {
  const warmUp = await holdPolls(client, pool.slice(0, 50));
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  for (const req of warmUp.requests) req.destroy();
  const before = await settledMemory(target);
  const { requests, answeredEarly } = await holdPolls(client, pool);
  await new Promise((r) => setTimeout(r, SETTLE_MS * 2));
  const withPolls = await target.memory();
  const held = requests.length - answeredEarly();
  if (answeredEarly()) process.stderr.write(`  ${answeredEarly()} long-polls answered early (refused?)\n`);
  for (const req of requests) req.destroy();
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return {
    polls: pool.length,
    held,
    kbPerPoll: round((withPolls.rssKb - before.rssKb) / Math.max(1, held)),
    heapKbPerPoll: round((withPolls.heapKb - before.heapKb) / Math.max(1, held)),
  };
}
