/** Triage throughput: classifications per second in one process, and training time at start-up. */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriage, loadTriageContent, trainModelFile } from '../src/triage/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median classifications/s over several runs on the labelled messages, and training ms. */
export async function benchTriage(): Promise<Record<string, number>> {
  const { content } = await loadTriageContent(ROOT);
  // Training from scratch (what a first start or `relais train` pays), then a start that finds the model file.
  const modelDir = mkdtempSync(join(tmpdir(), 'relais-bench-model-'));
  const trainings = [(await trainModelFile(content, modelDir)).ms];
  const fromFile = await createTriage(content, { modelDir });
  const triage = fromFile;
  rmSync(modelDir, { recursive: true, force: true });
  const texts: string[] = [];
  for (const file of ['intents-test.jsonl', 'urgency-pairs.jsonl']) {
    for (const line of readFileSync(join(ROOT, 'test', 'data', 'triage', file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text?: string; urgent?: string; lookalike?: string };
      for (const t of [row.text, row.urgent, row.lookalike]) if (t) texts.push(t);
    }
  }
  for (const t of texts) triage.classify(t); // warm-up
  const rates: number[] = [];
  // Per second of this process's own CPU time too: on a shared machine other processes take the
  // cores away from the wall clock, much less from the CPU time a classification needs.
  const cpuRates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let n = 0;
    while (n < 5000)
      for (const t of texts) {
        triage.classify(t, 'fr');
        n++;
      }
    rates.push(n / ((performance.now() - started) / 1000));
    const used = process.cpuUsage(cpu);
    cpuRates.push(n / ((used.user + used.system) / 1e6));
  }
  return {
    triage_classify_per_s: Math.round(median(rates)),
    triage_classify_per_cpu_s: Math.round(median(cpuRates)),
    triage_training_ms: Math.round(median(trainings)),
    triage_start_from_model_file_ms: Math.round(fromFile.trainingMs),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchTriage().then((r) => console.log(r));
}
