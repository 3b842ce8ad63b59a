/** Content is data: the real flows/ and knowledge/ load clean, and editors' mistakes are named at file:line. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { INTENT_IDS } from '../../src/core/triage.js';
import { ROOT, copyContent } from '../helpers/hub.js';

describe('content loading and validation', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-content-'));
    copyContent(ROOT, dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the real content with every intent of the contract', async () => {
    const { content, problems } = await loadContent(ROOT);
    expect(problems).to.deep.equal([]);
    expect([...content!.knowledge.keys()].sort()).to.deep.equal([...INTENT_IDS].sort());
    expect(content!.flow.steps.get(content!.flow.start)!.choices).to.have.length(3);
  });

  it('names the line of a goto to a missing step', async () => {
    const file = join(dir, 'flows/main.yaml');
    const text = readFileSync(file, 'utf8').replace('goto: victim\n', 'goto: victime\n');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('goto: victime')) + 1;
    const { content, problems } = await loadContent(dir);
    expect(content).to.equal(undefined);
    expect(problems).to.deep.include({ file: 'flows/main.yaml', line, message: 'step "welcome" goes to "victime", which does not exist' });
  });

  it('reports YAML syntax errors, unknown intents, bad links and missing translations', async () => {
    writeFileSync(
      join(dir, 'flows/extra.yaml'),
      'steps:\n  extra:\n    say: {fr: "Bonjour"}\n    choices:\n      - id: x\n        label: {fr: a, en: b}\n        answer: not_an_intent\n',
    );
    const kb = join(dir, 'knowledge/intents/vol.yaml');
    writeFileSync(kb, readFileSync(kb, 'utf8').replace(/url: https:\/\/\S+/, 'url: javascript:alert(1)'));
    writeFileSync(join(dir, 'knowledge/intents/stupefiants.yaml'), 'intent: stupefiants\ntitle: [oops\n');
    const { problems } = await loadContent(dir);
    const messages = problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).to.include('flows/extra.yaml:3: "say" has no "en" text');
    expect(messages).to.include('flows/extra.yaml:7: "not_an_intent" is not an intent id of the triage contract');
    expect(messages.some((m) => m.startsWith('knowledge/intents/vol.yaml:') && m.includes('full https://'))).to.equal(true);
    // The YAML parser's own message, located in the broken file (it points at the end of the open bracket).
    expect(messages.some((m) => /^knowledge\/intents\/stupefiants\.yaml:[23]: .*\]/.test(m))).to.equal(true);
  });

  it('requires the seven complete languages in everything a citizen reads (agents’ notes: French and English)', async () => {
    const kb = join(dir, 'knowledge/intents/vol.yaml');
    // Drop the Arabic answer of the theft topic.
    const topic = parse(readFileSync(kb, 'utf8')) as { answer: Record<string, string> };
    delete topic.answer.ar;
    const edited = stringify(topic);
    writeFileSync(kb, edited);
    const answerLine = edited.split('\n').findIndex((l) => l.startsWith('answer:')) + 1;
    const { content, problems } = await loadContent(dir);
    expect(content).to.equal(undefined);
    // Located at the answer's texts (the line under "answer:").
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).to.include(`knowledge/intents/vol.yaml:${answerLine + 1}: "answer" has no "ar" text`);

    const corpus = join(dir, 'knowledge/corpus/a/urgency.jsonl');
    writeFileSync(corpus, `${readFileSync(corpus, 'utf8')}{"text": "x", "locale": "fr", "danger": "soon", "intent": "vol"}\n`);
    const bad = (await loadContent(dir)).problems.find((p) => p.file === 'knowledge/corpus/a/urgency.jsonl');
    expect(bad?.message).to.equal('"danger" must be "now", "maybe" or "none"');
    expect(bad?.line).to.equal(601);
  });

  it('requires every system phrase', async () => {
    const file = join(dir, 'flows/phrases.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^survey_thanks:[\s\S]*?(?=^\S)/m, ''));
    const { problems } = await loadContent(dir);
    expect(problems.map((p) => p.message)).to.include('phrase "survey_thanks" is missing');
  });
});
