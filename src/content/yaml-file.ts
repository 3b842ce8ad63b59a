/** Reads one YAML file and answers "which line is this value on?" for editor-friendly errors. */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode, isScalar, type Document } from 'yaml';
import type { ContentProblem } from './types.js';

/** A parsed YAML file with line lookups by path. */
export class YamlFile {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    readonly problems: ContentProblem[],
  ) {}

  /** Parses `path`; syntax errors become problems, `file` is the name shown to editors. */
  static async read(path: string, file: string): Promise<YamlFile> {
    return YamlFile.parse(await readFile(path, 'utf8'), file);
  }

  /** Parses `text` as the file `file` (a change checked before it is written). */
  static parse(text: string, file: string): YamlFile {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    const problems = doc.errors.map((e) => ({
      file,
      line: e.linePos?.[0]?.line ?? 1,
      message: e.message.split('\n')[0],
    }));
    return new YamlFile(file, doc, lines, problems);
  }

  /** The plain JavaScript value of the whole file. */
  get value(): unknown {
    return this.problems.length ? undefined : this.doc.toJS();
  }

  /** The line where the value at `path` starts, or the closest existing parent's line. */
  lineOf(path: (string | number)[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  /** The line where the text at `path` begins: a block scalar ("|", ">") starts on the line after its key. */
  textLine(path: (string | number)[]): number {
    const node = this.doc.getIn(path, true);
    const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    return this.lineOf(path) + (block ? 1 : 0);
  }

  /** Records a problem at the value found under `path`. */
  problem(path: (string | number)[], message: string): void {
    this.problems.push({ file: this.file, line: this.lineOf(path), message });
  }
}
