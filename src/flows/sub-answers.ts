/** Which of an intent's sub-answers (`answers:` in its knowledge file) a citizen's message asks for.
 * The triage has already named the intent; this only tells "ma voiture est à la fourrière" from
 * "comment faire une procuration" inside it. Deterministic and small: accent-insensitive character
 * trigrams of the triage's normalised words (stop words aside), weighted by how rare they are among
 * all the content's phrases, and the cosine to the closest phrase; under the threshold, no
 * sub-answer (the intent's own answer). */
import type { Content, KnowledgeEntry, SubAnswer } from '../content/types.js';
import { normalizeText } from '../triage/normalize.js';
import { STOP_WORDS } from '../help/stop-words.js';

/** Cosine to the closest phrase a message needs for its sub-answer to be said. Measured with the
 * autre sub-answers (test/flows/sub-answers.test.ts): paraphrases in the seven languages 0.45–0.85,
 * vague or other `autre` messages ("j'ai une question", "I need help", "mon proche a disparu") 0.06–0.35. */
export const SUB_ANSWER_THRESHOLD = 0.42;

type Vector = Map<string, number>;

interface Matcher {
  phrases: { vector: Vector; answer: SubAnswer }[];
  idf: Map<string, number>;
  /** The weight of a trigram no phrase has (as rare as can be). */
  unseen: number;
}

const matchers = new WeakMap<KnowledgeEntry, Matcher>();

/** The sub-answer `text` asks for, with its score; undefined when none is close enough. */
export function matchSubAnswer(
  content: Pick<Content, 'knowledge'>,
  entry: KnowledgeEntry,
  text: string,
  threshold = SUB_ANSWER_THRESHOLD,
): { answer: SubAnswer; score: number } | undefined {
  if (!entry.answers.length || !text.trim()) return undefined;
  const matcher = matcherFor(content, entry);
  const message = weigh(trigrams(text), matcher.idf, matcher.unseen);
  let best: { answer: SubAnswer; score: number } | undefined;
  for (const phrase of matcher.phrases) {
    const score = cosine(message, phrase.vector);
    if (!best || score > best.score) best = { answer: phrase.answer, score };
  }
  return best && best.score >= threshold ? best : undefined;
}

function matcherFor(content: Pick<Content, 'knowledge'>, entry: KnowledgeEntry): Matcher {
  let matcher = matchers.get(entry);
  if (matcher) return matcher;
  // Every language's phrases at once: the citizen's words are compared with all of them (a
  // trigram shared across languages is rare enough not to matter at the threshold).
  const raw = entry.answers.flatMap((answer) => Object.values(answer.phrases).flatMap((list) => list.map((p) => ({ grams: trigrams(p), answer }))));
  // How rare a trigram is, counted over every phrase of the content (all topics' training phrases
  // too): "question", "aide", "information" are everywhere, so a vague message matches nothing.
  const background = [...content.knowledge.values()].flatMap((e) => [
    ...Object.values(e.phrases).flat(),
    ...e.answers.flatMap((a) => Object.values(a.phrases).flat()),
  ]);
  const documents = new Map<string, number>();
  for (const phrase of background) for (const gram of trigrams(phrase).keys()) documents.set(gram, (documents.get(gram) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [gram, count] of documents) idf.set(gram, Math.log((background.length + 1) / count));
  const unseen = Math.log(background.length + 1);
  matcher = { idf, unseen, phrases: raw.map(({ grams, answer }) => ({ vector: weigh(grams, idf, unseen), answer })) };
  matchers.set(entry, matcher);
  return matcher;
}

/** Character trigrams of the normalised words, each padded with spaces ("ma voiture" → " ma", "ma ", " vo"...). */
function trigrams(text: string): Vector {
  const grams: Vector = new Map();
  for (const word of normalizeText(text).split(' ')) {
    // "le", "my", "une" are in every phrase: left out, a vague message shares nothing with a sub-answer.
    if (!word || STOP_WORDS.has(word)) continue;
    const padded = ` ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      grams.set(gram, (grams.get(gram) ?? 0) + 1);
    }
  }
  return grams;
}

/** TF-IDF; a trigram no phrase has still lengthens the message's vector (a long message about
 * something else scores low). */
function weigh(grams: Vector, idf: Map<string, number>, unseen: number): Vector {
  const out: Vector = new Map();
  for (const [gram, count] of grams) out.set(gram, count * (idf.get(gram) ?? unseen));
  return out;
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [gram, weight] of a) dot += weight * (b.get(gram) ?? 0);
  if (!dot) return 0;
  return dot / (norm(a) * norm(b));
}

function norm(v: Vector): number {
  let sum = 0;
  for (const weight of v.values()) sum += weight * weight;
  return Math.sqrt(sum);
}
