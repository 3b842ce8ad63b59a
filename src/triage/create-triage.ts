/**
 * Builds the triage from content: a learned model (danger in three levels and the intent, over
 * one hashed feature vector per message; see docs/triage.md), the hand-written danger lexicon as
 * a floor under it, and the locale detector. Training takes seconds, so a model trained on the
 * same material by the same code is reused: from memory in this process, else from the model file
 * (`relais train` writes it ahead of a start).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Content } from '../content/types.js';
import type { Danger, IntentId, Triage, TriageResult } from '../core/triage.js';
import { LocaleDetector } from './locale.js';
import { cuesOf, lexiconFloor } from './model/cue-flags.js';
import { LearnedTriage } from './model/learned-triage.js';
import { loadModel, saveModel } from './model/model-file.js';
import { trainOffThread } from './model/train-off-thread.js';
import { RECOMMENDED_OPTIONS } from './model/recommended.js';
import { buildTrainingSets } from './model/training-set.js';
import { normalizeTokens } from './normalize.js';
import { type UrgencyCues, urgentIntent } from './urgency-cues.js';

/** The intents an urgent message may keep from the classifier (the contract's urgent topics). */
const URGENT_TOPICS: ReadonlySet<IntentId> = new Set(['violences', 'cambriolage', 'harcelement']);
const MAX_ALTERNATIVES = 3;
const MIN_ALTERNATIVE = 0.03;

/** What the triage is trained on. */
export type TriageMaterial = Pick<Content, 'knowledge' | 'urgency' | 'corpus'>;

export interface TriageOptions {
  /** Where the model file is read and written (the hub's DATA_DIR); none: memory only. */
  modelDir?: string;
  /** Train on this thread (tools that do nothing else meanwhile); default: in a worker thread. */
  inline?: boolean;
  /** Only a model already trained (memory or file): undefined when it would have to be trained. */
  cachedOnly?: boolean;
}

/** Why a message got its danger level (for `relais triage --explain` and the logs). */
export interface DangerReading {
  danger: Danger;
  pNow: number;
  pMaybe: number;
  /** The lexicon's own verdict: when true the level is at least `maybe`. */
  lexiconSaysUrgent: boolean;
  cues: UrgencyCues;
}

/** A triage with a few extras for diagnostics and other modules. */
export interface RelaisTriage extends Triage {
  /** The locale of `text`; `hint` decides short or unsure cases. */
  detectLocale(text: string, hint?: string): string;
  /** The danger reading of a message, with the model's probabilities and the lexicon's cues. */
  explain(text: string): DangerReading;
  /** How long building took, in milliseconds, and where the model came from. */
  readonly trainingMs: number;
  readonly modelSource: 'trained' | 'file' | 'memory';
}

// One trained model per training material and code, shared by every content version and test hub of this process.
const trainedInProcess = new Map<string, LearnedTriage>();
const MAX_IN_PROCESS = 2;
const inFlight = new Map<string, Promise<LearnedTriage>>();

/** A token of digits only. */
const DIGITS = /^\p{N}+$/u;

let codeFingerprint: Promise<string> | undefined;

