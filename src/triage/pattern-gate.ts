/**
 * A cheap pre-check for the cue lexicon's big patterns: most of their alternatives begin with a
 * word boundary and a literal ("\bcoups? de", "\b(?:frappe|tape) sur"), so a pattern can only match
 * a text in which one of those literals starts a word. The literals are read from each pattern's
 * source once; per message, one look-up per word finds the patterns that may match, and only those
 * run. Sound by construction: a pattern with any alternative whose start cannot be read (an
 * optional group, a class, a lookahead…) is never skipped. The equivalence is tested on every
 * labelled message (test/triage/pattern-gate.test.ts).
 */

/** The literals one of which must start a word (or, for unbounded alternatives, appear anywhere). */
interface Starts {
  atWord: string[];
  anywhere: string[];
}

const PLAIN = /^[\p{L}\p{N} ]$/u;

/**
 * The structural characters of a pattern source from `from`, with the group depth before each:
 * escaped characters and character classes are skipped (a `|` or `)` there is a literal).
 */
function* structure(source: string, from: number): Generator<[index: number, char: string, depth: number]> {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    yield [i, c, depth];
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
}

/** Splits a pattern source at its top-level `|` (outside groups and classes). */
function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const [i, c, depth] of structure(source, 0)) {
    if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** The index just after the group opening at `open` (its matching `)`), or -1. */
function groupEnd(source: string, open: number): number {
  for (const [i, c, depth] of structure(source, open)) if (c === ')' && depth === 1) return i + 1;
  return -1;
}

/** How many literal starts one pattern may have before sequences stop being expanded. */
const MAX_STARTS = 4000;
/** A literal this long is selective enough: reading further adds little and multiplies the starts. */
const ENOUGH = 12;

/** A literal prefix of the matches of a branch; `done`: the branch ends after it (it may be extended). */
interface Prefix {
  word: string;
  done: boolean;
  /** A `\\b` (or `^`) precedes the literal. */
  bounded?: boolean;
}

/** A literal that starts every match of an alternative, and whether `\\b` (or `^`) precedes it. */
interface Start {
  word: string;
  bounded: boolean;
}

/**
 * The literal prefixes every match of `source[at..]` (one branch: no top-level `|`) begins with.
 * An empty prefix means "unknown from here": the caller keeps what it has read so far.
 */
function prefixes(source: string, at: number, depth: number): Prefix[] {
  if (depth > 12) return [{ word: '', done: false }];
  if (at >= source.length) return [{ word: '', done: true }];
  // Zero-width assertions constrain where a match is, not which characters it holds.
  if (source.startsWith('\\b', at) || source[at] === '^') {
    return prefixes(source, at + (source[at] === '^' ? 1 : 2), depth + 1).map((f) => ({ ...f, bounded: true }));
  }
  if (source[at] === '$') return prefixes(source, at + 1, depth + 1);
  if (source.startsWith('(?<!', at) || source.startsWith('(?<=', at) || source.startsWith('(?=', at) || source.startsWith('(?!', at)) {
    const end = groupEnd(source, at);
    return end < 0 ? [{ word: '', done: false }] : prefixes(source, end, depth + 1);
  }
  if (source.startsWith('(?:', at)) {
    const end = groupEnd(source, at);
    if (end < 0) return [{ word: '', done: false }];
    const quantifier = source[end];
    if (quantifier === '{' || quantifier === '+') return [{ word: '', done: false }];
    const options = topLevelAlternatives(source.slice(at + 3, end - 1)).flatMap((o) => prefixes(o, 0, depth + 1));
    const optional = quantifier === '?' || quantifier === '*';
    const following = prefixes(source, optional ? end + 1 : end, depth + 1);
    // A repeated group may be followed by itself: only what it begins with is certain.
    const extend = quantifier !== '*' && options.length * following.length <= MAX_STARTS;
    const out: Prefix[] = [];
    for (const o of options) {
      if (o.done && extend) for (const f of following) out.push({ word: o.word + f.word, done: f.done, bounded: o.bounded || (!o.word && f.bounded) });
      else out.push({ word: o.word, done: false, bounded: o.bounded });
    }
    // A skipped group: the match may begin with what follows it.
    if (optional) out.push(...following);
    return out;
  }
  let end = at;
  while (end < source.length && PLAIN.test(source[end]!)) end++;
  const next = source[end];
  // A quantified last character may be absent (or repeated): the literal stops before it.
  if (next === '?' || next === '*' || next === '{') return [{ word: source.slice(at, end - 1), done: false }];
  const run = source.slice(at, end);
  if (end >= source.length) return [{ word: run, done: true }];
  if (next === '+' || run.length >= ENOUGH) return [{ word: run, done: false }];
  // A group or an assertion follows: the literal may go on through it.
  if (source.startsWith('(?', end) || source.startsWith('\\b', end)) {
    return prefixes(source, end, depth + 1).map((f) => ({ word: run + f.word, done: f.done }));
  }
  return [{ word: run, done: false }];
}

/** The possible starts of one top-level alternative, or undefined when one cannot be read. */
function startsFrom(alternative: string): Start[] | undefined {
  let at = 0;
  let bounded = false;
  for (;;) {
    if (alternative.startsWith('(?<!', at) || alternative.startsWith('(?<=', at)) {
      const end = groupEnd(alternative, at);
      if (end < 0) return undefined;
      at = end;
    } else if (alternative[at] === '^' || alternative.startsWith('\\b', at)) {
      at += alternative[at] === '^' ? 1 : 2;
      bounded = true;
    } else break;
  }
  const found = prefixes(alternative, at, 0);
  if (found.some((p) => !p.word)) return undefined;
  return found.map((p) => ({ word: p.word, bounded: bounded || p.bounded === true }));
}

/** What must be in a text for `pattern` to match it, or undefined (always run the pattern). */
export function startsOfPattern(pattern: RegExp): Starts | undefined {
  if (pattern.flags.includes('i')) return undefined; // the texts are lower-cased; such a pattern is not expected here
  const starts: Starts = { atWord: [], anywhere: [] };
  for (const alternative of topLevelAlternatives(pattern.source)) {
    const found = startsFrom(alternative);
    if (!found) return undefined;
    // `\b` before a character that is not an ASCII word character (Arabic, a space) is not a word
    // start this gate can see: such literals are looked for anywhere.
    for (const { word, bounded } of found) (bounded && isWordChar(word.charCodeAt(0)) ? starts.atWord : starts.anywhere).push(word);
  }
  return starts;
}

/** `\w` in a JavaScript pattern without the `u`+`i` flags: ASCII letters, digits and `_`. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** A trie node over character codes; `ends`: the alternatives one of whose literals ends here. */
interface Node {
  /** Children by character code: an array for ASCII (most of the walk), a map for the rest. */
  ascii: (Node | undefined)[];
  other: Map<number, Node>;
  ends: number[];
}

function newNode(): Node {
  return { ascii: [], other: new Map(), ends: [] };
}

function child(node: Node, c: number): Node | undefined {
  return c < 128 ? node.ascii[c] : node.other.get(c);
}

/**
 * How deep the tries go. A literal's first characters already pick out a few alternatives (about
 * six a message at 7–8, four at full length), and a shallow trie is ~20 times smaller (10k nodes
 * instead of 211k) and walked faster: measured 6.6 µs a message at 7, 15 µs at full length.
 * Cutting a literal short is sound: it only lets more alternatives run.
 */
const TRIE_DEPTH = 8;

function addLiteral(root: Node, literal: string, alt: number): void {
  let node = root;
  for (let k = 0; k < Math.min(literal.length, TRIE_DEPTH); k++) {
    const c = literal.charCodeAt(k);
    let next = child(node, c);
    if (!next) {
      next = newNode();
      if (c < 128) node.ascii[c] = next;
      else node.other.set(c, next);
    }
    node = next;
  }
  if (!node.ends.includes(alt)) node.ends.push(alt);
}

/** One top-level alternative of a pattern, compiled on first use. */
interface Alternative {
  pattern: number;
  source: string;
  flags: string;
  regex?: RegExp;
}

/**
 * A set of patterns with the literals that let each one be skipped on a text that cannot match it.
 * The gate works per top-level alternative: `test(i, text)` runs only the alternatives of pattern
 * `i` whose literal is in the text, each as its own small regex, instead of the whole pattern
 * (some hold thousands of alternatives, and a regex tries each of them at every position). A
 * pattern's alternatives whose start cannot be read run together, always.
 */
export class PatternGate {
  /** The literals that must start a word, as a trie walked from each word start. */
  private readonly wordStarts = newNode();
  /** The literals that may start anywhere, as a trie walked from every position. */
  private readonly anywhere = newNode();
  private readonly alternatives: Alternative[] = [];
  /** Per pattern: its unreadable alternatives as one regex (always run), if any. */
  private readonly always: (RegExp | undefined)[];
  private readonly mark: Uint8Array;
  private readonly altMark: Uint8Array;
  /** Per pattern: the alternatives marked for the current text. */
  private readonly marked: number[][];
  private text: string | undefined;

  constructor(patterns: readonly RegExp[]) {
    this.mark = new Uint8Array(patterns.length);
    this.marked = patterns.map(() => []);
    this.always = patterns.map((pattern, index) => {
      const unreadable: string[] = [];
      for (const source of topLevelAlternatives(pattern.source)) {
        const found = pattern.flags.includes('i') ? undefined : startsFrom(source);
        if (!found) {
          unreadable.push(source);
          continue;
        }
        const alt = this.alternatives.push({ pattern: index, source, flags: pattern.flags }) - 1;
        // `\b` before a character that is not an ASCII word character (Arabic, a space) is not a word
        // start this gate can see: such literals are looked for anywhere.
        for (const { word, bounded } of found) {
          addLiteral(bounded && isWordChar(word.charCodeAt(0)) ? this.wordStarts : this.anywhere, word, alt);
        }
      }
      return unreadable.length ? new RegExp(unreadable.join('|'), pattern.flags) : undefined;
    });
    this.altMark = new Uint8Array(this.alternatives.length);
  }

  /** How many patterns have alternatives that are never skipped. */
  get ungated(): number {
    return this.always.filter(Boolean).length;
  }

  /** Which patterns may match `text` (1 = run it): a shared buffer, read it before the next call. */
  candidates(text: string): Uint8Array {
    this.read(text);
    return this.mark;
  }

  /** Exactly `patterns[index].test(text)`, running only the alternatives that may match. */
  test(index: number, text: string): boolean {
    if (text !== this.text) this.read(text);
    if (!this.mark[index]) return false;
    if (this.always[index]?.test(text)) return true;
    for (const a of this.marked[index]!) {
      const alt = this.alternatives[a]!;
      alt.regex ??= new RegExp(alt.source, alt.flags);
      if (alt.regex.test(text)) return true;
    }
    return false;
  }

  /** Drops the text last read (the next `test` reads its text again): a message is not kept past its reading. */
  forget(): void {
    this.text = undefined;
  }

  private markAlternative(a: number): void {
    if (this.altMark[a]) return;
    this.altMark[a] = 1;
    const p = this.alternatives[a]!.pattern;
    this.mark[p] = 1;
    this.marked[p]!.push(a);
  }

  private read(text: string): void {
    this.text = text;
    this.mark.fill(0);
    this.altMark.fill(0);
    for (const list of this.marked) list.length = 0;
    for (let i = 0; i < this.always.length; i++) if (this.always[i]) this.mark[i] = 1;
    // From every position where `\b` can precede a word character, walk the word-start trie as far as
    // the text follows it; from every position, the other trie.
    let previousIsWord = false;
    for (let pos = 0; pos < text.length; pos++) {
      const isWord = isWordChar(text.charCodeAt(pos));
      if (isWord && !previousIsWord) this.walk(this.wordStarts, text, pos);
      this.walk(this.anywhere, text, pos);
      previousIsWord = isWord;
    }
  }

  private walk(root: Node, text: string, from: number): void {
    let node: Node | undefined = root;
    for (let k = from; k < text.length; k++) {
      node = child(node, text.charCodeAt(k));
      if (!node) return;
      for (const a of node.ends) this.markAlternative(a);
    }
  }
}
