/** The help centre's search: a citizen's words, misspelt or without accents, against each topic's
 * title, answer and training phrases. Built once per content version (a hot reload builds anew);
 * a search reads a few thousand words at most, well under a millisecond. */
import type { Content, KnowledgeEntry } from '../content/types.js';
import type { IntentId } from '../core/triage.js';
import { baseLocale, isLanguageKey, pickText } from '../i18n/phrases.js';
import { normalizeTokens } from '../triage/normalize.js';
import { STOP_WORDS } from './stop-words.js';
import { helpEntries } from './topics.js';

/** A topic found, with how well it matched (only the order matters). */
export interface HelpHit {
  intent: IntentId;
  score: number;
}

/** What `searchHelp` may be told. */
export interface HelpSearchOptions {
  /** At most this many topics (default 10). */
  limit?: number;
}

// Where a word was found says how much it tells: a title names the topic, the phrases are how
// people ask about it, the answer is long and mentions neighbouring subjects.
const TITLE = 3;
const PHRASES = 2;
const ANSWER = 1;

// How close a citizen's word must be to a topic's word, and what that closeness is worth.
const EXACT = 1;
const PREFIX = 0.8; // "cambrio" while typing "cambriolage"
const ONE_EDIT = 0.75; // "procuraton", "banciare" (a swap of two letters is one edit)
const TWO_EDITS = 0.5; // long words only: "commissariat" as "comisariat"

/** Topics scoring under this are noise (a frequent word matched and nothing else). */
const MIN_SCORE = 1;
/** Topics scoring under this share of the best one are dropped: the best answers, not all answers. */
const RELATIVE_CUTOFF = 0.35;
/** The citizen's language counts fully; French and English (the content's complete languages) stand in
 * for it at this weight when the citizen's words are in them, or their language lacks text. */
const FALLBACK_WEIGHT = 0.7;

/** The words of one language's topics. */
interface LanguageIndex {
  /** word → topic → what finding the word there is worth (its field's weight × its rarity). */
  postings: Map<string, Map<IntentId, number>>;
  /** The words in code-unit order: the words a prefix starts form one run. */
  sorted: string[];
  /** The words by length: a typo changes the length by at most the edits allowed. */
  byLength: Map<number, string[]>;
}

/** Every language's index, for one content version. */
type HelpIndex = Map<string, LanguageIndex>;

const indexes = new WeakMap<Content, HelpIndex>();

/** The topics matching `query`, best first; `locale`'s text first, French and English behind it. */
export function searchHelp(content: Content, query: string, locale: string, options: HelpSearchOptions = {}): HelpHit[] {
  const index = indexFor(content);
  const words = [...new Set(normalizeTokens(query).filter(isTopicWord))].slice(0, 20);
  if (!words.length) return [];
  const base = baseLocale(locale);
  const scores = new Map<IntentId, number>();
  for (const language of new Set([base, 'fr', 'en'])) {
    const languageIndex = index.get(language);
    if (!languageIndex) continue;
    const weight = language === base ? 1 : FALLBACK_WEIGHT;
    for (const [intent, score] of scoreTopics(languageIndex, words)) scores.set(intent, Math.max(scores.get(intent) ?? 0, score * weight));
  }
  const best = Math.max(0, ...scores.values());
  return [...scores]
    .filter(([, score]) => score >= MIN_SCORE && score >= best * RELATIVE_CUTOFF)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.limit ?? 10)
    .map(([intent, score]) => ({ intent, score }));
}

/** Each topic's score: for each word, its best match among the topic's words. */
function scoreTopics(index: LanguageIndex, words: string[]): Map<IntentId, number> {
  const scores = new Map<IntentId, number>();
  for (const word of words) {
    const best = new Map<IntentId, number>();
    for (const [term, closeness] of closeTerms(index, word)) {
      for (const [intent, worth] of index.postings.get(term)!) best.set(intent, Math.max(best.get(intent) ?? 0, closeness * worth));
    }
    for (const [intent, score] of best) scores.set(intent, (scores.get(intent) ?? 0) + score);
  }
  return scores;
}

/** The index's words close enough to `word`, with their closeness; only plausible ones are compared. */
function closeTerms(index: LanguageIndex, word: string): Map<string, number> {
  const found = new Map<string, number>();
  const consider = (term: string): void => {
    if (found.has(term)) return;
    const closeness = similarity(word, term);
    if (closeness) found.set(term, closeness);
  };
  if (word.length >= 4) {
    for (let i = firstAtLeast(index.sorted, word); i < index.sorted.length && index.sorted[i]!.startsWith(word); i++) consider(index.sorted[i]!);
  }
  const allowed = editsAllowed(word);
  for (let length = word.length - allowed; length <= word.length + allowed; length++) for (const term of index.byLength.get(length) ?? []) consider(term);
  return found;
}

