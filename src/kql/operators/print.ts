/** `print a, b = …`: a one-row table of the given expressions (`print_0`, `print_1`… when unnamed). */

import { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { compileExpr } from '../expr.js';
import type { Plan } from '../plan.js';
import { listOf, type Node } from '../syntax.js';
import { declaredName } from './naming.js';
import type { OpEnv } from './types.js';

export function compilePrint(n: Node, env: OpEnv): Plan {
  const items = listOf(n, 'Expressions');
  const exprs = items.map((e, i) => ({
    name: env.output?.[i]?.name ?? declaredName(e) ?? `print_${i}`,
    expr: compileExpr(e, env),
  }));
  const one = Table.of([], 1);
  return {
    run: (q: QueryContext) =>
      Table.of(
        exprs.map((e) => ({ name: e.name, column: e.expr.eval(one, q) })),
        1,
      ),
  };
}
