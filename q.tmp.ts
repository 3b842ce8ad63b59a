import { readFileSync } from 'node:fs';
import { loadTriageContent, createTriage, normalizeTokens, normalizeText, readCues } from './src/triage/index.js';
import { completeCues, clauseSaysUrgent, ruleSaysUrgent } from './src/triage/urgency-cues.js';
const { content } = await loadTriageContent('/work/main');
const t = await createTriage(content, { modelDir: '/tmp/relais-model' });
const texts = ['intents-test.jsonl','urgency-pairs.jsonl'].flatMap(f=>readFileSync(`test/data/triage/${f}`,'utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l))).flatMap(r=>[r.text,r.urgent,r.lookalike].filter(Boolean));
function rate(name: string, f: (s: string) => unknown) { for (const s of texts) f(s); const st = performance.now(); let n = 0; while (performance.now()-st < 1500) { for (const s of texts) f(s); n += texts.length; } const r = n*1000/(performance.now()-st); console.log(name.padEnd(28), r.toFixed(0).padStart(8), '/s', (1e6/r).toFixed(1), 'µs'); }
rate('classify', (s) => t.classify(s, 'fr'));
rate('detectLocale', (s) => t.detectLocale(s, 'fr'));
rate('normalizeTokens', (s) => normalizeTokens(s));
rate('normalizeText', (s) => normalizeText(s));
const norms = new Map(texts.map(s=>[s, normalizeTokens(s).join(' ')]));
rate('readCues', (s) => readCues(norms.get(s)!));
rate('read+complete', (s) => { const n = norms.get(s)!; return completeCues(readCues(n), n); });
rate('clauseSaysUrgent', (s) => clauseSaysUrgent(norms.get(s)!));
