/** `top N by e [asc|desc] [nulls first|last]`: the same as `sort by e | take N`. */

import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { compileExpr, type ExprEnv } from '../expr.js';
import type { Op } from '../plan.js';
import { must, type Node } from '../syntax.js';
import { compileSortKeys, topIndex } from './sort.js';

export function compileTop(n: Node, env: ExprEnv): Op {
  const count = compileExpr(must(n, 'Expression'), env);
  const keys = compileSortKeys([must(n, 'ByExpression')], env);
  return {
    name: 'top',
    run(input: Table, q: QueryContext): Table {
      const v = count.eval(input, q).get(0);
      const k = typeof v === 'number' ? Math.max(0, Math.trunc(v)) : 0;
      return input.take(topIndex(input, keys, k, q));
    },
  };
}
