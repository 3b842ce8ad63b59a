import { expect } from 'chai';
import { readCues, ruleSaysUrgent, normalizeText, type RelaisTriage } from '../../src/triage/index.js';
import { readData, trainedTriage } from './trained.js';

interface Pair {
  urgent: string;
  lookalike: string;
  locale: string;
  family: string;
  kind: string;
  intent: string;
}

describe('triage: urgency', () => {
  let triage: RelaisTriage;
  before(async () => {
    triage = await trainedTriage();
  });

  // Representative pairs of every look-alike family the contract names: the urgent message must
  // show the emergency numbers (danger now, or maybe with the question), its look-alike must not
  // raise the alarm.
  const families: Record<string, [string, string][]> = {
    past: [
      ['au secours mon copain me frappe là', "mon copain m'a frappée l'an dernier, je peux encore porter plainte ?"],
      ['he is beating me right now', 'he beat me two years ago'],
    ],
    calm: [['il me tape dessus en ce moment, je suis enfermée dans la chambre', 'il me tape dessus depuis des années quand il boit, comment partir ?']],
    hypothetical: [
      ["quelqu'un essaie de forcer ma porte d'entrée", "que faire si quelqu'un essaie de forcer ma porte ?"],
      ['a man with a knife is threatening people in the station', 'what should I do if someone threatens me with a knife?'],
    ],
    procedure: [
      ['il vient de me frapper et il est encore dans la maison', 'comment porter plainte pour des coups reçus ?'],
      ['un homme armé dans le hall de mon immeuble', 'comment déclarer une arme de chasse héritée ?'],
    ],
    joke: [
      ['je veux en finir, j ai les cachets dans la main', 'ce dossier va me tuer mdr'],
      ['my kitchen is on fire', 'that show was fire lol'],
    ],
    noise: [['chez le voisin une femme crie au secours et on entend des coups', 'le voisin met la musique à fond en ce moment']],
    paperwork: [['urgent mon père ne respire plus', 'urgent il me faut une attestation de perte pour demain']],
    money: [['un homme me menace avec un couteau pour avoir ma carte', 'on vient de me débiter 400 euros sur ma carte']],
    over: [['le cambrioleur est encore dans la maison, je suis cachée dans le jardin', "on m'a cambriolé pendant mes vacances, ils sont partis avec la télé"]],
  };

  for (const [family, pairs] of Object.entries(families)) {
    it(`tells danger now from the "${family}" look-alikes`, () => {
      for (const [urgent, lookalike] of pairs) {
        expect(triage.classify(urgent).danger, urgent).to.be.oneOf(['now', 'maybe']);
        expect(triage.classify(lookalike).danger, lookalike).not.to.equal('now');
      }
    });
  }

  it('gives the contract intent to urgent messages', () => {
    expect(triage.classify('au secours mon mari me frappe').intent).to.equal('violences');
    expect(triage.classify("il y a quelqu'un chez moi, je l'entends marcher en bas").intent).to.equal('cambriolage');
    expect(triage.classify('un homme me suit depuis la gare, j ai peur').intent).to.equal('harcelement');
    expect(triage.classify('je vais me suicider ce soir').intent).to.equal('autre');
    expect(triage.classify("il y a le feu dans l'immeuble").intent).to.equal('autre');
  });

  it('detects danger in every supported language', () => {
    for (const text of [
      'Socorro, mi marido me está pegando',
      'Hilfe, jemand ist in meiner Wohnung',
      'aiuto, un uomo mi sta seguendo',
      'socorro, há um incêndio na minha casa',
      'رجل يهددني بسكين الآن',
      'help, someone is breaking in',
    ]) {
      expect(triage.classify(text).urgent, text).to.equal(true);
    }
  });

  // Written for this test, not taken from the corpus: six dialects, each a danger happening now.
  it('detects danger now in Arabic typed in Latin letters (Arabizi)', () => {
    for (const text of [
      'rajli kaydrebni daba w msedd 3liya lbab',
      'fi wa7ed dakhel l dar daba kansma3 fih f lcuisine',
      'baba ta7 w ma kayjawebnich w ma kaytneffesch mzyan',
      'fi wa7ed ma3o sekkine bara l bab w 3am yhaddedna',
      'khalas ana ta3bana w el leila di hakhallas 3ala nafsi el 7oboob 2odami',
      'fama wa7ed ytab3ni mel metro w taw wra dahri',
    ]) {
      expect(triage.classify(text).danger, text).to.equal('now');
    }
    // Their look-alikes: a past blow and a procedure, a joke, a film, a burglary over.
    for (const text of [
      'kifach ndir plainte 3la wa7ed drabni chhar li fat',
      'had lkhedma katqtelni hhh walakin ghadi nkmel',
      'chaft film dyal l horreur lbare7 w ma n3ast walou',
      'sara2o el beit lamma kunna msafrin el sayf elli fat, shu a3mel la2amin',
    ]) {
      expect(triage.classify(text).danger, text).to.not.equal('now');
    }
  });

  it('explains its verdict through the cues it read', () => {
    const cues = readCues(normalizeText("que faire si quelqu'un entre chez moi ?"));
    expect(cues.kinds).to.include('intruder');
    expect(cues.hypothetical).to.equal(true);
    expect(ruleSaysUrgent(cues)).to.equal(false);
  });

  it('asks when in doubt: a possible danger told without its timing is "maybe", never "now"', () => {
    for (const text of [
      "mon voisin n'a pas ouvert ses volets depuis trois jours",
      "je ne sais pas si je dois m'inquiéter, mon voisin crie depuis tout à l'heure",
    ]) {
      const r = triage.classify(text);
      expect(r.danger, text).to.equal('maybe');
      expect(r.urgent).to.equal(false);
    }
  });

  it('a menu number typed alone is no danger: digits only are "none" (the model had learnt "3" from "3e étage")', () => {
    for (const text of ['3', '2)', '12', ' 1. ', '4 5']) expect(triage.classify(text, 'fr').danger, text).to.equal('none');
    expect(triage.classify('🆘', 'fr').danger).to.not.equal('none'); // the SOS sign is read as a word
    expect(triage.classify('3 hommes armés devant chez moi', 'fr').danger).to.not.equal('none');
  });

  it('reports urgent exactly when the danger is "now"', () => {
    for (const text of ['au secours il me frappe', 'mon voisin ne répond plus depuis hier', 'comment porter plainte ?']) {
      const r = triage.classify(text);
      expect(r.urgent, text).to.equal(r.danger === 'now');
    }
  });

  it('keeps the lexicon as a floor: what it reads as urgent is at least "maybe", and "now" when now is said outright', () => {
    expect(triage.explain('mon conjoint m étrangle maintenant').danger).to.equal('now');
    const reading = triage.explain('violences en cours chez mes voisins');
    expect(reading.lexiconSaysUrgent).to.equal(true);
    expect(reading.danger).to.be.oneOf(['now', 'maybe']);
  });

  it('asks, without the alarm, when a past act comes with a question about what to do now', () => {
    // Found by an outside probe: the lexicon's "now" word ("jetzt", "ahora", "en ce moment") belonged to the
    // writer's question, and the floor raised a burglary of last week to danger now.
    for (const text of [
      'Bei uns wurde letzte Woche eingebrochen, was muss ich jetzt tun?',
      'mein Nachbar hat mich letzten Monat mit einem Messer bedroht, was soll ich jetzt machen?',
      "mon ex m'a menacée avec un couteau l'an dernier, il sort de prison en ce moment, je fais quoi ?",
      'me atracaron con una navaja el mes pasado, ¿qué tengo que hacer ahora?',
    ]) {
      const reading = triage.explain(text);
      expect(reading.lexiconSaysUrgent, text).to.equal(true);
      expect(reading.danger, text).to.equal('maybe');
    }
    // The same past act with the danger told in the present is still danger now.
    for (const text of ['il m a frappée hier et il recommence maintenant', 'he hit me yesterday and right now he is banging on the door']) {
      expect(triage.classify(text).danger, text).to.equal('now');
    }
  });

  it('shows the numbers for a child missing for an hour told in everyday words, and reads an Arabic date as past', () => {
    // Found by a second outside probe (210 messages written blind in 7 languages): "seit einer Stunde weg"
    // and "se nos perdió" were not read as a missing child, and "قبل شهرين" (two months ago) was no past
    // marker, so "الآن" ("now", of a calm state) raised a past blow to danger now.
    for (const text of [
      'Unser Sohn (6) ist seit einer Stunde weg, wir haben den ganzen Campingplatz abgesucht',
      'wir finden unsere Tochter nicht mehr, sie war eben noch am Spielplatz',
      'no encontramos a mi hijo de 5 años, se nos perdió en el mercadillo hace una hora',
      'mon fils est parti depuis une heure on le trouve pas',
    ]) {
      expect(triage.explain(text).lexiconSaysUrgent, text).to.equal(true);
      expect(triage.classify(text).danger, text).to.be.oneOf(['now', 'maybe']);
    }
    expect(triage.classify('زوجي ضربني قبل شهرين، الآن نحن منفصلان. هل ما زال بإمكاني تقديم شكوى؟').danger).to.not.equal('now');
    // A blow an hour ago with the man still in the house stays danger now.
    expect(triage.classify('ضربني قبل ساعه وهو ما زال في البيت').danger).to.equal('now');
  });

  it('keeps recall and precision on the labelled pairs (regression guard)', () => {
    const pairs = [
      ...readData<Pair>('urgency-pairs.jsonl'),
      ...readData<Pair>('urgency-dev.jsonl'),
      ...readData<Pair>('urgency-dev2.jsonl'),
      ...readData<Pair>('urgency-dev3.jsonl'),
    ];
    // Measured with the seven writers' corpus (thresholds 0.5 / 0.1): now 96.5 %, now-or-maybe 100 %,
    // look-alikes now 1.8 %, maybe 7.7 %. With nineteen writers (0.51 / 0.11): now 98.2 %, now-or-maybe
    // 100 %, look-alikes now 3.7 %, maybe 12.7 %. With thirty-nine (2^18 slots, 0.54 / 0.25 for the hub's
    // whole decision): now 97.4 %, now-or-maybe 100 %, look-alikes now 1.8 %, maybe 6.4 %; with the editors'
    // 42 place answers ("je suis à Saint-Quentin" had been read as a danger now): 96.7 / 100 / 1.5 / 6.4 —
    // a danger told as "je suis …" weighs a little less; every one still gets the numbers. With forty-five
    // (0.47 / 0.23): now 98.2 %, now-or-maybe 100 %, look-alikes now 3.1 % (14 of 456, mostly a danger
    // told in the past: "il m'a frappé avec sa ceinture il y a 3 ans"), maybe 7.9 % — the price of the
    // recall the unseen writers and the blind split gained (docs/triage.md, "Thresholds"). With forty-seven
    // (two of Arabic in Latin letters; 0.51 / 0.24): 96.9 / 100 / 2.0 / 8.8 %; forty-nine (four; 0.50 / 0.24):
    // 97.1 / 100 / 1.5 / 7.0 % — within what the training's seed alone moves (seed 9 instead of 7, forty-five
    // writers: now 97.1 %).
    const now = pairs.filter((p) => triage.classify(p.urgent).urgent).length;
    const shown = pairs.filter((p) => triage.classify(p.urgent).danger !== 'none').length;
    const falseAlarms = pairs.filter((p) => triage.classify(p.lookalike).urgent).length;
    const asked = pairs.filter((p) => triage.classify(p.lookalike).danger === 'maybe').length;
    expect(now / pairs.length).to.be.at.least(0.965);
    expect(shown / pairs.length).to.be.at.least(0.995);
    expect(falseAlarms / pairs.length).to.be.at.most(0.035);
    expect(asked / pairs.length).to.be.at.most(0.09);
  });

  it('reads cries for help from people who write little, or not in good French', () => {
    for (const text of ['police vite', 'help quick police', 'homme dans appartement moi cacher sous lit', 'un homme suivre moi depuis la gare, moi peur']) {
      expect(triage.classify(text).urgent, text).to.equal(true);
    }
    for (const text of [
      'police question quick about my fine',
      'au secours je comprends rien au site de la pré-plainte',
      'exercice incendie au lycée ce matin, alarme très forte',
    ]) {
      expect(triage.classify(text).urgent, text).to.equal(false);
    }
  });

  it('reads the look-alike markers only when a danger or a cry for help was found', () => {
    const calm = readCues(normalizeText('je voudrais renouveler mon passeport'));
    expect(calm.kinds).to.deep.equal([]);
    expect(calm.complete).to.equal(false);
    const danger = readCues(normalizeText("il m'a frappée hier"));
    expect(danger.complete).to.equal(true);
    expect(danger.past).to.equal(true);
  });

  it("reads danger in the lead's later probes (other voices: witnesses, non-native, fragments)", async () => {
    // urgency-probes.jsonl: single messages written after the dev sets, in other people's styles.
    const triage = await trainedTriage();
    const probes = readData<{ text: string; urgent: boolean }>('urgency-probes.jsonl');
    const urgent = probes.filter((p) => p.urgent);
    // Measured with the seven writers' corpus: now 86.7 %, now-or-maybe 99.8 % (one miss), one calm message "now".
    // With nineteen writers: now 92.3 %, now-or-maybe 100 %, three calm messages "now" of 123 (a threat a
    // year ago "maintenant" in prison: the lexicon's "now said outright" floor; rats; tears over a burglary).
    // With thirty-nine: now 91.4 %, now-or-maybe 100 %, one calm message "now" (the prison one); with the
    // editors' place answers 89.7 / 100 / one. With forty-five (0.47 / 0.23): 95.1 / 100 / four (the
    // prison one, "quelle est la peine pour coups et blessures ?", a keyed car, a son missing for years). With
    // forty-seven (0.51 / 0.24): 91.4 / 100 / one (the prison one); forty-nine (0.50 / 0.24): 91.1 / 100 / one;
    // the `now` the Arabic in Latin letters cost
    // here is still shown the numbers (docs/triage.md, "Arabic in Latin letters").
    const missed = urgent.filter((p) => triage.classify(p.text, 'fr').danger === 'none').map((p) => p.text);
    const notNow = urgent.filter((p) => !triage.classify(p.text, 'fr').urgent);
    const falseAlarms = probes.filter((p) => !p.urgent && triage.classify(p.text, 'fr').urgent).map((p) => p.text);
    expect(missed.length / urgent.length, missed.join(' | ')).to.be.at.most(0.005);
    expect(notNow.length / urgent.length).to.be.at.most(0.09);
    expect(falseAlarms.length, falseAlarms.join(' | ')).to.be.at.most(4);
  });
});
