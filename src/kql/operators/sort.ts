/**
 * `sort by` / `order by`: descending by default; nulls last when descending and first when
 * ascending, unless `nulls first|last` says otherwise (docs sort-operator). NaN sorts below
 * every number. The sort is stable. Numbers and datetimes compare on their typed arrays;
 * strings compare ordinally, as Kusto does. Typed keys sort by radix (radix.ts), others by
 * comparing; `top` keeps a bounded heap instead of sorting everything.
 */

import { NumberColumn, StringColumn, TickColumn, type Column } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { identity } from '../eval.js';
import { compileExpr, type Expr, type ExprEnv } from '../expr.js';
import type { Op } from '../plan.js';
import { child, kind, listOf, must, text, type Node } from '../syntax.js';
import { compareValues } from '../values.js';
import { radixOrder } from './radix.js';

export interface SortKey {
  expr: Expr;
  desc: boolean;
  nullsFirst: boolean;
}

export function compileSortKeys(list: Node[], env: ExprEnv): SortKey[] {
  return list.map((item) => {
    let e = item;
    let desc = true;
    let nullsFirst: boolean | undefined;
    if (kind(item) === 'OrderedExpression') {
      e = must(item, 'Expression');
      const ord = child(item, 'Ordering');
      if (ord) {
        const dir = text(child(ord, 'AscOrDescKeyword')).toLowerCase();
        if (dir === 'asc') desc = false;
        const nulls = child(ord, 'NullsClause');
        if (nulls) nullsFirst = text(child(nulls, 'FirstOrLastKeyword')).toLowerCase() === 'first';
      }
    }
    return { expr: compileExpr(e, env), desc, nullsFirst: nullsFirst ?? !desc };
  });
}

type Cmp = (a: number, b: number) => number;

function comparator(c: Column, desc: boolean, nullsFirst: boolean): Cmp {
  const dir = desc ? -1 : 1;
  const nullOrder = nullsFirst ? -1 : 1;
  if (c instanceof NumberColumn) {
    const v = c.values;
    const nulls = c.nulls;
    return (a, b) => {
      const na = nulls !== null && nulls[a] === 1;
      const nb = nulls !== null && nulls[b] === 1;
      if (na || nb) return na === nb ? 0 : na ? nullOrder : -nullOrder;
      const x = v[a]!;
      const y = v[b]!;
      if (x === y) return 0;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -dir;
      if (Number.isNaN(y)) return dir;
      return x < y ? -dir : dir;
    };
  }
  if (c instanceof TickColumn) {
    const ms = c.ms;
    const sub = c.sub;
    const nulls = c.nulls;
    return (a, b) => {
      const na = nulls !== null && nulls[a] === 1;
      const nb = nulls !== null && nulls[b] === 1;
      if (na || nb) return na === nb ? 0 : na ? nullOrder : -nullOrder;
      const x = ms[a]!;
      const y = ms[b]!;
      if (x !== y) return x < y ? -dir : dir;
      const s = sub[a]! - sub[b]!;
      return s === 0 ? 0 : s < 0 ? -dir : dir;
    };
  }
  if (c instanceof StringColumn) {
    // Rank the dictionary once, then compare integer ranks.
    const order = c.dict.map((_, i) => i).sort((i, j) => compareValues(c.dict[i]!, c.dict[j]!));
    const rank = new Int32Array(c.dict.length);
    order.forEach((code, r) => (rank[code] = r));
    const codes = c.codes;
    return (a, b) => (rank[codes[a]!]! - rank[codes[b]!]!) * dir;
  }
  return (a, b) => {
    const x = c.get(a);
    const y = c.get(b);
    const na = x === null;
    const nb = y === null;
    if (na || nb) return na === nb ? 0 : na ? nullOrder : -nullOrder;
    return compareValues(x, y) * dir;
  };
}

/** Compares rows `a` and `b` by every key, then by position (the sort is stable). */
function rowComparator(cols: Column[], keys: readonly Omit<SortKey, 'expr'>[]): Cmp {
  const cmps = cols.map((c, i) => comparator(c, keys[i]!.desc, keys[i]!.nullsFirst));
  return (a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return a - b;
  };
}

/**
 * The permutation that sorts `t` by `keys`: a radix sort when every key is a typed column
 * (numbers, datetimes, strings, booleans), else a comparator sort.
 */
export function sortIndex(t: Table, keys: SortKey[], q: QueryContext): Int32Array {
  const cols = keys.map((k) => k.expr.eval(t, q));
  const radix = radixOrder(
    cols.map((column, i) => ({ column, desc: keys[i]!.desc, nullsFirst: keys[i]!.nullsFirst })),
    t.length,
  );
  return radix ?? comparatorOrder(cols, keys);
}

/** The stable permutation that orders rows by comparing them key by key. */
export function comparatorOrder(
  cols: Column[],
  keys: readonly Omit<SortKey, 'expr'>[],
): Int32Array {
  const idx = Array.from(identity(cols[0]?.length ?? 0));
  idx.sort(rowComparator(cols, keys));
  return Int32Array.from(idx);
}

/**
 * The first `k` rows in sort order, for `top`: a bounded heap keeps the best `k` seen so far
 * (its root is the worst of them), so a top 10 of a million rows is one pass, not a sort.
 */
export function topIndex(t: Table, keys: SortKey[], k: number, q: QueryContext): Int32Array {
  const n = t.length;
  if (k >= n / 4) return sortIndex(t, keys, q).subarray(0, Math.min(k, n));
  const cmp = rowComparator(
    keys.map((key) => key.expr.eval(t, q)),
    keys,
  );
  const heap = new Int32Array(k);
  let size = 0;
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && cmp(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < size && cmp(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let row = 0; row < n && k > 0; row++) {
    if (size < k) {
      let i = size++;
      heap[i] = row;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (cmp(heap[i]!, heap[p]!) <= 0) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (cmp(row, heap[0]!) < 0) {
      heap[0] = row;
      siftDown(0);
    }
  }
  return Int32Array.from(Array.from(heap.subarray(0, size)).sort(cmp));
}

export function compileSort(n: Node, env: ExprEnv): Op {
  const keys = compileSortKeys(listOf(n, 'Expressions'), env);
  return {
    name: 'sort',
    run: (input: Table, q: QueryContext) =>
      input.length <= 1 ? input : input.take(sortIndex(input, keys, q)),
  };
}
