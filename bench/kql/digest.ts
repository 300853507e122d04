/**
 * Comparing two engines' results without trusting either: the chosen columns of every row as
 * text (timestamps as microseconds since the epoch, booleans as `true`/`false`), each row
 * hashed, the hashes summed so row order does not matter, plus the row count and, for a
 * sorted result, the first and last values of the sort column.
 */

import type { Table } from '../../src/table/table.js';
import type { BenchQuery } from './queries.js';

export interface Digest {
  rows: number;
  hash: number;
  ends: string;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A digest of text columns, given by name. */
export function digestOf(
  q: BenchQuery,
  rows: number,
  column: (name: string) => readonly string[],
): Digest {
  const cols = q.digest.map(column);
  let hash = 0;
  for (let i = 0; i < rows; i++) {
    let row = '';
    for (const c of cols) row += c[i]! + '\u0001';
    hash = (hash + fnv1a(row)) >>> 0;
  }
  const sorted = q.sortedBy === undefined ? null : column(q.sortedBy);
  const ends = sorted === null || rows === 0 ? '' : `${sorted[0]}..${sorted[rows - 1]}`;
  return { rows, hash, ends };
}

/** The text of a webc2 column: datetimes (100 ns ticks) as microseconds. */
export function webc2Text(t: Table, name: string): string[] {
  const c = t.columnByName(name);
  if (c === undefined) throw new Error(`webc2 result has no column ${name}`);
  const out = new Array<string>(t.length);
  for (let i = 0; i < t.length; i++) {
    const v = c.get(i);
    out[i] = v === null ? '' : typeof v === 'bigint' ? String(v / 10n) : String(v);
  }
  return out;
}

export function sameDigest(a: Digest, b: Digest): boolean {
  return a.rows === b.rows && a.hash === b.hash && a.ends === b.ends;
}
