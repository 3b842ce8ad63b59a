/**
 * `relais train`: trains the triage on the content (knowledge phrases, urgency examples, the
 * corpus) and writes the model file to DATA_DIR, so the next start, reload or `relais triage`
 * loads it in tens of milliseconds. A content change the file was not trained on is simply
 * trained again at load (and written), so the file can never be stale, only absent.
 */
import type { Config } from '../config.js';
import { formatProblems } from '../content/runtime.js';
import { loadContent } from '../content/load.js';
import { modelPath } from '../triage/model/model-file.js';
import { trainModelFile } from '../triage/index.js';

export async function runTrain(config: Config): Promise<number> {
  const { content, problems } = await loadContent(config.contentDir);
  if (!content) {
    console.error(`content in ${config.contentDir} is invalid:\n${formatProblems(problems)}`);
    return 1;
  }
  const { ms, examples, key } = await trainModelFile(content, config.dataDir);
  console.log(`trained on ${examples} examples in ${(ms / 1000).toFixed(1)} s; model ${key.slice(0, 12)} written to ${modelPath(config.dataDir)}`);
  return 0;
}
