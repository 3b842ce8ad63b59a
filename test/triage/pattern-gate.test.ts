/** The cue patterns' gate skips only patterns that cannot match: checked on every labelled message. */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeText } from '../../src/triage/index.js';
import { PatternGate, startsOfPattern } from '../../src/triage/pattern-gate.js';
import * as lexicon from '../../src/triage/urgency-lexicon.js';
import { ROOT } from './trained.js';

const PATTERNS: RegExp[] = [...Object.values(lexicon.DANGER), ...Object.values(lexicon).filter((v): v is RegExp => v instanceof RegExp)];

/** Every text of the labelled data (corpus and test sets), normalised as the triage reads it. */
function labelledTexts(): string[] {
  const files = [
    ...readdirSync(join(ROOT, 'knowledge/corpus'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => ['urgency', 'intents'].map((k) => join(ROOT, 'knowledge/corpus', d.name, `${k}.jsonl`)))
      .filter((file) => existsSync(file)), // some writers wrote urgency lines only
    ...['intents-test', 'intents-dev', 'urgency-pairs', 'urgency-dev', 'urgency-dev2', 'urgency-dev3', 'urgency-probes'].map((f) =>
      join(ROOT, 'test/data/triage', `${f}.jsonl`),
    ),
  ];
  const texts: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      for (const v of [row.text, row.urgent, row.lookalike]) if (typeof v === 'string') texts.push(normalizeText(v));
    }
  }
  return texts;
}

describe('triage: the cue patterns gate', function () {
  // Every pattern, whole, on every labelled message (~35,000 with fifteen writers): seconds idle, more on a busy machine.
  this.timeout(180_000);
  it('reads the literal starts of alternations, optional groups and lookbehinds', () => {
    expect(startsOfPattern(/\bcoups? de (?:pied|poing)\b|\bau secours\b/)).to.deep.equal({ atWord: ['coup', 'au secours'], anywhere: [] });
    expect(startsOfPattern(/\b(?:des )?cris et/)!.atWord).to.have.members(['des cris et', 'cris et']);
    expect(startsOfPattern(/(?<!pas )\bmaintenant\b|حريق/)).to.deep.equal({ atWord: ['maintenant'], anywhere: ['حريق'] });
    // An alternative whose start cannot be read keeps the whole pattern running.
    expect(startsOfPattern(/\bfeu\b|\w+ing now/)).to.equal(undefined);
  });

  it('never skips a pattern that matches, on every labelled message', () => {
    const gate = new PatternGate(PATTERNS);
    const texts = labelledTexts();
    expect(texts.length).to.be.above(10_000);
    let skipped = 0;
    const wrong: string[] = [];
    for (const text of texts) {
      const may = gate.candidates(text);
      PATTERNS.forEach((p, i) => {
        if (may[i]) return;
        skipped++;
        if (p.test(text)) wrong.push(`${p.source.slice(0, 40)} … on "${text}"`);
      });
    }
    expect(wrong).to.deep.equal([]);
    // And it is worth having: most pattern runs are skipped.
    expect(skipped / (texts.length * PATTERNS.length)).to.be.above(0.6);
  });

  it('answers exactly as each whole pattern does, running only the alternatives that may match', () => {
    const gate = new PatternGate(PATTERNS);
    const wrong: string[] = [];
    for (const text of labelledTexts()) {
      PATTERNS.forEach((p, i) => {
        if (gate.test(i, text) !== p.test(text)) wrong.push(`${p.source.slice(0, 40)} … on "${text}"`);
      });
    }
    expect(wrong).to.deep.equal([]);
    // A pattern with an unreadable alternative still has its other alternatives gated.
    const mixed = new PatternGate([/\bfeu\b|\w+ing now/]);
    expect(mixed.test(0, 'au feu')).to.equal(true);
    expect(mixed.test(0, 'he is coming now')).to.equal(true);
    expect(mixed.test(0, 'rien')).to.equal(false);
  });
});
