/**
 * Compares a query result with the table the Kusto documentation prints for it.
 *
 * The docs render every cell as text, so each cell is read back by the type of our column:
 * numbers by value (the docs print reals with 15 to 17 significant digits), datetimes by
 * instant (`2018-07-01T00:00:00Z` and `2018-07-01 00:00:00.0000000` are the same), timespans
 * by ticks, booleans case-insensitively, dynamic values as JSON with property order ignored,
 * and an empty cell matches null or `""`. Rows are compared in order only when the query's
 * last operator fixes the order (see `isOrdered`); otherwise as a multiset.
 *
 * Markdown leaves marks on the cells that are not part of the value, and these are undone
 * before comparing: a cell or header wrapped in backticks (inline code), a URL in angle
 * brackets (an autolink), `&nbsp;` for an empty cell, `<br>` for a line break inside
 * pretty-printed JSON, `∞` for
 * infinity, and whitespace at either end of a cell (a table cell cannot keep it).
 */

import { parseDateTime, parseTimespan } from '../../../src/table/datetime.js';
import type { ColumnSpec } from '../../../src/table/table.js';
import type { JsonValue, Scalar } from '../../../src/table/types.js';
import { stableStringify, toKqlString } from '../../../src/kql/values.js';

export interface DocsCase {
  id: string;
  source: string;
  kql: string;
  columns: string[];
  rows: string[][];
  uses: string[];
  inline_input: boolean;
  deterministic: boolean;
}

/** Relative tolerance for reals: the docs print doubles with 15 significant digits. */
const REAL_TOLERANCE = 1e-12;

/** The text a docs cell stands for, without the marks Markdown rendering adds. */
export function unmark(cell: string): string {
  let t = cell.trim();
  const code = /^`+([\s\S]*?)`+$/.exec(t);
  if (code) t = code[1]!.trim();
  const autolink = /^<(https?:\/\/[^<>\s]*)>$/.exec(t);
  if (autolink) t = autolink[1]!;
  if (t === '&nbsp;') return '';
  return t.replace(/<br\s*\/?>/gi, '\n');
}

function squash(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

function sameNumber(ours: number, docs: string): boolean {
  const t = docs.trim();
  const lower = t.toLowerCase().replace('∞', 'infinity');
  if (lower === 'nan') return Number.isNaN(ours);
  if (lower === 'infinity' || lower === '+infinity' || lower === 'inf') return ours === Infinity;
  if (lower === '-infinity' || lower === '-inf') return ours === -Infinity;
  const x = Number(t);
  if (t === '' || Number.isNaN(x)) return false;
  if (ours === x) return true;
  if (Math.abs(ours - x) <= REAL_TOLERANCE * Math.max(Math.abs(ours), Math.abs(x))) return true;
  // The docs print reals rounded (`7.389056` for 7.38905609893065): equal at the precision shown.
  const decimals = /\.(\d+)$/.exec(t)?.[1]?.length ?? 0;
  return decimals > 0 && Number(ours.toFixed(decimals)) === x;
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= REAL_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]!));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && sameJson(a[k]!, b[k]!));
  }
  return stableStringify(a) === stableStringify(b);
}

function sameDynamic(ours: Scalar, docs: string): boolean {
  const t = docs.trim();
  if (ours === null) return t === '' || t === 'null';
  if (typeof ours === 'string') {
    if (ours === docs) return true;
    try {
      return JSON.parse(t) === ours;
    } catch {
      return false;
    }
  }
  try {
    return sameJson(ours as JsonValue, JSON.parse(t) as JsonValue);
  } catch {
    return toKqlString(ours, 'dynamic') === t;
  }
}

/** Does our cell match the docs' text for a column of type `type`? */
export function sameCell(ours: Scalar, cell: string, type: ColumnSpec['type']): boolean {
  const docs = unmark(cell);
  const t = docs.trim();
  if (ours === null || ours === '') {
    if (t === '' || (type !== 'string' && t.toLowerCase() === 'null')) return true;
    if (ours === null) return type === 'dynamic' && t === 'null';
  }
  switch (type) {
    case 'string':
      // A Markdown table cell cannot hold a line break and shows a no-break space as a space:
      // the docs' text equals ours with whitespace runs read as one space.
      return typeof ours === 'string' && (ours.trim() === t || squash(ours) === squash(t));
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return typeof ours === 'number' && sameNumber(ours, t);
    case 'bool':
      // Some pages print booleans as 1 and 0, as the Kusto web UI can.
      return (
        typeof ours === 'boolean' && (String(ours) === t.toLowerCase() || (ours ? '1' : '0') === t)
      );
    case 'datetime':
      return typeof ours === 'bigint' && parseDateTime(t) === ours;
    case 'timespan':
      return typeof ours === 'bigint' && parseTimespan(t) === ours;
    case 'guid':
      return typeof ours === 'string' && ours.toLowerCase() === t.toLowerCase();
    case 'dynamic':
      return sameDynamic(ours, docs);
  }
}

function sameRow(ours: readonly Scalar[], docs: readonly string[], specs: ColumnSpec[]): boolean {
  const matches = (cells: readonly string[]): boolean =>
    specs.every((s, i) => sameCell(ours[i] ?? null, cells[i] ?? '', s.type));
  if (matches(docs)) return true;
  // Some pages drop a row's empty cells instead of leaving them blank (an outer join's
  // missing side): read the cells given as the row's last ones.
  const missing = specs.length - docs.length;
  return missing > 0 && matches([...new Array<string>(missing).fill(''), ...docs]);
}

function show(row: readonly Scalar[], specs: ColumnSpec[]): string {
  return '[' + row.map((v, i) => JSON.stringify(toKqlString(v, specs[i]?.type))).join(', ') + ']';
}

/** Null when the result matches the docs; otherwise what differs, for the failure message. */
export function compareResult(
  c: DocsCase,
  specs: ColumnSpec[],
  rows: Scalar[][],
  ordered: boolean,
): string | null {
  // Column names compare without case: some pages retype a header (`ID` for the query's
  // `Id`); the values below it are what the case is about.
  const names = specs.map((s) => s.name);
  if (names.join('\u0000').toLowerCase() !== c.columns.map(unmark).join('\u0000').toLowerCase()) {
    return `columns ${JSON.stringify(names)}, docs ${JSON.stringify(c.columns)}`;
  }
  if (rows.length !== c.rows.length) {
    const first = rows.slice(0, 3).map((r) => show(r, specs));
    return `${rows.length} rows, docs ${c.rows.length}; first rows ${first.join(' ')}`;
  }
  if (ordered) {
    for (let i = 0; i < rows.length; i++) {
      if (!sameRow(rows[i]!, c.rows[i]!, specs)) {
        return `row ${i}: ${show(rows[i]!, specs)}, docs ${JSON.stringify(c.rows[i])}`;
      }
    }
    return null;
  }
  const unmatched = rows.map((_, i) => i);
  for (const d of c.rows) {
    const k = unmatched.findIndex((i) => sameRow(rows[i]!, d, specs));
    if (k < 0) {
      const near = unmatched.slice(0, 2).map((i) => show(rows[i]!, specs));
      return `docs row ${JSON.stringify(d)} not in the result; unmatched ${near.join(' ')}`;
    }
    unmatched.splice(k, 1);
  }
  return null;
}
