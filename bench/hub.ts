/** Hub benchmark: citizens talking to the bot over the HTTP API (message → bot reply latency and
 * throughput), and `relais triage --jsonl` on 1,000 lines, start-up included. */
import { spawnSync } from 'node:child_process';
import { call, ROOT, startTestHub } from '../test/helpers/hub.js';
import { startTestRedis } from '../test/helpers/redis.js';
import { percentile, round } from './stats.js';

const QUESTIONS = [
  'Comment porter plainte pour un vol de vélo ?',
  'On a utilisé ma carte bancaire sur internet',
  "J'ai perdu ma carte d'identité",
  'Où est le commissariat le plus proche ?',
  'Bonjour',
  'Comment contester une amende ?',
  'Je veux signaler un site haineux',
  'Mon voisin fait du bruit tous les soirs',
];

/** Runs `citizens` concurrent conversations sending `rounds` questions each. */
export async function benchHub(citizens = 50, rounds = 4): Promise<Record<string, number>> {
  const redis = await startTestRedis();
  const hub = await startTestHub(redis.url);
  try {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: citizens }, async (_, c) => {
        const { body: conv } = await call(`${hub.url}/api/v1/conversations`, { body: { locale: 'fr' } });
        let after = 1;
        for (let r = 0; r < rounds; r++) {
          const t0 = performance.now();
          const { body: sent } = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages`, {
            token: conv.token,
            body: { text: QUESTIONS[(c + r) % QUESTIONS.length] },
          });
          after = sent.seq;
          for (;;) {
            const { body } = await call(`${hub.url}/api/v1/conversations/${conv.id}/messages?after=${after}&wait=5000`, { token: conv.token });
            const bot = body.messages.find((m: { from: string }) => m.from !== 'citizen');
            if (bot) {
              latencies.push(performance.now() - t0);
              after = body.messages.at(-1).seq;
              break;
            }
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      'api: citizens': citizens,
      'api: messages answered': latencies.length,
      'api: answered messages/s': round(latencies.length / seconds),
      'api: message → first bot reply, median ms': round(percentile(latencies, 50)),
      'api: message → first bot reply, p99 ms': round(percentile(latencies, 99)),
    };
  } finally {
    await hub.stop();
    await redis.stop();
  }
}

/** Times `relais triage --jsonl` over 1,000 lines, process start-up included. */
export function benchTriageCli(lines = 1000): Record<string, number> {
  const input = Array.from({ length: lines }, (_, i) => JSON.stringify({ id: i, text: QUESTIONS[i % QUESTIONS.length] })).join('\n');
  const t0 = performance.now();
  const out = spawnSync(process.execPath, [`${ROOT}/bin/relais.js`, 'triage', '--jsonl'], { input, cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' } });
  const ms = performance.now() - t0;
  const answered = out.stdout.toString().trim().split('\n').filter(Boolean).length;
  if (out.status !== 0 || answered !== lines) throw new Error(`relais triage failed: ${out.stderr}`);
  return { 'cli: relais triage --jsonl, 1000 lines, ms (start-up included)': round(ms, 0) };
}
