/**
 * `sort by` / `order by`: descending by default; nulls last when descending and first when
 * ascending, unless `nulls first|last` says otherwise. The sort is stable. Numbers and
 * datetimes compare on their typed arrays; strings compare ordinally, as Kusto does.
 */

import { NumberColumn, StringColumn, TickColumn, type Column } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { identity } from '../eval.js';
import { compileExpr, type Expr, type ExprEnv } from '../expr.js';
import type { Op } from '../plan.js';
import { child, kind, listOf, must, text, type Node } from '../syntax.js';
import { compareValues } from '../values.js';

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

/** The permutation that sorts `t` by `keys`. */
export function sortIndex(t: Table, keys: SortKey[], q: QueryContext): Int32Array {
  const cmps = keys.map((k) => comparator(k.expr.eval(t, q), k.desc, k.nullsFirst));
  const idx = Array.from(identity(t.length));
  idx.sort((a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return a - b;
  });
  return Int32Array.from(idx);
}

export function compileSort(n: Node, env: ExprEnv): Op {
  const keys = compileSortKeys(listOf(n, 'Expressions'), env);
  return {
    name: 'sort',
    run: (input: Table, q: QueryContext) =>
      input.length <= 1 ? input : input.take(sortIndex(input, keys, q)),
  };
}
