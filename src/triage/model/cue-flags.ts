/**
 * The hand-written cue lexicon read as FEATURES, not as a verdict: which danger kinds it names and
 * which look-alike markers it sees (past, hypothetical, procedure, joke, money, noise…). The model
 * weighs them against the words. The same reading serves the lexicon floor (`ruleSaysUrgent`), so
 * a message's patterns run once: the reading is kept for the tokens array it was made from, as long as it lives.
 */
import { CUE_KEYS, clauseSaysUrgent, readAllCues, ruleSaysUrgent, type UrgencyCues } from '../urgency-cues.js';

/** Readings by tokens array: weakly, so that a message's words go with its array. */
const readings = new WeakMap<readonly string[], UrgencyCues>();

/** Every cue of a message given as normalised tokens (memoised for the same array). */
export function cuesOf(tokens: readonly string[]): UrgencyCues {
  let cues = readings.get(tokens);
  if (!cues) {
    cues = readAllCues(tokens.join(' '));
    readings.set(tokens, cues);
  }
  return cues;
}

/** Cue names of a message given as normalised tokens (for FeatureOptions.extra). */
export function cueFlags(tokens: readonly string[]): string[] {
  const c = cuesOf(tokens);
  const out: string[] = c.kinds.map((k) => `kind:${k}`);
  for (const f of CUE_KEYS) if (c[f]) out.push(f);
  return out;
}

/**
 * The lexicon as a floor under the model: undefined when it reads no danger; else `now` when the writer
 * also says it is happening now ("il m'étrangle maintenant"), `maybe` otherwise. The hub's decision
 * (create-triage.ts) and the lab's threshold policy read it here, so both judge the same floor.
 */
export function lexiconFloor(tokens: readonly string[]): 'now' | 'maybe' | undefined {
  const cues = cuesOf(tokens);
  if (!(ruleSaysUrgent(cues) || clauseSaysUrgent(tokens.join(' ')))) return undefined;
  // A past act and a word of time, no act in the present ("on a été cambriolés la semaine dernière, je fais
  // quoi maintenant ?"): the "now" belongs to the question, not to a danger. The citizen is asked, and the
  // model still says `now` where the words say the danger is back ("…et maintenant il est devant ma porte").
  if (cues.past && !cues.present) return 'maybe';
  return cues.nowStrong ? 'now' : 'maybe';
}
