/** A small reader for `;`-separated CSV as public directories publish it: fields optionally quoted
 * with `"` (a quote inside doubled), a quoted field may hold the separator or a line break, CRLF or
 * LF, an optional UTF-8 byte-order mark. Each record keeps the line it starts on, so every problem
 * can be reported as `file:line`. */

/** One record: its fields and the (1-based) line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A problem with the file, at a line. */
export interface CsvProblem {
  line: number;
  message: string;
}

/** Splits `text` into records; blank lines are skipped. Stops at an unterminated quote. */
export function readCsv(text: string, separator = ';'): { records: CsvRecord[]; problems: CsvProblem[] } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quotedAt = 0;
  // A record with one empty unquoted field is a blank line.
  let touched = false;
  const endRecord = (): void => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quotedAt = line;
      touched = true;
    } else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) return { records, problems: [{ line: quotedAt, message: 'a quoted field is never closed (missing ")' }] };
  endRecord();
  return { records, problems: [] };
}
