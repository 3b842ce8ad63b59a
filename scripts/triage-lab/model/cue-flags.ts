/**
 * The hub's hand-written cue lexicon read as FEATURES, not as a verdict: which danger kinds it
 * names and which look-alike markers it sees (past, hypothetical, procedure, joke, money, noise…).
 * The model weighs them against the words; the lexicon's rule decision itself is not a feature.
 * (When moved into src/triage/, import from './urgency-cues.js'.)
 */
import { completeCues, readCues } from '../../../src/triage/urgency-cues.js';

const FLAGS = [
  'perfect',
  'weakHelp',
  'nowStrong',
  'nowWeak',
  'past',
  'over',
  'habit',
  'hypothetical',
  'procedure',
  'online',
  'joke',
  'money',
  'present',
  'unhurt',
  'noise',
  'works',
] as const;

/** Cue names of a message given as normalised tokens (for FeatureOptions.extra). */
export function cueFlags(tokens: readonly string[]): string[] {
  const norm = tokens.join(' ');
  const c = completeCues(readCues(norm), norm);
  const out: string[] = c.kinds.map((k) => `kind:${k}`);
  for (const f of FLAGS) if (c[f]) out.push(f);
  return out;
}
