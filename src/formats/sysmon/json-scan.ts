/**
 * Finds where JSON values begin and end in a byte buffer without parsing them, so the JSON
 * reader can cut a file into records before `JSON.parse` sees any: the documents of a
 * concatenated stream (`evtx_dump -o json`, `jq .`, `ConvertTo-Json` in a loop), or the rows
 * of an array that is cut short or broken in one row. The scan tracks only strings (with
 * their escapes) and bracket depth; `JSON.parse` still judges each piece.
 *
 * Two signs end a value early, as incomplete: the data ends, or a line break inside a string
 * (JSON forbids one there, so the line was cut). With `cutAtLineStart`, a `{` or `[` at the
 * very start of a line inside a value ends it too: pretty-printers indent everything inside a
 * document, so a bracket in column 0 opens the next one and the current one was cut short.
 * All positions are byte offsets; the bytes that matter are ASCII, which UTF-8 never uses
 * inside a multi-byte character.
 */

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export interface Extent {
  start: number;
  /** Offset just past the value, or where it was cut. */
  end: number;
  /** False when the value was cut: by the end of the data, a line break in a string, or a new one. */
  complete: boolean;
}

export function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === LF || b === 0x0d || b === 0x09;
}

export function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && isSpace(buf[i])) i++;
  return i;
}

/** The extent of the value that starts at `start` (an object, an array, or a scalar). */
export function valueExtent(
  buf: Buffer,
  start: number,
  end: number,
  cutAtLineStart = false,
): Extent {
  const open = buf[start];
  if (open !== 0x7b && open !== 0x5b) {
    if (open === QUOTE) return stringExtent(buf, start, end);
    let i = start;
    while (i < end && !isSpace(buf[i]) && buf[i] !== 0x2c && buf[i] !== 0x5d && buf[i] !== 0x7d)
      i++;
    return { start, end: i, complete: true };
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      else if (b === LF) return { start, end: i, complete: false };
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (cutAtLineStart && depth > 0 && i > start && buf[i - 1] === LF) {
        return { start, end: i, complete: false };
      }
      depth++;
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return { start, end: i + 1, complete: true };
    }
  }
  return { start, end, complete: false };
}

function stringExtent(buf: Buffer, start: number, end: number): Extent {
  for (let i = start + 1; i < end; i++) {
    const b = buf[i];
    if (b === BACKSLASH) i++;
    else if (b === QUOTE) return { start, end: i + 1, complete: true };
    else if (b === LF) return { start, end: i, complete: false };
  }
  return { start, end, complete: false };
}

/** The start of the next line after `from` that opens with `{` or `[`; `end` if there is none. */
export function nextDocumentLine(buf: Buffer, from: number, end: number): number {
  for (let i = buf.indexOf(LF, from); i >= 0 && i + 1 < end; i = buf.indexOf(LF, i + 1)) {
    const b = buf[i + 1];
    if (b === 0x7b || b === 0x5b) return i + 1;
  }
  return end;
}

/**
 * The array held under one of `keys` in the object whose `{` is at `open`: the offset of its
 * `[` and the key, or null when the object has no such member before the data or the object
 * breaks off. Members before it (a Defender API answer's `Schema`, `Stats`) are stepped over.
 */
export function memberArray(
  buf: Buffer,
  open: number,
  end: number,
  keys: readonly string[],
): { key: string; at: number } | null {
  let i = skipSpace(buf, open + 1, end);
  while (i < end && buf[i] === QUOTE) {
    const name = stringExtent(buf, i, end);
    if (!name.complete) return null;
    let key: unknown;
    try {
      key = JSON.parse(buf.toString('utf8', name.start, name.end));
    } catch {
      return null;
    }
    i = skipSpace(buf, name.end, end);
    if (buf[i] !== 0x3a) return null;
    i = skipSpace(buf, i + 1, end);
    if (typeof key === 'string' && keys.includes(key) && buf[i] === 0x5b) return { key, at: i };
    const value = valueExtent(buf, i, end);
    if (!value.complete) return null;
    i = skipSpace(buf, value.end, end);
    if (buf[i] !== 0x2c) return null;
    i = skipSpace(buf, i + 1, end);
  }
  return null;
}

/**
 * How an array's elements ended: closed by `]`, or not, with where the unread part starts
 * and why: the data ended, a row broke off (a line break inside a string), or something
 * other than `,` or `]` followed a row.
 */
export type ArrayEnd =
  | { closed: true; at: number }
  | { closed: false; at: number; why: 'data ends' | 'row breaks off' | 'no separator' };

/** Calls `onElement` for each element of the array whose `[` is at `open`, in order. */
export function eachElement(
  buf: Buffer,
  open: number,
  end: number,
  onElement: (e: Extent) => void,
): ArrayEnd {
  let i = skipSpace(buf, open + 1, end);
  if (buf[i] === 0x5d) return { closed: true, at: i + 1 };
  while (i < end) {
    const e = valueExtent(buf, i, end);
    if (!e.complete)
      return { closed: false, at: i, why: e.end >= end ? 'data ends' : 'row breaks off' };
    onElement(e);
    i = skipSpace(buf, e.end, end);
    if (buf[i] === 0x5d) return { closed: true, at: i + 1 };
    if (i < end && buf[i] !== 0x2c) return { closed: false, at: i, why: 'no separator' };
    i = skipSpace(buf, i + 1, end);
  }
  return { closed: false, at: Math.min(i, end), why: 'data ends' };
}

/** Line numbers of byte offsets, counted on from the last offset asked about. */
export class LineCounter {
  private at = 0;
  private line = 1;

  constructor(private readonly buf: Buffer) {}

  /** The 1-based line holding `offset`. */
  lineOf(offset: number): number {
    if (offset < this.at) {
      this.at = 0;
      this.line = 1;
    }
    for (let i = this.buf.indexOf(LF, this.at); i >= 0 && i < offset;) {
      this.line++;
      i = this.buf.indexOf(LF, i + 1);
    }
    // indexOf past the buffer end is -1, so the loop ends; remember where counting stopped.
    this.at = offset;
    return this.line;
  }
}
