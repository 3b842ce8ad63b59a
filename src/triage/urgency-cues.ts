/** Reads urgency cues in a normalised message and gives the rule verdict, with its reasons. */
import {
  DANGER,
  NOT_A_JOKE,
  HABIT,
  HYPOTHETICAL,
  JOKE,
  MONEY,
  NOISE,
  NOW_STRONG,
  NOW_WEAK,
  ONLINE,
  OVER,
  PAST,
  PERFECT,
  PRESENT,
  PROCEDURE,
  UNHURT,
  WORKS,
  WEAK_HELP,
  type DangerKind,
} from './urgency-lexicon.js';
import type { IntentId } from '../core/triage.js';
import { PatternGate } from './pattern-gate.js';

/** What the cue patterns found in one message. */
export interface UrgencyCues {
  kinds: DangerKind[];
  perfect: boolean;
  weakHelp: boolean;
  nowStrong: boolean;
  nowWeak: boolean;
  past: boolean;
  over: boolean;
  habit: boolean;
  hypothetical: boolean;
  procedure: boolean;
  online: boolean;
  joke: boolean;
  money: boolean;
  present: boolean;
  unhurt: boolean;
  noise: boolean;
  works: boolean;
  /**
   * False when no danger was named and no cry for help or violent act was told: the look-alike
   * markers (all but the signs of "now") were then not read (they can only block, and there is nothing to block). Training and
   * prediction read cues the same way, so the model sees the same features in both.
   */
  complete: boolean;
}

const KINDS = Object.keys(DANGER) as DangerKind[];

// Every pattern behind one gate: a pattern runs only when one of its literal starts is in the text.
const PATTERNS: readonly RegExp[] = [
  ...KINDS.map((k) => DANGER[k]),
  PERFECT,
  WEAK_HELP,
  NOW_STRONG,
  NOW_WEAK,
  PAST,
  OVER,
  HABIT,
  HYPOTHETICAL,
  PROCEDURE,
  ONLINE,
  JOKE,
  NOT_A_JOKE,
  MONEY,
  PRESENT,
  UNHURT,
  NOISE,
  WORKS,
];
const INDEX = new Map(PATTERNS.map((p, i) => [p, i]));
const gate = new PatternGate(PATTERNS);

/** `pattern.test(norm)`, running only the alternatives the gate shows may match (read once per text; the
 * exported readers forget it when done, so that no message stays in memory past its reading). */
function matches(pattern: RegExp, norm: string): boolean {
  return gate.test(INDEX.get(pattern)!, norm);
}

function allCues(norm: string, kinds: DangerKind[], perfect: boolean, weakHelp: boolean, nowStrong: boolean, nowWeak: boolean): UrgencyCues {
  return {
    kinds,
    perfect,
    weakHelp,
    nowStrong,
    nowWeak,
    past: matches(PAST, norm),
    over: matches(OVER, norm),
    habit: matches(HABIT, norm),
    hypothetical: matches(HYPOTHETICAL, norm),
    procedure: matches(PROCEDURE, norm),
    online: matches(ONLINE, norm),
    joke: matches(JOKE, norm) && !matches(NOT_A_JOKE, norm),
    money: matches(MONEY, norm),
    present: matches(PRESENT, norm),
    unhurt: matches(UNHURT, norm),
    noise: matches(NOISE, norm),
    works: matches(WORKS, norm),
    complete: true,
  };
}

/**
 * Match the cue patterns against normalised text (see `normalizeText`). The look-alike markers are
 * read only when a danger kind, a cry for help or a violent act in the perfect tense was found
 * (the signs of "now" are always read: they help the model rescue what the rules miss).
 */
export function readCues(norm: string): UrgencyCues {
  try {
    return readKinds(norm);
  } finally {
    gate.forget();
  }
}

/** readCues then completeCues, the text read once. */
export function readAllCues(norm: string): UrgencyCues {
  try {
    return completeCues(readKinds(norm), norm);
  } finally {
    gate.forget();
  }
}

function readKinds(norm: string): UrgencyCues {
  const kinds: DangerKind[] = [];
  for (const k of KINDS) if (matches(DANGER[k], norm)) kinds.push(k);
  const perfect = matches(PERFECT, norm);
  const weakHelp = matches(WEAK_HELP, norm);
  const nowStrong = matches(NOW_STRONG, norm);
  const nowWeak = matches(NOW_WEAK, norm);
  if (kinds.length > 0 || perfect || weakHelp) return allCues(norm, kinds, perfect, weakHelp, nowStrong, nowWeak);
  return {
    kinds,
    perfect,
    weakHelp,
    nowStrong,
    nowWeak,
    past: false,
    over: false,
    habit: false,
    hypothetical: false,
    procedure: false,
    online: false,
    joke: false,
    money: false,
    present: false,
    unhurt: false,
    noise: false,
    works: false,
    complete: false,
  };
}

