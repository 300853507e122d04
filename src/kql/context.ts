/**
 * What a running query can see: the input tables, the fixed "now", limits, watchlists,
 * and the cache that evaluates each `let`-bound tabular expression and `materialize()`
 * once per query.
 */

import type { Table } from '../table/table.js';

export interface QueryLimits {
  /** A result (or intermediate table) larger than this stops the query with KQL0402. */
  maxRows: number;
  /** Maximum nesting of expressions and sub-queries the compiler follows. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxRows: 1_000_000, maxDepth: 200 };

export interface QueryContext {
  /** `now()` and `ago()` read this; fixed once per query as Kusto does. */
  readonly now: bigint;
  readonly tables: ReadonlyMap<string, Table>;
  readonly limits: QueryLimits;
  /** Named CSV allowlists for `_GetWatchlist('name')`. */
  readonly watchlists: ReadonlyMap<string, Table>;
  /** Results of `let`-bound tabular expressions and `materialize()`, by plan identity. */
  readonly cache: Map<object, Table>;
}

/** A failure while compiling or running a query, with the source span it concerns. */
export class KqlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly start: number = -1,
    readonly length: number = 0,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

/** Raises KQL0402 when a table grows past the row limit. */
export function checkRows(n: number, limits: QueryLimits, what = 'result'): void {
  if (n > limits.maxRows) {
    throw new KqlError(
      'KQL0402',
      `The ${what} has ${n} rows, more than the limit of ${limits.maxRows}.`,
      -1,
      0,
      'Narrow the query (where, summarize, take), or raise the limit with --max-rows.',
    );
  }
}
