/** Locale detection for short, messy citizen messages: franc-min, function words, a trained model, the hint. */
import { franc } from 'franc-min';
import { SUPPORTED_LOCALES } from '../core/triage.js';
import { FeatureAccumulator, type FeatureVec } from './locale-features.js';
import { FNV_PRIME, fmix } from './model/hashing.js';
import { SoftmaxModel, type Example } from './softmax.js';

/** A supported locale code. */
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const FRANC_CODES: Record<string, Locale> = { fra: 'fr', eng: 'en', spa: 'es', arb: 'ar', deu: 'de', por: 'pt', ita: 'it' };
const FRANC_ONLY = Object.keys(FRANC_CODES);

/**
 * Words that almost only one of our languages uses. franc alone gets 3-8-word messages wrong a
 * quarter of the time ("bonjour je voudrais porter plainte" → Portuguese); these fix most of that.
 */
const CUES: Record<Locale, string> = {
  fr: `je j tu il elle nous vous est suis mon ma mes le les des du au aux une et ou pour avec dans sur pas ne
    qu que qui quoi bonjour bonsoir merci salut oui non comment porter plainte voisin vol volé perdu faire
    veux voudrais peux c est ai été ce cette ces sa ses leur leurs mais donc ni chez très aussi encore déjà
    toujours jamais rien personne quelqu là ici aujourd hui demain maintenant ça cela ceci était avait sont
    ont fait dit peut doit faut svp stp cmt jsuis chui jai cest`,
  en: `i my me the is are was you your it and or of to in on how what where when can do does did have has hello
    hi thanks please stolen lost want need police station yes no this that these those there their they them
    we our us he she his her him its been being am were would should could just very really about from by
    with at don doesn isn who which why because but if than today tonight yesterday tomorrow here some any
    all every people someone something nothing keep get got going know think thank cheers mate guys`,
  es: `el la los las mi mis me yo es está estoy que qué cómo dónde por para con una un y o hola gracias sí
    robaron perdí quiero necesito tengo denuncia comisaría al hay muy pero cuando esto ese esa eso ahora hoy
    ayer mañana noche también fue soy tiene tienen hace hacer puedo puede mucho bueno usted ustedes señor
    chico chica cuándo cuánto cuál`,
  // Arabic in Arabic script needs no cue (its letters decide); these are the words of Arabic typed in Latin
  // letters (Arabizi) in the Maghreb, Egypt, the Levant and the Gulf, none of them a word of the other six.
  ar: `wach wech wesh kifach kifash kifech kifeh kifesh chnou chno chnowa chnia shu shou chou dyal dyali diali ta3
    ta3i mta3 mta3i bzaf bezaf bzzaf barcha barsha daba dorka drk darwek tawa hala2 halla2 hallak delwa2ti dilwa2ti
    dlw2ty delwa2ty alhin hassa hessa 3la 3ala 3and 3andi 3ndi 3endi 3ayez 3ayz 3awez 3awz baddi bidi badde ana nta
    ntaya nti enta enti howa huwa hiya heya rani rana rahi raho raha kayn kayen kayna fama famma famech makaynch
    makaynsh machi mashi mich mish msh mech mosh ma3lich ma3lesh wallah wllah walah wlh inshallah nchallah inchallah
    hamdoulah hamdullah hamdulillah lhamdulillah salam slm sba7 saba7 mar7ba marhba marhaba chokran choukran shukran
    shokran yallah yalla khoya khouya khouti 5oya akhi ukhti okhti 7aja l7aja ghir lach 3lach 3lah leh lesh lish
    chhal ch7al 9adesh 9addech addesh hna hena hnaya ghadi bghit bghina 7na e7na ehna hadchi hada hadi hadak
    hadik haka hakka kda keda kidha 9bel khlas khalas ya3ni yaani zaama 3adi ma3a m3a m3aya ma3aya m3ak 3lik 3lih
    3liha 3liya liya fih fiha mzyan mezyan mlih kwayes kwayis mni7 tab3an ahla ahlan 3aychin dak dik zwin 7ta
    wa7ed wahed wa7da rajli rajel mrati 3yalat weldi wlidi`,
  de: `ich mein meine mich mir der die das ist bin und oder nicht wie wo was wurde mit ein eine hallo danke ja
    nein habe brauche polizei gestohlen verloren einer einen einem eines den dem des sie er wir ihr uns euch
    sein seine ihre auch aber weil wenn dass denn doch schon noch nur sehr jetzt heute gestern morgen nacht
    alles nichts etwas jemand niemand sind haben wird werden kann können muss soll möchte bitte welche
    welcher wer wann warum wieso gibt gerade draußen unten oben`,
  pt: `o a os as meu minha eu é estou que como onde por para com um uma e ou olá obrigado obrigada sim não
    roubaram perdi quero preciso tenho queixa polícia você nao voce vocês na nas ao aos à às pelo pela pelos
    pelas isso isto esse essa aquele ali agora hoje ontem amanhã noite tudo muito também tambem já estão
    estava foi sou tem têm há fazer posso pode senhor senhora rapaz menino menina ele ela eles elas seu sua
    dele dela então entao tá`,
  it: `il lo la gli le mio mia io è sono che come dove per con un una e o ciao grazie sì non hanno rubato perso
    voglio devo ho denuncia polizia questura della dello degli delle dei nel nella nei negli sul sulla alla
    allo ai agli dal dalla ci vi anche perché perche questo questa questi quello quella qua oggi ieri domani
    adesso ora stasera stanotte notte tutto tutti tutte niente qualcosa qualcuno già siamo hai abbiamo stato
    stata fatto fare può molto prego buongiorno buonasera signore signora ragazzo ragazza bambino quale chi
    però`,
};

