/** `relais triage --jsonl` on 1,000 lines, process start-up included. */
import { spawnSync } from 'node:child_process';
import { ROOT } from './targets.js';
import { round } from './stats.js';

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

/** Times `relais triage --jsonl` over `lines` lines, process start-up included. */
export function benchTriageCli(lines = 1000): Record<string, number> {
  const input = Array.from({ length: lines }, (_, i) => JSON.stringify({ id: i, text: QUESTIONS[i % QUESTIONS.length] })).join('\n');
  const t0 = performance.now();
  const out = spawnSync(process.execPath, [`${ROOT}/bin/relais.js`, 'triage', '--jsonl'], {
    input,
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    timeout: 60_000,
  });
  const ms = performance.now() - t0;
  const answered = out.stdout.toString().trim().split('\n').filter(Boolean).length;
  if (out.status !== 0 || answered !== lines) throw new Error(`relais triage failed: ${out.stderr}`);
  return { 'cli: relais triage --jsonl, 1000 lines, ms (start-up included)': round(ms, 0) };
}
