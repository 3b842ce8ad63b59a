/**
 * The hub's hand-written cue lexicon read as FEATURES, not as a verdict: which danger kinds it
 * names and which look-alike markers it sees (past, hypothetical, procedure, joke, money, noise…).
 * The model weighs them against the words; the lexicon's rule decision itself is not a feature.
 * (When moved into src/triage/, import from './urgency-cues.js'.)
 */
import { CUE_KEYS, completeCues, readCues } from '../../../src/triage/urgency-cues.js';

/** Cue names of a message given as normalised tokens (for FeatureOptions.extra). */
export function cueFlags(tokens: readonly string[]): string[] {
  const norm = tokens.join(' ');
  const c = completeCues(readCues(norm), norm);
  const out: string[] = c.kinds.map((k) => `kind:${k}`);
  for (const f of CUE_KEYS) if (c[f]) out.push(f);
  return out;
}
