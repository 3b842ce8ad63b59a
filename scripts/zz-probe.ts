process.env.DOTENV_CONFIG_QUIET = 'true';
import { readFileSync } from 'node:fs';
import { createTriage, loadTriageContent } from '../src/triage/index.js';
import { normalizeText } from '../src/triage/normalize.js';
const { content } = await loadTriageContent(process.cwd());
const t = createTriage(content);
for (const [f, want] of [['/tmp/dev3/probe-u.txt', true], ['/tmp/dev3/probe-n.txt', false]] as const) {
  for (const s of readFileSync(f, 'utf8').trim().split('\n')) {
    const v = t.assessUrgency(s);
    const on = Object.entries(v.cues).filter(([k, x]) => k !== 'kinds' && x).map(([k]) => k);
    const r = t.classify(s);
    console.log(`${v.urgent === want ? 'ok ' : 'BAD'} ${v.urgent ? 'U' : '-'} ${v.score.toFixed(2)} ${r.intent} [${v.cues.kinds.join(',')}] {${on.join(',')}} ${normalizeText(s)}`);
  }
}
