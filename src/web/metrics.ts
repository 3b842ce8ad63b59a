/** Prometheus text: anonymous counters, queue depth, process memory. */
import { COUNTERS } from '../stats/stats.js';
import type { WebParts } from './context.js';

export async function renderMetrics(ctx: Pick<WebParts, 'handoff' | 'stats'>): Promise<string> {
  const snapshot = await ctx.stats.snapshot();
  const waiting = await ctx.handoff.list();
  const lines: string[] = [];
  for (const counter of COUNTERS) {
    lines.push(`# TYPE relais_${counter}_total counter`, `relais_${counter}_total ${snapshot.counters[counter]}`);
  }
  lines.push('# TYPE relais_satisfaction_total counter');
  for (const [rating, count] of Object.entries(snapshot.satisfaction)) lines.push(`relais_satisfaction_total{rating="${rating}"} ${count}`);
  lines.push('# TYPE relais_queue_waiting gauge');
  lines.push(`relais_queue_waiting{urgent="true"} ${waiting.filter((w) => w.urgent).length}`);
  lines.push(`relais_queue_waiting{urgent="false"} ${waiting.filter((w) => !w.urgent).length}`);
  lines.push('# TYPE relais_process_resident_memory_bytes gauge', `relais_process_resident_memory_bytes ${process.memoryUsage().rss}`);
  return `${lines.join('\n')}\n`;
}