/** Each cue word → the indexes (in SUPPORTED_LOCALES) of the languages that list it: one lookup a word. */
const CUE_LOCALES = new Map<string, number[]>();
for (const [l, words] of Object.entries(CUES) as [Locale, string][]) {
  const i = SUPPORTED_LOCALES.indexOf(l);
  for (const w of new Set(words.split(/\s+/).filter(Boolean))) CUE_LOCALES.set(w, [...(CUE_LOCALES.get(w) ?? []), i]);
}
const ES = SUPPORTED_LOCALES.indexOf('es');
const AR = SUPPORTED_LOCALES.indexOf('ar');
/** A word with a letter-digit of Arabizi (2 ء/ق, 3 ع, 5 خ, 7 ح, 9 ق/ص) next to at least two letters. */
const ARABIZI_WORD = /^(?:[a-z]*[23579][a-z]{2,}|[a-z]{2,}[23579][a-z]*|[a-z]+[23579][a-z]+)$/;
/** Ordinals and SMS words that have the same shape: "3eme", "2nd", "2day". */
const ORDINAL = /^\d+(?:e|er|ere|eme|em|ieme|nd|rd|th|st|day)$/;

const LETTER = /\p{L}/u;

/** Letters in `text` and how many of them are Arabic (one pass over the characters, no copies). */
function countLetters(text: string): { letters: number; arabic: number } {
  let letters = 0,
    arabic = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const l = c | 32;
      if (l >= 97 && l <= 122) letters++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      // A character outside the BMP (emoji, rare scripts): test it whole.
      const cp = text.codePointAt(i)!;
      i++;
      if (LETTER.test(String.fromCodePoint(cp))) letters++;
      continue;
    }
    if (c >= 0x600 && c <= 0x6ff) arabic++;
    if (LETTER.test(text[i]!)) letters++;
  }
  return { letters, arabic };
}
/** More than 30 % of the letters are Arabic ones: Arabic before any model is asked. */
function mostlyArabic({ letters, arabic }: { letters: number; arabic: number }): boolean {
  return letters > 0 && arabic / letters > 0.3;
}

// Leave-one-writer-out on 2–8-word lines (scripts/triage-lab/locale-lowo.ts): 1,000 a language 98.1 %, 2,000 98.4 %.
const MAX_PER_LOCALE = 2000;

/** True when `value` is a supported locale code. */
export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

function rawWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const SEED_WORD = 0x2f1d7a93;
const SEED_CHAR = 0x6a09e667;
const localeAcc = new FeatureAccumulator();

/**
 * Features that tell languages apart: accented letters matter here, so text keeps its accents.
 * Words and character 1-3-grams of ` word `, hashed from the character codes (no substrings).
 */
function localeBag(words: readonly string[]): FeatureVec {
  const acc = localeAcc;
  acc.reset();
  for (const w of words) {
    let h = SEED_WORD;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), FNV_PRIME);
    acc.add(fmix(h), 1);
    const last = w.length + 1;
    for (let n = 1; n <= 3; n++) {
      const seed = Math.imul(SEED_CHAR ^ n, FNV_PRIME);
      for (let i = 0; i + n <= w.length + 2; i++) {
        let g = seed;
        for (let p = i; p < i + n; p++) g = Math.imul(g ^ (p === 0 || p === last ? 32 : w.charCodeAt(p - 1)), FNV_PRIME);
        acc.add(fmix(g), 0.3);
      }
    }
  }
  return acc.take(false);
}

