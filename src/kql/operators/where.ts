/** `where` / `filter`: keeps rows whose predicate is true; null counts as false. */

import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { trueRows } from '../eval.js';
import { compileExpr, type Expr, type ExprEnv } from '../expr.js';
import type { Op } from '../plan.js';
import { must, type Node } from '../syntax.js';

export class WhereOp implements Op {
  readonly name = 'where';
  constructor(
    readonly predicate: Expr,
    /** The condition's syntax, kept so the compiler can recompile it on one side of a join. */
    readonly condition: Node,
  ) {}

  run(input: Table, q: QueryContext): Table {
    if (input.length === 0) return input;
    const keep = trueRows(this.predicate.eval(input, q), input.length);
    return keep.length === input.length ? input : input.take(keep);
  }
}

export function compileWhere(n: Node, env: ExprEnv): WhereOp {
  const cond = must(n, 'Condition');
  return new WhereOp(compileExpr(cond, env), cond);
}
