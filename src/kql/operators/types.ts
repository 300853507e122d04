/** What every operator compiler receives: the expression environment and the binder's output schema. */

import type { ColumnSpec } from '../../table/table.js';
import type { ExprEnv } from '../expr.js';
import type { Plan } from '../plan.js';
import type { Scope } from '../scope.js';
import type { Node } from '../syntax.js';

export interface OpEnv extends ExprEnv {
  /** The columns the binder says this operator outputs, when it could tell. */
  readonly output: ColumnSpec[] | undefined;
  /** The columns of the operator's input, as the binder saw them. */
  readonly input: ColumnSpec[] | undefined;
  readonly tabular: (n: Node, scope: Scope, depth: number) => Plan;
  /** Compiles a subquery over given rows (`mv-apply … on (…)`). */
  readonly subquery: (
    n: Node,
    source: Plan,
    specs: ColumnSpec[] | undefined,
    scope: Scope,
    depth: number,
  ) => Plan;
}
