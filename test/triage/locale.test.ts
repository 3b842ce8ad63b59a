import { expect } from 'chai';
import { createTriage, detectLocale, loadTriageContent, type RelaisTriage } from '../../src/triage/index.js';
import { SUPPORTED_LOCALES } from '../../src/core/triage.js';
import { readData, ROOT, trainedTriage } from './trained.js';

describe('triage: locale', () => {
  let triage: RelaisTriage;
  before(async () => {
    triage = await trainedTriage();
  });

  const samples: Record<string, string[]> = {
    fr: ['bonjour je voudrais porter plainte', 'jai perdu mon permis', 'ou est la gendarmerie svp'],
    en: ['hello i lost my passport', 'my bike was stolen', 'where is the police station'],
    es: ['hola me robaron el móvil', '¿dónde está la comisaría?', 'perdí mi pasaporte'],
    ar: ['سرقوا هاتفي', 'أين مركز الشرطة', 'فقدت جواز سفري'],
    de: ['mein Handy wurde gestohlen', 'wo ist die Polizeiwache', 'ich habe meinen Ausweis verloren'],
    pt: ['roubaram o meu telemóvel', 'onde fica a esquadra', 'perdi o meu passaporte'],
    it: ['mi hanno rubato il telefono', "dov'è il commissariato", 'ho perso il passaporto'],
  };

  for (const [locale, texts] of Object.entries(samples)) {
    it(`detects ${locale}`, () => {
      for (const t of texts) expect(triage.classify(t).locale, t).to.equal(locale);
    });
  }

  // Arabic typed in Latin letters and digits ("Arabizi"), as many Arabic speakers text: the outside probe
  // read such messages as pt, en, it or de. These were written for this test, in six dialects.
  it('reads Arabic typed in Latin letters (Arabizi) as Arabic', () => {
    for (const text of [
      'salam 3afak bghit nchki 3la wa7ed sra9 liya tilifoni',
      "kifach ndir bach nbeddel la carte d'identité li tlfat liya",
      'ana 3ayez a3raf el 2esm fein ya basha',
      'shu lazem a3mel iza sara2o jazdani bel bus',
      'wesh rahi l commissariat m7loula lyoum wela la',
      'chkoun najem n7ki m3ah 3la mochkla m3a jari',
    ]) {
      expect(triage.classify(text).locale, text).to.equal('ar');
    }
  });

  it("keeps the channel's locale for messages too short to tell", () => {
    expect(triage.detectLocale('ok', 'de')).to.equal('de');
    expect(triage.detectLocale('👍', 'pt')).to.equal('pt');
    expect(triage.detectLocale('12345', 'it')).to.equal('it');
  });

  it('detects clear languages without a trained model too', () => {
    expect(detectLocale('Bonjour, je voudrais savoir comment porter plainte pour un vol')).to.equal('fr');
    expect(detectLocale('Hello, I would like to know how to report a stolen bike')).to.equal('en');
    expect(detectLocale('مرحبا')).to.equal('ar');
  });

  // The hub triages such a text before it reads the conversation (hub/receive.ts): that is right only if
  // no conversation's locale could have changed the verdict.
  it('classifies alone only texts whose verdict no locale hint changes, and then exactly as classify does', () => {
    const texts = [
      ...readData<{ text: string }>('intents-dev.jsonl').map((r) => r.text),
      ...readData<{ text: string }>('urgency-probes.jsonl').map((r) => r.text),
      ...Object.values(samples).flat(),
      ...['ok', 'merci', 'oui', '👍', '12345', 'Jean Dupont', 'help', 'hola', 'ciao grazie'],
    ];
    let alone = 0;
    for (const text of texts) {
      const verdict = triage.classifyAlone(text);
      const hinted = [undefined, ...SUPPORTED_LOCALES].map((hint) => triage.classify(text, hint));
      if (!verdict) {
        // Declined only when some hint does change it.
        expect(new Set(hinted.map((h) => h.locale)).size, text).to.be.greaterThan(1);
        continue;
      }
      alone++;
      for (const h of hinted) expect(h, text).to.deep.equal(verdict);
    }
    // Most citizens' messages say their language well enough (870 of these 896 did when written).
    expect(alone / texts.length).to.be.greaterThan(0.9);
    for (const short of ['ok', 'merci', '👍', '12345']) expect(triage.classifyAlone(short), short).to.equal(undefined);
  });

  // The detector keeps each word's reading (its model scores and cue votes) from message to message: what
  // it says of a text must not depend on what it read before, nor on a word being met twice in one text.
  it('reads a text the same whatever it read before', async () => {
    const texts = [
      ...readData<{ text: string }>('intents-dev.jsonl').map((r) => r.text),
      ...readData<{ text: string }>('urgency-probes.jsonl').map((r) => r.text),
      'vol vol vol de vélo, vol de vélo',
      'help help help',
    ];
    const hints = [undefined, ...SUPPORTED_LOCALES];
    const seen = texts.map((text) => hints.map((hint) => triage.detectLocale(text, hint)));
    // Another detector (the model is shared; the locale detector is new), reading the texts backwards.
    const fresh = await createTriage((await loadTriageContent(ROOT)).content);
    for (let i = texts.length - 1; i >= 0; i--) {
      expect(
        hints.map((hint) => fresh.detectLocale(texts[i]!, hint)),
        texts[i],
      ).to.deep.equal(seen[i]);
    }
    expect(triage.detectLocale('help help help')).to.equal('en');
  });
});
