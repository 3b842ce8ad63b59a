import { expect } from 'chai';
import { detectLocale, type RelaisTriage } from '../../src/triage/index.js';
import { trainedTriage } from './trained.js';

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
});