/** A word's votes for the languages (indexed like SUPPORTED_LOCALES), added to `into` from `offset`. */
function addWordVotes(w: string, into: Float64Array, offset: number): void {
  const found = CUE_LOCALES.get(w);
  if (found) for (const i of found) into[offset + i]! += 1;
  // A digit inside a word stands for an Arabic sound in Arabizi ("3la", "wa7ed", "sra9", "2odami").
  if (ARABIZI_WORD.test(w) && !ORDINAL.test(w)) into[offset + AR]! += 1;
}

/** Votes from franc (long enough texts) and the text's signs, added to the words' votes in `scores`. */
function addTextVotes(text: string, scores: Float64Array): Float64Array {
  // Only Spanish opens a question or an exclamation upside down.
  if (text.includes('¿') || text.includes('¡')) scores[ES]! += 1;
  if (text.length >= 25) {
    const code = FRANC_CODES[franc(text, { only: FRANC_ONLY, minLength: 3 })];
    if (code) scores[SUPPORTED_LOCALES.indexOf(code)]! += 1.5;
  }
  return scores;
}

const K = SUPPORTED_LOCALES.length;
/** Words whose reading a detector keeps: a language's frequent words recur from message to message. */
const WORD_MEMO_MAX = 50_000;

/**
 * The trained model and the cue words, read word by word: both are sums over words (the model is
 * linear in its features, and a word's features are its own), so each word's part is computed once
 * and kept. Reading a word's ~20 features scattered over the weights cost more than the rest of the
 * detection on a busy hub, where they are rarely still in the CPU's caches (docs/deploy.md).
 */
class WordReader {
  /** Per word: its model scores (K), then its votes (K). */
  private readonly memo = new Map<string, Float64Array>();

  /** `vocabulary`: the words whose reading may be kept, those of the detector's own material; a word a
   * citizen wrote that it does not hold (a name, a number) is read again each time, never kept. */
  constructor(
    private readonly model: SoftmaxModel,
    private readonly vocabulary: ReadonlySet<string>,
  ) {}

  private of(w: string): Float64Array {
    let part = this.memo.get(w);
    if (!part) {
      part = new Float64Array(2 * K);
      this.model.addScores(localeBag([w]), part);
      addWordVotes(w, part, K);
      if (!this.vocabulary.has(w)) return part;
      if (this.memo.size >= WORD_MEMO_MAX) this.memo.clear();
      this.memo.set(w, part);
    }
    return part;
  }

  /** The model's probabilities and the words' votes. */
  read(words: readonly string[]): { probs: Float64Array; votes: Float64Array } {
    const probs = new Float64Array(K);
    const votes = new Float64Array(K);
    for (const w of words) {
      const part = this.of(w);
      for (let k = 0; k < K; k++) {
        probs[k]! += part[k]!;
        votes[k]! += part[K + k]!;
      }
    }
    return { probs: this.model.probabilitiesOf(probs), votes };
  }
}

/** Detect the locale from rules only (franc-min plus cue words); `hint` wins when unsure. */
export function detectLocale(text: string, hint?: string): Locale {
  return pickLocale(text, hint, undefined);
}

/** What the detector read in a text, before any hint: the best locale and every locale's score. */
interface LocaleScores {
  /** No letter at all, or nothing the rules recognise without a model: only the hint can say. */
  blank: boolean;
  best: Locale;
  bestScore: number;
  combined: Float64Array;
  words: number;
}

function scoreLocales(text: string, reader: WordReader | undefined): LocaleScores | Locale {
  const counts = countLetters(text);
  const combined = new Float64Array(K);
  if (counts.letters === 0) return { blank: true, best: 'fr', bestScore: -1, combined, words: 0 };
  if (mostlyArabic(counts)) return 'ar';
  const words = rawWords(text);
  let probs: Float64Array | undefined;
  let rules: Float64Array;
  if (reader) ({ probs, votes: rules } = reader.read(words));
  else {
    rules = new Float64Array(K);
    for (const w of words) addWordVotes(w, rules, 0);
  }
  // franc costs as much as the rest of triage: ask it only when the trained model hesitates.
  let top = 0;
  if (probs) for (const p of probs) top = Math.max(top, p);
  if (top < 0.9) addTextVotes(text, rules);
  let total = 0;
  for (const v of rules) total += v;
  total ||= 1;
  let best: Locale = 'fr';
  let bestScore = -1;
  for (let i = 0; i < SUPPORTED_LOCALES.length; i++) {
    const r = rules[i]! / total;
    const s = probs ? 0.6 * probs[i]! + 0.4 * r : r;
    combined[i] = s;
    if (s > bestScore) {
      best = SUPPORTED_LOCALES[i]!;
      bestScore = s;
    }
  }
  return { blank: !probs && bestScore <= 0, best, bestScore, combined, words: words.length };
}

