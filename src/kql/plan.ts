/**
 * Executable plans. A tabular expression compiles to a `Plan`; a pipe `T | op | op` compiles
 * to a `Pipeline` whose operators are a list, so the compiler can move a filter written
 * after a join to the side of the join it reads (see operators/join.ts).
 */

import type { Table } from '../table/table.js';
import { checkRows, type QueryContext } from './context.js';

export interface Plan {
  run(q: QueryContext): Table;
}

export interface Op {
  readonly name: string;
  run(input: Table, q: QueryContext): Table;
}

export class Pipeline implements Plan {
  constructor(
    readonly source: Plan,
    readonly ops: Op[],
  ) {}

  run(q: QueryContext): Table {
    let t = this.source.run(q);
    for (const op of this.ops) {
      t = op.run(t, q);
      checkRows(t.length, q.limits, `output of ${op.name}`);
    }
    return t;
  }
}

/** A plan that evaluates its inner plan once per query and reuses the result. */
export class CachedPlan implements Plan {
  constructor(readonly inner: Plan) {}
  run(q: QueryContext): Table {
    let t = q.cache.get(this);
    if (t === undefined) {
      t = this.inner.run(q);
      q.cache.set(this, t);
    }
    return t;
  }
}

/** Appends an operator, extending a pipeline in place of nesting one. */
export function pipe(input: Plan, op: Op): Pipeline {
  if (input instanceof Pipeline) return new Pipeline(input.source, [...input.ops, op]);
  return new Pipeline(input, [op]);
}
