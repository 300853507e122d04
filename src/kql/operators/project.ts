/**
 * `project`: the listed columns, in order, computed or renamed. Names come from the binder's
 * output schema by position.
 */

import { compileExpr, type Expr } from '../expr.js';
import type { Op } from '../plan.js';
import type { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import { listOf, type Node } from '../syntax.js';
import { declaredName } from './naming.js';
import type { OpEnv } from './types.js';

export function compileProject(n: Node, env: OpEnv): Op {
  const itemsList = listOf(n, 'Expressions');
  const compiled: { name: string; expr: Expr }[] = itemsList.map((item, i) => ({
    name: env.output?.[i]?.name ?? declaredName(item) ?? `Column${i + 1}`,
    expr: compileExpr(item, env),
  }));
  return {
    name: 'project',
    run(input: Table, q: QueryContext): Table {
      return input.select(compiled.map((c) => ({ name: c.name, from: c.expr.eval(input, q) })));
    },
  };
}
