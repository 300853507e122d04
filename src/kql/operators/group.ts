/**
 * Group ids for a list of key columns, shared by `summarize`, `distinct` and friends.
 * Each key column becomes dense codes (a string column already is), and columns combine
 * pairwise, so no composite string key is built per row. Null keys form their own group.
 */

import type { Column } from '../../table/column.js';
import { denseCodes } from '../eval.js';

export interface Grouping {
  /** Group id of each row. */
  groups: Int32Array;
  nGroups: number;
  /** The first row of each group, in order of first appearance. */
  firstRow: Int32Array;
}

/** Key pairs up to this many are numbered through an array (16 MB) rather than a map. */
const DIRECT_PAIRS = 1 << 22;

export function groupRows(keys: readonly Column[], n: number): Grouping {
  if (keys.length === 0) {
    return { groups: new Int32Array(n), nGroups: 1, firstRow: Int32Array.of(n > 0 ? 0 : -1) };
  }
  let { codes, card } = denseCodes(keys[0]!, n);
  for (let k = 1; k < keys.length; k++) {
    const next = denseCodes(keys[k]!, n);
    const combined = new Int32Array(n);
    const pairs = card * next.card;
    if (pairs <= DIRECT_PAIRS) {
      // Few enough pairs for a lookup array, which beats a hash map several times over.
      const slot = new Int32Array(pairs).fill(-1);
      let size = 0;
      for (let i = 0; i < n; i++) {
        const key = codes[i]! * next.card + next.codes[i]!;
        let r = slot[key]!;
        if (r < 0) r = slot[key] = size++;
        combined[i] = r;
      }
      card = size;
    } else {
      const index = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const key = codes[i]! * next.card + next.codes[i]!;
        let r = index.get(key);
        if (r === undefined) {
          r = index.size;
          index.set(key, r);
        }
        combined[i] = r;
      }
      card = index.size;
    }
    codes = combined;
  }
  // Every numbering above hands out codes in order of first appearance, so groups already
  // follow input order and only each group's first row is left to find: a scan that stops
  // once every group has been seen (at once, for a few hundred hosts over millions of rows).
  const firstRow = new Int32Array(card);
  let seen = 0;
  for (let i = 0; i < n && seen < card; i++) {
    const g = codes[i]!;
    if (g === seen) firstRow[seen++] = i;
    else if (g > seen) return renumber(codes, card, n);
  }
  return { groups: codes, nGroups: card, firstRow };
}

/** Renumbers groups in order of first appearance, for codes not already numbered that way. */
function renumber(codes: Int32Array, card: number, n: number): Grouping {
  const order = new Int32Array(card).fill(-1);
  const firstRow = new Int32Array(card);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const g = codes[i]!;
    if (order[g] === -1) {
      order[g] = next;
      firstRow[next] = i;
      next++;
    }
    codes[i] = order[g]!;
  }
  return { groups: codes, nGroups: card, firstRow };
}
