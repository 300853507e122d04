/**
 * Executable plans. A tabular expression compiles to a `Plan`; a pipe `T | op | op` compiles
 * to a `Pipeline` whose operators are a list, so the compiler can move a filter written
 * after a join to the side of the join it reads (see operators/join.ts). The row limit
 * applies to the query's result and to any operator that outputs more rows than it got.
 */

import type { Table } from '../table/table.js';
import { KqlError, checkGrowth, type QueryContext } from './context.js';

export interface Plan {
  run(q: QueryContext): Table;
}

export interface Op {
  readonly name: string;
  run(input: Table, q: QueryContext): Table;
}

/** An operator with the span of its syntax, so run-time errors point at it. */
export interface PlacedOp extends Op {
  readonly at: { readonly TextStart: number; readonly Width: number };
}

function placed(op: Op): op is PlacedOp {
  return (op as Partial<PlacedOp>).at !== undefined;
}

export class Pipeline implements Plan {
  constructor(
    readonly source: Plan,
    readonly ops: Op[],
  ) {}

  run(q: QueryContext): Table {
    let t = this.source.run(q);
    for (const op of this.ops) {
      const before = t.length;
      try {
        t = op.run(t, q);
      } catch (e) {
        // A run-time error without a place of its own points at the operator that raised it.
        if (e instanceof KqlError && e.start < 0 && placed(op)) {
          throw new KqlError(e.code, e.message, op.at.TextStart, op.at.Width, e.hint);
        }
        throw e;
      }
      // Input tables may be larger than the limit; an operator that multiplies rows (a join,
      // mv-expand) must not take the table past it.
      checkGrowth(t.length, before, q.limits, `output of ${op.name}`);
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
