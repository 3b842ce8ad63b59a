/** Easy-to-read French (FALC) as content: `fr_falc` beside `fr` where a citizen reads a long text,
 * required in the welcome and every answer, refused where nobody reads it, and always carrying the
 * emergency numbers of the French text. Problems are named at file:line like the rest. */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../src/content/load.js';
import { INTENT_IDS } from '../../src/core/triage.js';
import { ROOT, copyContent } from '../helpers/hub.js';

/** The 1-based line of the first line of `text` matching `pattern`. */
function lineOf(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((l) => pattern.test(l)) + 1;
}

describe('easy-to-read French in the content (fr_falc)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-falc-'));
    copyContent(ROOT, dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const messages = async () => (await loadContent(dir)).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);

  it('the real content has an easy-to-read welcome, entry steps, answers and main phrases', async () => {
    const { content, problems } = await loadContent(ROOT);
    expect(problems).to.deep.equal([]);
    for (const step of ['welcome', 'victim', 'report', 'information']) expect(content!.flow.steps.get(step)!.say.fr_falc, step).to.be.a('string');
    for (const intent of INTENT_IDS) expect(content!.knowledge.get(intent)!.answer.fr_falc, intent).to.be.a('string');
    for (const key of ['handoff_waiting', 'did_it_help', 'emergency_now', 'danger_question']) expect(content!.phrases[key]!.fr_falc, key).to.be.a('string');
    // The welcome's easy-to-read text keeps every emergency number of the usual one.
    for (const n of ['17', '112', '15', '18', '114']) expect(content!.flow.steps.get('welcome')!.say.fr_falc).to.match(new RegExp(`\\b${n}\\b`));
  });

  it('an answer without its easy-to-read text is a problem at the answer', async () => {
    const file = join(dir, 'knowledge/intents/vol.yaml');
    const text = readFileSync(file, 'utf8').replace(/^ {2}fr_falc: \|\n(?: {4}.*\n)+/m, '');
    writeFileSync(file, text);
    expect(await messages()).to.include(`knowledge/intents/vol.yaml:${lineOf(text, /^answer:/) + 1}: "answer" has no easy-to-read French text ("fr_falc")`);
  });

  it('a welcome whose easy-to-read text lost 17 and 112 is a problem at that text', async () => {
    const file = join(dir, 'flows/main.yaml');
    const text = readFileSync(file, 'utf8').replace(
      'Vous êtes en danger maintenant ? Appelez le 17 ou le 112.',
      'Vous êtes en danger maintenant ? Appelez la police.',
    );
    writeFileSync(file, text);
    expect(await messages()).to.include(
      `flows/main.yaml:${lineOf(text, /^ {6}fr_falc:/)}: "say" in "fr_falc" must give the emergency numbers of the French text: 17, 112 missing`,
    );
  });

  it('a welcome without an easy-to-read text is a problem; another step may go without', async () => {
    const file = join(dir, 'flows/main.yaml');
    const text = readFileSync(file, 'utf8')
      .replace(/^ {6}fr_falc: \|\n(?: {8}.*\n)+/m, '')
      .replace(/^ {6}fr_falc: "Vous voulez savoir.*\n/m, '');
    writeFileSync(file, text);
    const found = await messages();
    expect(found).to.include(`flows/main.yaml:${lineOf(text, /^ {4}say:/) + 1}: the welcome step "welcome" has no easy-to-read French text ("fr_falc")`);
    expect(found.filter((m) => m.includes('fr_falc'))).to.have.length(1);
  });

  it('an empty easy-to-read text, one where nobody reads it, and a key that is no language are problems', async () => {
    const phrases = join(dir, 'flows/phrases.yaml');
    const text = readFileSync(phrases, 'utf8').replace(/^ {2}fr_falc: "Cette réponse vous aide \?"$/m, '  fr_falc: "  "');
    writeFileSync(phrases, text);
    const kb = join(dir, 'knowledge/intents/plainte.yaml');
    const topic = readFileSync(kb, 'utf8')
      .replace(/^title: \{fr: /m, 'title: {fr_falc: "Plainte", fr: ')
      .replace(/^answer:\n/m, 'answer:\n  fr-FR: "Plainte"\n');
    writeFileSync(kb, topic);
    const found = await messages();
    expect(found).to.include(`flows/phrases.yaml:${lineOf(text, /^ {2}fr_falc: " {2}"/)}: "did_it_help" in "fr_falc" is empty`);
    expect(found).to.include(
      `knowledge/intents/plainte.yaml:${lineOf(topic, /^title:/)}: "title" has no easy-to-read version: "fr_falc" is read only in steps, answers and phrases`,
    );
    expect(found).to.include(`knowledge/intents/plainte.yaml:${lineOf(topic, /^ {2}fr-FR:/)}: "fr-FR" is not a two-letter language code (nor "fr_falc")`);
  });
});
