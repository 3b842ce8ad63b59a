import { expect } from 'chai';
import { INTENT_IDS } from '../../src/core/triage.js';
import { loadTriageContent, normalizeText, type RelaisTriage } from '../../src/triage/index.js';
import { ROOT, readData, trainedTriage } from './trained.js';

interface Row {
  text: string;
  locale: string;
  intent: string;
}

describe('triage: intents', () => {
  let triage: RelaisTriage;
  before(async () => {
    triage = await trainedTriage();
  });

  it('reaches its accuracy floor per language on the held-out test split', () => {
    const floors: Record<string, number> = { fr: 0.87, en: 0.87, es: 0.8, ar: 0.8, de: 0.8, pt: 0.8, it: 0.8 };
    const by = new Map<string, { ok: number; n: number }>();
    for (const row of readData<Row>('intents-test.jsonl')) {
      const s = by.get(row.locale) ?? { ok: 0, n: 0 };
      s.n++;
      if (triage.classify(row.text).intent === row.intent) s.ok++;
      by.set(row.locale, s);
    }
    for (const [locale, floor] of Object.entries(floors)) {
      const s = by.get(locale)!;
      expect(s.ok / s.n, `${locale}: ${s.ok}/${s.n}`).to.be.at.least(floor);
    }
  });

  it('reads SMS style, missing accents and capitals', () => {
    expect(normalizeText("Jveux porter PLAINTE stp, c'est pr ma CB")).to.equal('je veux porter plainte s il te plait c est pour ma carte bancaire');
    expect(triage.classify('jai des prelevement chelou sur ma cb alors que je l ai tjrs').intent).to.equal('fraude_carte');
    expect(triage.classify('OU EST LE COMISSARIAT LE + PROCHE').intent).to.equal('commissariat');
    expect(triage.classify('jveux parler a un humain stp').intent).to.equal('agent');
  });

  it('finds the question after context in a long message', () => {
    const text =
      "Bonjour, je vous écris parce que depuis ce matin je cherche partout, j'ai fouillé la voiture et " +
      "appelé le restaurant d'hier soir, rien. Je crois que j'ai perdu ma carte d'identité, comment je fais pour la refaire ?";
    expect(triage.classify(text).intent).to.equal('perte_papiers');
  });

  it('returns a confidence and ranked alternatives for the clarifying question', () => {
    const r = triage.classify('je voudrais des renseignements');
    expect(r.confidence).to.be.within(0, 1);
    for (const a of r.alternatives) {
      expect(INTENT_IDS).to.include(a.intent);
      expect(a.intent).to.not.equal(r.intent);
      expect(a.confidence).to.be.at.most(r.confidence);
    }
    const confidences = r.alternatives.map((a) => a.confidence);
    expect(confidences).to.deep.equal([...confidences].sort((a, b) => b - a));
  });

  it('keeps the test split out of the training phrases', async () => {
    const { content } = await loadTriageContent(ROOT);
    const trained = new Set<string>();
    for (const e of content.knowledge.values()) for (const list of Object.values(e.phrases)) for (const p of list) trained.add(normalizeText(p));
    const leaked = readData<Row>('intents-test.jsonl').filter((r) => trained.has(normalizeText(r.text)));
    expect(leaked.map((r) => r.text)).to.deep.equal([]);
  });

  it('never trips on words that name JavaScript object properties', () => {
    for (const text of ['constructor', 'le constructor de la maison', '__proto__ toString valueOf hasOwnProperty']) {
      expect(() => triage.classify(text)).not.to.throw();
    }
  });
});
