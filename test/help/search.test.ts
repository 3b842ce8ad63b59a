/** The help centre's search over the real content: typos, missing accents and each of the seven
 * languages find their topic first; noise finds nothing; the index follows the content version. */
import { expect } from 'chai';
import { loadContent } from '../../src/content/load.js';
import type { Content } from '../../src/content/types.js';
import { editDistance, searchHelp, similarity } from '../../src/help/search.js';
import { helpEntries } from '../../src/help/topics.js';
import { ROOT } from '../helpers/hub.js';

/** [query, locale, the topic that must come first]. */
const FIRST: [string, string, string][] = [
  // Typos and missing accents (the examples first).
  ['procuraton', 'fr', 'autre'],
  ['carte banciare', 'fr', 'fraude_carte'],
  ['perdu passport', 'fr', 'perte_papiers'],
  ['cambriolâge', 'fr', 'cambriolage'],
  ['CAMBRIOLAGE', 'fr', 'cambriolage'],
  ['harcelement', 'fr', 'harcelement'],
  ['comisariat', 'fr', 'commissariat'],
  ['plainte', 'fr', 'plainte'],
  ['vol de velo', 'fr', 'vol'],
  ['bruit voisin', 'fr', 'voisinage'],
  ['devenir gendarme', 'fr', 'recrutement'],
  ['arnake en ligne', 'fr', 'arnaque_en_ligne'],
  // Each language finds its topic in its own words.
  ['stolen passport', 'en', 'perte_papiers'],
  ['proxy vote', 'en', 'autre'],
  ['perdí mi pasaporte', 'es', 'perte_papiers'],
  ['perdi mi pasaporte', 'es', 'perte_papiers'],
  ['فقدت جواز سفري', 'ar', 'perte_papiers'],
  ['Führerschein verloren', 'de', 'perte_papiers'],
  ['Fuhrerschein verloren', 'de', 'perte_papiers'],
  ['perdi o meu passaporte', 'pt', 'perte_papiers'],
  ['ho perso il passaporto', 'it', 'perte_papiers'],
  ['stolen bike', 'en', 'vol'],
  ['me robaron el móvil', 'es', 'vol'],
  ['estafa por internet', 'es', 'arnaque_en_ligne'],
  ['سرقوا هاتفي', 'ar', 'vol'],
  ['شكوى', 'ar', 'plainte'],
  ['Einbruch in meine Wohnung', 'de', 'cambriolage'],
  ['Betrug mit Bankkarte', 'de', 'fraude_carte'],
  ['assédio na rua', 'pt', 'harcelement'],
  ['queixa', 'pt', 'plainte'],
  ['truffa online', 'it', 'arnaque_en_ligne'],
  ['furto del telefono', 'it', 'vol'],
  // French and English stand in when the citizen's words are not in their language.
  ['procuration', 'de', 'autre'],
  ['bank card fraud', 'pt-BR', 'fraude_carte'],
];

describe('help search', () => {
  let content: Content;
  before(async () => {
    const loaded = await loadContent(ROOT);
    expect(loaded.problems).to.deep.equal([]);
    content = loaded.content!;
  });

  for (const [query, locale, intent] of FIRST) {
    it(`"${query}" (${locale}) → ${intent}`, () => {
      const hits = searchHelp(content, query, locale);
      expect(hits[0]?.intent, JSON.stringify(hits.slice(0, 3))).to.equal(intent);
    });
  }

  it('finds nothing for noise, stop words or an empty text', () => {
    for (const query of ['xyzzy', 'le la de', 'the of', '', '   ', '!!!']) expect(searchHelp(content, query, 'fr'), query).to.deep.equal([]);
  });

  it('never offers a conversation move (help: false) such as the greeting', () => {
    expect(helpEntries(content).map((e) => e.intent)).to.not.include.members(['salutation', 'agent']);
    expect(searchHelp(content, 'bonjour', 'fr').map((h) => h.intent)).to.not.include('salutation');
  });

  it('ranks best first and keeps to the limit', () => {
    const hits = searchHelp(content, 'vol passeport carte bancaire plainte', 'fr', { limit: 3 });
    expect(hits.length).to.be.within(1, 3);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).to.be.at.least(hits[i]!.score);
  });

  it('answers in well under a few milliseconds once the index is built', () => {
    searchHelp(content, 'warm up', 'fr');
    const queries = FIRST.map(([q, l]) => [q, l] as const);
    const started = performance.now();
    for (let round = 0; round < 20; round++) for (const [q, l] of queries) searchHelp(content, q, l);
    const each = (performance.now() - started) / (20 * queries.length);
    expect(each).to.be.below(20); // ~1 ms here; generous for a loaded CI machine
  });

  it('measures closeness: exact, prefix, one edit (a swap included), two for long words, none for short ones', () => {
    expect(similarity('passeport', 'passeport')).to.equal(1);
    expect(similarity('cambrio', 'cambriolage')).to.be.above(0);
    expect(similarity('banciare', 'bancaire')).to.be.above(0);
    expect(similarity('comisariat', 'commissariat')).to.be.above(0);
    expect(similarity('vol', 'bol')).to.equal(0);
    expect(similarity('xyzzy', 'plaint')).to.equal(0);
    expect(editDistance('kitten', 'sitting', 5)).to.equal(3);
    expect(editDistance('ab', 'ba', 2)).to.equal(1);
    expect(editDistance('abcdef', 'uvwxyz', 1)).to.equal(2);
  });
});
