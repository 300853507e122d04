/**
 * Group ids for a list of key columns, shared by `summarize`, `distinct` and friends.
 * Each key column becomes dense codes (a string column already is), and columns combine
 * pairwise, so no composite string key is built per row. Null keys form their own group.
 */

import { StringColumn, type Column } from '../../table/column.js';
import { hashKey } from '../values.js';

export interface Grouping {
  /** Group id of each row. */
  groups: Int32Array;
  nGroups: number;
  /** The first row of each group, in order of first appearance. */
  firstRow: Int32Array;
}

function denseCodes(c: Column, n: number): { codes: Int32Array; card: number } {
  if (c instanceof StringColumn) {
    // Dictionaries may hold values no row uses after a filter; renumber to what is used.
    const remap = new Int32Array(c.dict.length).fill(-1);
    const codes = new Int32Array(n);
    let card = 0;
    for (let i = 0; i < n; i++) {
      const k = c.codes[i]!;
      let r = remap[k]!;
      if (r < 0) r = remap[k] = card++;
      codes[i] = r;
    }
    return { codes, card };
  }
  const index = new Map<unknown, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = hashKey(c.get(i));
    let r = index.get(key);
    if (r === undefined) {
      r = index.size;
      index.set(key, r);
    }
    codes[i] = r;
  }
  return { codes, card: index.size };
}

export function groupRows(keys: readonly Column[], n: number): Grouping {
  if (keys.length === 0) {
    return { groups: new Int32Array(n), nGroups: 1, firstRow: Int32Array.of(n > 0 ? 0 : -1) };
  }
  let { codes, card } = denseCodes(keys[0]!, n);
  for (let k = 1; k < keys.length; k++) {
    const next = denseCodes(keys[k]!, n);
    const index = new Map<number, number>();
    const combined = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = codes[i]! * next.card + next.codes[i]!;
      let r = index.get(key);
      if (r === undefined) {
        r = index.size;
        index.set(key, r);
      }
      combined[i] = r;
    }
    codes = combined;
    card = index.size;
  }
  // Renumber groups in order of first appearance so output follows input order.
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
