import { Client } from './client.js';
import { closedLoop, createConversations, openLoop } from './load.js';
import { startHub } from './targets.js';
const modes = ['0', '1'];
const hubs: any[] = [];
for (const m of modes) {
  process.env.HACK_CORK = m;
  const hub = await startHub();
  const c = new Client(hub.url);
  await closedLoop(c, 32, 2);
  hubs.push({ m, hub, c, pool: await createConversations(c, 1000) });
}
const out = new Map<string, number[][]>();
for (let round = 0; round < 5; round++)
  for (const h of round % 2 ? [...hubs].reverse() : hubs) {
    const c0 = h.hub.cpuSeconds();
    const r = await closedLoop(h.c, 32, 3);
    const cpu = ((h.hub.cpuSeconds() - c0) * 1000) / r.answered;
    const c1 = h.hub.cpuSeconds();
    const o = await openLoop(h.c, h.pool, 500, 4);
    const ocpu = ((h.hub.cpuSeconds() - c1) / 4) * 100;
    (out.get(h.m) ?? out.set(h.m, []).get(h.m)!).push([r.exchangesPerSecond, cpu, r.p99, o.p99, ocpu, o.p50]);
  }
const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [m, rows] of out)
  console.log(
    process.env.WHAT ?? 'mode',
    m,
    'medians: closed/s',
    med(rows.map((r) => r[0])),
    'ms/exch',
    med(rows.map((r) => r[1])).toFixed(3),
    'closed p99',
    med(rows.map((r) => r[2])),
    'open p50',
    med(rows.map((r) => r[5])),
    'open p99',
    med(rows.map((r) => r[3])),
    'open cpu%',
    med(rows.map((r) => r[4])).toFixed(0),
  );
for (const h of hubs) await h.hub.stop();
