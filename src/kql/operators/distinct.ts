/** `distinct a, b` / `distinct *`: one row per distinct combination, in order of first appearance. */

import { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { compileExpr } from '../expr.js';
import type { Op } from '../plan.js';
import { kind, listOf, type Node } from '../syntax.js';
import { groupRows } from './group.js';
import type { OpEnv } from './types.js';

export function compileDistinct(n: Node, env: OpEnv): Op {
  const list = listOf(n, 'Expressions');
  const star = list.some((e) => kind(e) === 'StarExpression');
  const exprs = star ? null : list.map((e) => compileExpr(e, env));
  const names = env.output?.map((c) => c.name);
  return {
    name: 'distinct',
    run(input: Table, q: QueryContext): Table {
      const cols =
        exprs === null
          ? input.specs.map((_, i) => input.column(i))
          : exprs.map((e) => e.eval(input, q));
      const { firstRow, nGroups } = groupRows(cols, input.length);
      const rows = input.length === 0 ? new Int32Array(0) : firstRow.subarray(0, nGroups);
      return Table.of(
        cols.map((c, i) => ({ name: names?.[i] ?? input.spec(i).name, column: c.take(rows) })),
        rows.length,
      );
    },
  };
}
