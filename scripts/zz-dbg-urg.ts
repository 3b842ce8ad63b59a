process.env.DOTENV_CONFIG_QUIET = 'true';
import { createTriage, loadTriageContent } from '../src/triage/index.js';
import { normalizeText } from '../src/triage/normalize.js';
const { content } = await loadTriageContent(process.cwd());
const t = createTriage(content);
for (const s of process.argv.slice(2)) {
  const v = t.assessUrgency(s);
  const on = Object.entries(v.cues).filter(([k, x]) => k !== 'kinds' && x).map(([k]) => k);
  console.log(`${v.urgent ? 'U' : '-'} ${v.score.toFixed(3)} [${v.cues.kinds.join(',')}] {${on.join(',')}} ${normalizeText(s)}`);
}
