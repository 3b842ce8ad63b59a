import { expect } from 'chai';
import { arabiziConceptsOf, dangerConceptsOf } from '../../src/triage/model/danger-concepts.js';
import { normalizeTokens } from '../../src/triage/normalize.js';
import { loadTriageContent } from '../../src/triage/index.js';
import { ROOT } from './trained.js';

/** Darija words French writers use as such ("wesh", "daba"): Arabic in a French line, rightly read. */
const BORROWED = new Set(['daba', 'chnoua', 'lazem']);

describe('triage: danger concepts of Arabic typed in Latin letters (Arabizi)', () => {
  it('gives the Arabic-script concepts to their Latin spellings, glued prefixes and suffixes included', () => {
    expect(dangerConceptsOf('kaydrebni')).to.include('hit');
    expect(dangerConceptsOf('sekkina')).to.include('weapon');
    expect(dangerConceptsOf('kaytneffesch')).to.include('breathing');
    expect(dangerConceptsOf('l7oboob')).to.include('intake');
    expect(dangerConceptsOf('ytab3ni')).to.include('follow');
    expect(dangerConceptsOf('daba')).to.include('now');
  });

  // A part looked for inside Latin tokens could land in another language's word ("~sot" in "sotto",
  // "~fat" in "fatigue"): then it would change the triage of Italian or English messages.
  it("adds no concept to any word of the six other languages' lines", async () => {
    const { content } = await loadTriageContent(ROOT);
    const texts = [...content.corpus.urgency, ...content.corpus.intents].filter((l) => l.locale !== 'ar').map((l) => l.text);
    for (const entry of content.knowledge.values()) {
      for (const [locale, list] of Object.entries(entry.phrases)) if (locale !== 'ar') texts.push(...list.map(String));
    }
    const tokens = new Set(texts.flatMap((t) => normalizeTokens(t)));
    const landed = [...tokens].filter((t) => !BORROWED.has(t) && arabiziConceptsOf(t).length > 0);
    expect(tokens.size).to.be.greaterThan(20000);
    expect(landed).to.deep.equal([]);
  });
});
