/** `take` / `limit`: the first N rows (Kusto promises no particular N rows; webc2 gives the first). */

import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { identity } from '../eval.js';
import { compileExpr, type ExprEnv } from '../expr.js';
import type { Op } from '../plan.js';
import { must, type Node } from '../syntax.js';

export function firstRows(t: Table, n: number): Table {
  return n >= t.length ? t : t.take(identity(Math.max(0, n)));
}

export function compileTake(n: Node, env: ExprEnv): Op {
  const count = compileExpr(must(n, 'Expression'), env);
  return {
    name: 'take',
    run(input: Table, q: QueryContext): Table {
      const v = count.eval(input, q).get(0);
      return firstRows(input, typeof v === 'number' ? Math.trunc(v) : 0);
    },
  };
}