/** Whether a short or uncertain reading yields to a `hint` of another locale ("ok", "merci", a name). */
function yieldsTo(scores: LocaleScores, hintScore: number): boolean {
  return (scores.words <= 2 && scores.bestScore < 0.85) || scores.bestScore - hintScore < 0.15;
}

function pickLocale(text: string, hint: string | undefined, reader: WordReader | undefined): Locale {
  const scores = scoreLocales(text, reader);
  if (typeof scores === 'string') return scores;
  const fallback: Locale = isLocale(hint) ? hint : 'fr';
  if (scores.blank) return fallback;
  if (isLocale(hint) && scores.best !== hint && yieldsTo(scores, scores.combined[SUPPORTED_LOCALES.indexOf(hint)]!)) return hint;
  return scores.best;
}

/** The locale pickLocale gives `text` whatever the hint, or undefined when some hint would change it. */
function sureLocale(text: string, reader: WordReader | undefined): Locale | undefined {
  const scores = scoreLocales(text, reader);
  if (typeof scores === 'string') return scores;
  if (scores.blank) return undefined;
  for (let i = 0; i < SUPPORTED_LOCALES.length; i++) {
    if (SUPPORTED_LOCALES[i] !== scores.best && yieldsTo(scores, scores.combined[i]!)) return undefined;
  }
  return scores.best;
}

/** A locale detector trained on the knowledge phrases, falling back to rules and the hint. */
export class LocaleDetector {
  private readonly model = new SoftmaxModel(SUPPORTED_LOCALES.length);
  private readonly reader: WordReader;

  constructor(samples: readonly { text: string; locale: string }[], options: { maxPerLocale?: number; epochs?: number } = {}) {
    const maxPerLocale = options.maxPerLocale ?? MAX_PER_LOCALE;
    // A text in Arabic script is Arabic before the model is asked (scoreLocales): the model learns Arabic
    // from the lines typed in Latin letters only, which would otherwise be a few among thousands.
    const modelled = samples.filter((s) => !mostlyArabic(countLetters(s.text)));
    const counts = new Map<string, number>();
    for (const s of modelled) counts.set(s.locale, (counts.get(s.locale) ?? 0) + 1);
    const examples: Example[] = [];
    const taken = new Map<string, number>();
    for (const s of modelled) {
      // A couple of thousand texts per language tell them apart; more only slows start-up.
      // Taken evenly across the list so every intent's vocabulary is represented.
      const n = (taken.get(s.locale) ?? 0) + 1;
      taken.set(s.locale, n);
      const stride = Math.max(1, counts.get(s.locale)! / maxPerLocale);
      if (Math.floor(n / stride) === Math.floor((n - 1) / stride)) continue;
      const label = (SUPPORTED_LOCALES as readonly string[]).indexOf(s.locale);
      if (label < 0) continue;
      // Balance languages: French has six times the phrases of Italian, which must not bias short texts.
      examples.push({ x: localeBag(rawWords(s.text)), label, weight: Math.min(3, 200 / Math.min(maxPerLocale, counts.get(s.locale)!)) });
    }
    this.model.train(examples, { epochs: options.epochs ?? 3, learningRate: 0.4, l2: 1e-5 });
    const vocabulary = new Set<string>();
    for (const s of samples) for (const w of rawWords(s.text)) vocabulary.add(w);
    this.reader = new WordReader(this.model, vocabulary);
  }

  /** The locale of `text`; `hint` (the channel's or user's locale) decides short or unsure cases. */
  detect(text: string, hint?: string): Locale {
    return pickLocale(text, hint, this.reader);
  }

  /** The locale of `text` when no hint could change it (what `detect` would say with any hint), else
   * undefined: a message that is sure of its language can be triaged before its conversation is read. */
  sure(text: string): Locale | undefined {
    return sureLocale(text, this.reader);
  }
}