/** A hash of the triage's own source: a model trained by other code is never reused. */
function fingerprintOfCode(): Promise<string> {
  codeFingerprint ??= (async () => {
    const hash = createHash('sha256');
    const root = dirname(fileURLToPath(import.meta.url));
    for (const sub of ['.', 'model']) {
      const names = (await readdir(join(root, sub))).filter((n) => /\.[cm]?[jt]s$/.test(n)).sort();
      for (const n of names) hash.update(`${sub}/${n}`).update(await readFile(join(root, sub, n)));
    }
    return hash.digest('hex');
  })();
  return codeFingerprint;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The best intents other than `chosen`, most likely first, each at least `MIN_ALTERNATIVE`. */
function alternativesOf(ids: readonly string[], probs: Float64Array, chosen: string): TriageResult['alternatives'] {
  const picked: number[] = [];
  for (let n = 0; n < MAX_ALTERNATIVES; n++) {
    let best = -1;
    for (let i = 0; i < probs.length; i++) {
      if (ids[i] === chosen || picked.includes(i) || probs[i]! < MIN_ALTERNATIVE) continue;
      if (best < 0 || probs[i]! > probs[best]!) best = i;
    }
    if (best < 0) break;
    picked.push(best);
  }
  return picked.map((i) => ({ intent: ids[i] as IntentId, confidence: round(probs[i]!) }));
}

function localeSamples(content: TriageMaterial): { text: string; locale: string }[] {
  const out: { text: string; locale: string }[] = [];
  for (const entry of content.knowledge.values()) {
    for (const [locale, list] of Object.entries(entry.phrases)) for (const t of list) out.push({ text: String(t), locale });
  }
  for (const side of [content.urgency.urgent, content.urgency.notUrgent]) {
    for (const [locale, list] of Object.entries(side)) for (const t of list) out.push({ text: String(t), locale });
  }
  // The writers' lines: more voices per language (1,000 taken per language, evenly: see LocaleDetector).
  for (const line of content.corpus.intents) out.push(line);
  for (const line of content.corpus.urgency) out.push(line);
  return out;
}

/** The training sets from the content: knowledge phrases, urgency examples and the corpus. */
export function trainingSetsOf(content: TriageMaterial): ReturnType<typeof buildTrainingSets> {
  // A sub-answer's phrases are ways of asking its intent too ("ma voiture est à la fourrière" is `autre`):
  // without them the triage sends such questions to another intent and the sub-answer is never reached.
  const phrases = [...content.knowledge.values()].flatMap((entry) =>
    [entry.phrases, ...(entry.answers ?? []).map((a) => a.phrases)].flatMap((lists) =>
      Object.entries(lists).flatMap(([locale, list]) => list.map((text) => ({ text: String(text), locale, intent: entry.intent }))),
    ),
  );
  const flatten = (side: Record<string, string[]>) => Object.entries(side).flatMap(([locale, list]) => list.map((text) => ({ text: String(text), locale })));
  return buildTrainingSets(
    { phrases, urgent: flatten(content.urgency.urgent), notUrgent: flatten(content.urgency.notUrgent) },
    content.corpus.urgency,
    content.corpus.intents,
  );
}

/** Every token of the training texts, as the triage tokenises them (~0.3 s at start-up). */
function vocabularyOf(sets: ReturnType<typeof buildTrainingSets>): Set<string> {
  // Most intent lines are danger lines too (as `none`): each text tokenised once.
  const texts = new Set<string>();
  for (const list of [sets.danger, sets.intents]) for (const { text } of list) texts.add(text);
  const words = new Set<string>();
  for (const text of texts) for (const token of normalizeTokens(text)) words.add(token);
  return words;
}

/** The model every later call for the same material takes (a reload, `createTriage` after `relais train`),
 * set once to keep between messages only its own words, never a citizen's other ones (docs/security.md). */
function keepInProcess(key: string, model: LearnedTriage, sets: ReturnType<typeof buildTrainingSets>): void {
  model.keepOnly(vocabularyOf(sets));
  if (trainedInProcess.size >= MAX_IN_PROCESS) trainedInProcess.delete(trainedInProcess.keys().next().value!);
  trainedInProcess.set(key, model);
}

/** The key a trained model is stored under: the training material and the code that learns from it. */
async function keyOf(sets: ReturnType<typeof buildTrainingSets>): Promise<string> {
  return createHash('sha256')
    .update(await fingerprintOfCode())
    .update(JSON.stringify(sets))
    .digest('hex')
    .slice(0, 32);
}

/** Train (or reuse) the model and build the triage around it. */
export async function createTriage(content: TriageMaterial, options: TriageOptions & { cachedOnly: true }): Promise<RelaisTriage | undefined>;
export async function createTriage(content: TriageMaterial, options?: TriageOptions): Promise<RelaisTriage>;
export async function createTriage(content: TriageMaterial, options: TriageOptions = {}): Promise<RelaisTriage | undefined> {
  const started = performance.now();
  const sets = trainingSetsOf(content);
  const key = await keyOf(sets);
  let model = trainedInProcess.get(key);
  let modelSource: RelaisTriage['modelSource'] = 'memory';
  if (!model && options.modelDir) {
    const weights = await loadModel(options.modelDir, key);
    if (weights) {
      model = LearnedTriage.restore(weights, RECOMMENDED_OPTIONS);
      modelSource = 'file';
    }
  }
  if (!model && options.cachedOnly) return undefined;
  if (!model) {
    // Hubs and reloads of one process asking for the same model at once share one training.
    let training = inFlight.get(key);
    if (!training) {
      training = options.inline
        ? Promise.resolve(LearnedTriage.train(sets.danger, sets.intents, RECOMMENDED_OPTIONS))
        : trainOffThread(sets).then((weights) => LearnedTriage.restore(weights, RECOMMENDED_OPTIONS));
      inFlight.set(key, training);
      void training.finally(() => inFlight.delete(key)).catch(() => {});
    }
    model = await training;
    modelSource = 'trained';
    if (options.modelDir) await saveModel(options.modelDir, key, model.weights());
  }
  if (modelSource !== 'memory') keepInProcess(key, model, sets);
  const locales = new LocaleDetector(localeSamples(content));
  const learned = model;

  function read(tokens: string[], locale: string) {
    const verdict = learned.classifyTokens(tokens, locale);
    const cues = cuesOf(tokens);
    // The lexicon is a floor under the model, not the model: a danger it reads is at least `maybe` (the
    // citizen is asked), and `now` when the writer also says it is happening now ("il m'étrangle
    // maintenant", "intruso en mi casa ahora"): short, explicit cries the writers' long messages teach badly.
    const floor = lexiconFloor(tokens);
    // Digits and punctuation alone ("3", "2)", "12.") are a choice typed from a menu, or nothing: no words
    // describe a danger. The model has seen digits mostly in dangers ("3e étage", "3 mecs") and would doubt.
    let danger: Danger = tokens.every((t) => DIGITS.test(t)) ? 'none' : verdict.danger;
    if (floor && danger !== 'now') danger = floor;
    return { verdict, cues, lexiconSaysUrgent: floor !== undefined, danger };
  }

  function classify(text: string, localeHint?: string): TriageResult {
    return classifyIn(text, locales.detect(text, localeHint));
  }

  function classifyIn(text: string, locale: string): TriageResult {
    const tokens = normalizeTokens(text);
    if (tokens.length === 0) return { urgent: false, danger: 'none', intent: 'autre', confidence: 0, locale, alternatives: [] };
    const { verdict, cues, danger } = read(tokens, locale);
    const ids = learned.intentIds;
    let intent = verdict.intent as IntentId;
    let confidence = verdict.confidence;
    if (danger === 'now') {
      // The contract fixes an urgent message's intent from the kind of danger; the model breaks ties.
      const fromCues = urgentIntent(cues);
      intent = fromCues ?? (URGENT_TOPICS.has(intent) ? intent : 'autre');
      confidence = fromCues ? 1 : (verdict.intentProbs[ids.indexOf(intent)] ?? verdict.pNow);
    }
    return {
      urgent: danger === 'now',
      danger,
      intent,
      confidence: round(confidence),
      locale,
      alternatives: alternativesOf(ids, verdict.intentProbs, intent),
    };
  }

  function explain(text: string): DangerReading {
    const tokens = normalizeTokens(text);
    const { verdict, cues, lexiconSaysUrgent, danger } = read(tokens, locales.detect(text));
    return { danger: tokens.length ? danger : 'none', pNow: round(verdict.pNow), pMaybe: round(verdict.pMaybe), lexiconSaysUrgent, cues };
  }

  return {
    classify,
    classifyAlone: (text) => {
      const locale = locales.sure(text);
      return locale === undefined ? undefined : classifyIn(text, locale);
    },
    explain,
    detectLocale: (text, hint) => locales.detect(text, hint),
    trainingMs: performance.now() - started,
    modelSource,
  };
}

/**
 * Train the model for `content` and write it to `modelDir` (the `relais train` command);
 * `reuse`: take the model this process already trained on the same material, if any (tests).
 */
export async function trainModelFile(
  content: TriageMaterial,
  modelDir: string,
  options: { reuse?: boolean } = {},
): Promise<{ key: string; ms: number; examples: number }> {
  const started = performance.now();
  const sets = trainingSetsOf(content);
  const key = await keyOf(sets);
  const kept = options.reuse ? trainedInProcess.get(key) : undefined;
  const model = kept ?? LearnedTriage.train(sets.danger, sets.intents, RECOMMENDED_OPTIONS);
  await saveModel(modelDir, key, model.weights());
  if (!kept) keepInProcess(key, model, sets);
  return { key, ms: performance.now() - started, examples: sets.danger.length + sets.intents.length };
}