/** The same cues with every look-alike marker read (for a model rescue, which they may block). */
export function completeCues(c: UrgencyCues, norm: string): UrgencyCues {
  if (c.complete) return c;
  try {
    return allCues(norm, c.kinds, c.perfect, c.weakHelp, c.nowStrong, c.nowWeak);
  } finally {
    gate.forget();
  }
}

/**
 * The rule verdict. A danger must be described; then each look-alike family blocks it unless the
 * writer says it is happening now. "Now" said outright beats a habit, a question or a procedure
 * word, because a person in danger writes whatever comes ("il me frappe depuis des années et là il
 * recommence", "comment porter plainte il est encore là").
 */
export function ruleSaysUrgent(c: UrgencyCues): boolean {
  const anyNow = c.nowStrong || c.nowWeak;
  const helpCry = c.kinds.includes('help');
  // A food word or a laugh marks a joke, except around a child in danger ("un homme rôde avec des bonbons").
  if (c.joke && !c.nowStrong && !c.kinds.includes('child')) return false;
  if (c.kinds.length === 0 || (c.money && c.kinds.every((k) => k === 'help'))) {
    // "il m'a frappée, il est encore là" / "aidez-moi vite": a cry for help with presence.
    // "il m'a frappée hier et il recommence maintenant": a past act that is starting again now.
    if (c.money || c.hypothetical || (c.past && !(c.present && c.nowStrong)) || c.procedure || c.habit) return false;
    return (c.perfect || c.weakHelp || helpCry) && (c.nowStrong || (c.perfect && c.nowWeak));
  }
  if (c.hypothetical && !c.nowStrong) return false;
  // A crash in which nobody is hurt or inside is a report, not an emergency.
  if (c.unhurt && c.kinds.every((k) => k === 'crash')) return false;
  // "il tape sur les murs avec un marteau pour ses travaux": a tool at work, nothing else dangerous.
  if (c.works && c.kinds.every((k) => k === 'weapon') && !c.present && !c.nowStrong) return false;
  // "They ran off" ends a theft or an assault, not a suicide threat, a fire or a medical emergency.
  const overMatters = c.kinds.every((k) => k === 'violence' || k === 'weapon' || k === 'intruder' || k === 'followed' || k === 'help');
  // A past marker does not cancel a danger clause told in the present ("il m'a volé mon sac et il me frappe").
  if ((c.past || (c.over && overMatters)) && !c.nowStrong && !c.present) return false;
  // A habit calms violence ("quand il boit il me frappe"), not a body in danger ("elle dort et ne se réveille pas").
  if (c.habit && !c.nowStrong && !helpCry && !c.kinds.includes('medical')) return false;
  // "au secours je comprends rien au formulaire": a cry of despair about paperwork, not a danger.
  const helpOnly = c.kinds.every((k) => k === 'help');
  if ((c.procedure || c.online) && !anyNow && (!helpCry || helpOnly)) return false;
  return true;
}

// Where a message turns ("... mais ce soir il a sorti un couteau", "... and now he's outside"):
// a clause starts before these words, which stay with the clause they open.
const CLAUSE_BREAK =
  /\s(?=(?:mais|sauf que|pourtant|cependant|alors que|et icila|icila|et maintenant|maintenant|et ce soir|et cette nuit|en sortant|et (?:il|elle|ils|elles|on|le|la|les|un|une|des)|but|however|and (?:now|tonight|he|she|they|someone)|now)\b)/;

/**
 * The rule verdict clause by clause: a look-alike marker in one clause ("il me frappe depuis des
 * années", "I reported him last year") must not cancel a danger told now in another ("mais ce soir
 * il a sorti un couteau", "but he's outside my house now with a knife").
 */
export function clauseSaysUrgent(norm: string): boolean {
  const clauses = norm.split(CLAUSE_BREAK);
  if (clauses.length < 2) return false;
  return clauses.some((clause) => {
    const cues = readCues(clause);
    return cues.kinds.length > 0 && ruleSaysUrgent(cues);
  });
}

/** The contract's intent for an urgent message, from the kinds of danger found. */
export function urgentIntent(c: UrgencyCues): IntentId | undefined {
  if (c.kinds.includes('violence') || c.kinds.includes('weapon') || (c.perfect && c.kinds.length === 0)) return 'violences';
  if (c.kinds.includes('intruder')) return 'cambriolage';
  if (c.kinds.includes('followed')) return 'harcelement';
  if (c.kinds.length > 0) return 'autre';
  return undefined;
}

/** The look-alike and "now" markers a reading of the cues may set (read as features too). */
export const CUE_KEYS = [
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
