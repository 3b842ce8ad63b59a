/** `relais triage --jsonl`: one result line per input line, in order; bad lines get an error line. */
import { createInterface } from 'node:readline';
import type { Config } from '../config.js';
import { ContentRuntime } from '../content/runtime.js';

export async function runTriage(config: Config, args: string[]): Promise<number> {
  if (!args.includes('--jsonl')) {
    console.error('usage: relais triage --jsonl < lines.jsonl');
    return 2;
  }
  // The model file in DATA_DIR (written by `relais train` or a hub's start) spares the seconds of training.
  const runtime = await ContentRuntime.load({ dir: config.contentDir, confidenceThreshold: config.confidenceThreshold, modelDir: config.dataDir });
  const { triage } = runtime.current;
  const out: string[] = [];
  const flush = (): void => {
    if (out.length) process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  };
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let input: { id?: unknown; text?: unknown; locale?: unknown };
    try {
      input = JSON.parse(line);
    } catch {
      out.push(JSON.stringify({ id: null, error: { code: 'invalid_json', message: 'line is not valid JSON' } }));
      continue;
    }
    if (typeof input.text !== 'string') {
      out.push(JSON.stringify({ id: input.id ?? null, error: { code: 'invalid_text', message: '"text" must be a string' } }));
      continue;
    }
    const r = triage.classify(input.text, typeof input.locale === 'string' ? input.locale : undefined);
    out.push(
      JSON.stringify({
        id: input.id ?? null,
        urgent: r.urgent,
        danger: r.danger,
        intent: r.intent,
        confidence: r.confidence,
        locale: r.locale,
      }),
    );
    if (out.length >= 256) flush();
  }
  flush();
  return 0;
}
