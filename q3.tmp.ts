import { readFileSync } from 'node:fs';
import { loadTriageContent, createTriage } from './src/triage/index.js';
const { content } = await loadTriageContent('/work/main');
const t = await createTriage(content, { modelDir: '/tmp/relais-model' });
const texts = ['intents-test.jsonl','urgency-pairs.jsonl'].flatMap(f=>readFileSync(`test/data/triage/${f}`,'utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l))).flatMap(r=>[r.text,r.urgent,r.lookalike].filter(Boolean));
const st = performance.now(); let n = 0; while (performance.now()-st < 4000) { for (const s of texts) t.classify(s, 'fr'); n += texts.length; }
console.log(n*1000/(performance.now()-st));
