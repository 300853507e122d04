/**
 * `extend`: appends computed columns. Items may refer to columns made earlier in the same
 * `extend`. A name that already exists is replaced in place (the binder's schema, measured,
 * keeps the column's position); the final order is the binder's.
 */

import type { Column } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { compileExpr, type Expr } from '../expr.js';
import type { Op } from '../plan.js';
import { listOf, type Node } from '../syntax.js';
import { declaredName } from './naming.js';
import type { OpEnv } from './types.js';

export function compileExtend(n: Node, env: OpEnv): Op {
  const itemsList = listOf(n, 'Expressions');
  const inputNames = new Set((env.input ?? []).map((c) => c.name));
  // Unnamed items take, in order, the names the binder added.
  const added = (env.output ?? []).map((c) => c.name).filter((name) => !inputNames.has(name));
  let nextAdded = 0;
  const compiled: { name: string; expr: Expr }[] = itemsList.map((item, i) => {
    const declared = declaredName(item);
    const name = declared ?? added[nextAdded] ?? `Column${i + 1}`;
    if (declared === undefined || !inputNames.has(declared)) nextAdded++;
    return { name, expr: compileExpr(item, env) };
  });
  const order = env.output?.map((c) => c.name);
  return {
    name: 'extend',
    run(input: Table, q: QueryContext): Table {
      let t = input;
      for (const c of compiled) {
        const col = c.expr.eval(t, q);
        t = withColumn(t, c.name, col);
      }
      if (order === undefined) return t;
      return t.select(order.map((name) => ({ name, from: t.indexOf(name) })));
    },
  };
}

/** `t` with column `name` set to `col`, replacing a column of that name in place. */
export function withColumn(t: Table, name: string, col: Column): Table {
  const at = t.indexOf(name);
  const cols: { name: string; from: number | Column }[] = t.specs.map((s, i) => ({
    name: s.name,
    from: i,
  }));
  if (at >= 0) cols[at] = { name, from: col };
  else cols.push({ name, from: col });
  return t.select(cols);
}
