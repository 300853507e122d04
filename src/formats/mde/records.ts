/**
 * Splits CSV text into records the way RFC 4180 writes them — fields separated by commas,
 * quoted when they hold a comma, a quote (doubled) or a line break — one record at a time,
 * each with the line and byte offset it starts at, so a row that cannot be read is rejected
 * on its own and the rows after it are read.
 *
 * The hard case is a quote that opens a field and never closes on its line. It may be a field
 * that really spans lines, or a row cut or mangled by hand; read as the first, it swallows
 * every row up to the next quote. A record that crosses lines is therefore kept only when it
 * ends cleanly and has as many fields as the header; otherwise only its first line is
 * rejected, and reading starts again on the line after it. A quote inside an unquoted field
 * is kept as a character (Excel writes such fields).
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

export type CsvRecord =
  | { fields: string[]; line: number; offset: number }
  | { fields: null; reason: string; line: number; offset: number };

/** Reads the records of `buf` from `from`, one per call to `next`. */
export class CsvRecords {
  private pos: number;
  private line = 1;
  /** The last quote search: from where, and what it found (-1: none after that point). */
  private quoteFrom = -1;
  private quoteAt = -1;

  constructor(
    private readonly buf: Buffer,
    from = 0,
  ) {
    this.pos = from;
  }

  /** The next record, or null at the end; `width` is the header's field count, once known. */
  next(width?: number): CsvRecord | null {
    const buf = this.buf;
    // Empty lines are not records.
    for (;;) {
      if (this.pos >= buf.length) return null;
      if (buf[this.pos] === LF) this.pos++;
      else if (buf[this.pos] === CR && (buf[this.pos + 1] === LF || this.pos + 1 === buf.length))
        this.pos += 2;
      else break;
      this.line++;
    }
    const start = this.pos;
    const line = this.line;
    const read = this.scan(start);
    const crossed = read.lines > 0;
    if (read.fields !== null && !(crossed && width !== undefined && read.fields.length !== width)) {
      this.pos = read.end;
      this.line += read.lines + 1;
      return { fields: read.fields, line, offset: start };
    }
    // Reject the first line alone and read on from the next one.
    const eol = buf.indexOf(LF, start);
    this.pos = eol < 0 ? buf.length : eol + 1;
    this.line++;
    const reason = crossed
      ? 'A quoted field opens on this line and does not close on it.'
      : (read.reason ?? 'The row cannot be read.');
    return { fields: null, reason, line, offset: start };
  }

  /** The next quote at or after `from`; the search is remembered, so an unclosed quote costs one. */
  private nextQuote(from: number): number {
    if (from >= this.quoteFrom && (this.quoteAt < 0 ? this.quoteFrom >= 0 : from <= this.quoteAt))
      return this.quoteAt;
    this.quoteFrom = from;
    this.quoteAt = this.buf.indexOf(QUOTE, from);
    return this.quoteAt;
  }

  /**
   * The fields of the record at `start`: where it ends (past its line break) and how many
   * line breaks it holds, or why it cannot be read.
   */
  private scan(start: number): {
    fields: string[] | null;
    reason?: string;
    end: number;
    lines: number;
  } {
    const buf = this.buf;
    const n = buf.length;
    const fields: string[] = [];
    let lines = 0;
    let i = start;
    for (;;) {
      if (buf[i] === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = this.nextQuote(from);
          if (q < 0) {
            const reason = 'A quoted field opens and never closes.';
            return { fields: null, reason, end: n, lines };
          }
          for (let k = buf.indexOf(LF, from); k >= 0 && k < q; k = buf.indexOf(LF, k + 1)) lines++;
          if (buf[q + 1] === QUOTE) {
            value += buf.toString('utf8', from, q + 1);
            from = q + 2;
            continue;
          }
          value += buf.toString('utf8', from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        if (buf[i] === COMMA) {
          i++;
          continue;
        }
        if (i >= n || buf[i] === LF) return { fields, end: i + 1, lines };
        if (buf[i] === CR && (i + 1 >= n || buf[i + 1] === LF))
          return { fields, end: i + 2, lines };
        const reason = `Text follows the closing quote of field ${fields.length}.`;
        return { fields: null, reason, end: i, lines };
      }
      let j = i;
      while (j < n && buf[j] !== COMMA && buf[j] !== LF) j++;
      const stop = buf[j];
      const to = stop !== COMMA && j > i && buf[j - 1] === CR ? j - 1 : j;
      fields.push(buf.toString('utf8', i, to));
      if (stop === COMMA) {
        i = j + 1;
        continue;
      }
      return { fields, end: j + 1, lines };
    }
  }
}