/** The position of the first word not before `word` in sorted `words`. */
function firstAtLeast(words: string[], word: string): number {
  let [low, high] = [0, words.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (words[middle]! < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A word that may tell topics apart. */
function isTopicWord(word: string): boolean {
  return word.length > 1 && !STOP_WORDS.has(word);
}

/** Short words must be exact: "vol" is not "bol", and three letters leave no room for a typo. */
function editsAllowed(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/** How close a citizen's word is to a topic's word: 0 when not close enough to count. */
export function similarity(word: string, term: string): number {
  if (word === term) return EXACT;
  if (word.length >= 4 && term.startsWith(word)) return PREFIX;
  const allowed = editsAllowed(word);
  if (!allowed || Math.abs(word.length - term.length) > allowed) return 0;
  const edits = editDistance(word, term, allowed);
  if (edits > allowed) return 0;
  return edits === 1 ? ONE_EDIT : TWO_EDITS;
}

/** The table rows `editDistance` reuses from call to call (searches run one at a time). */
const ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`; `max + 1` once above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  // Three rows of the usual table, reused: row i is rows[i % 3] (a swap looks two rows back).
  if (ROWS[0]!.length <= b.length) for (let k = 0; k < 3; k++) ROWS[k] = new Int32Array(b.length + 16);
  const rows = ROWS;
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const current = rows[i % 3]!;
    const previous = rows[(i - 1) % 3]!;
    const before = rows[(i + 1) % 3]!; // row i - 2
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return Math.min(rows[a.length % 3]![b.length]!, max + 1);
}

function indexFor(content: Content): HelpIndex {
  let index = indexes.get(content);
  if (!index) {
    index = buildIndex(helpEntries(content));
    indexes.set(content, index);
  }
  return index;
}

function buildIndex(entries: KnowledgeEntry[]): HelpIndex {
  const languages = new Set(entries.flatMap((e) => [...Object.keys(e.title), ...Object.keys(e.answer), ...Object.keys(e.phrases)]).filter(isLanguageKey));
  const index: HelpIndex = new Map();
  for (const language of languages) {
    const postings = new Map<string, Map<IntentId, number>>();
    const add = (intent: IntentId, text: string, field: number): void => {
      for (const word of normalizeTokens(text)) {
        if (!isTopicWord(word)) continue;
        const topics = postings.get(word) ?? new Map<IntentId, number>();
        topics.set(intent, Math.max(topics.get(intent) ?? 0, field));
        postings.set(word, topics);
      }
    };
    for (const entry of entries) {
      // pickText falls back to English then French where this language has no text yet.
      add(entry.intent, pickText(entry.title, language), TITLE);
      for (const link of entry.links) add(entry.intent, pickText(link.label, language), ANSWER);
      add(entry.intent, pickText(entry.answer, language), ANSWER);
      for (const phrase of entry.phrases[language] ?? [...(entry.phrases.en ?? []), ...(entry.phrases.fr ?? [])]) add(entry.intent, phrase, PHRASES);
      // A sub-answer is part of its topic's page: its title and phrases say how people ask for it.
      for (const sub of entry.answers) {
        add(entry.intent, pickText(sub.title, language), PHRASES);
        add(entry.intent, pickText(sub.answer, language), ANSWER);
        for (const link of sub.links) add(entry.intent, pickText(link.label, language), ANSWER);
        for (const phrase of sub.phrases[language] ?? sub.phrases.en ?? []) add(entry.intent, phrase, PHRASES);
      }
    }
    // A word's rarity counts the topics it appears in, an answer's passing mention a third of a title:
    // "plainte" is in most answers, but only one topic is about it.
    const count = entries.length + 1;
    for (const topics of postings.values()) {
      const spread = [...topics.values()].reduce((sum, field) => sum + field / TITLE, 0);
      const rarity = Math.log(count / spread);
      for (const [intent, field] of topics) topics.set(intent, field * rarity);
    }
    const sorted = [...postings.keys()].sort();
    const byLength = new Map<number, string[]>();
    for (const word of sorted) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);
    index.set(language, { postings, sorted, byLength });
  }
  return index;
}
