/**
 * What a running query can see: the input tables, the fixed "now", limits, watchlists,
 * and the cache that evaluates each `let`-bound tabular expression and `materialize()`
 * once per query.
 */

import type { Table } from '../table/table.js';

export interface QueryLimits {
  /** A result, or a table an operator grows, larger than this stops the query (KQL0402). */
  maxRows: number;
  /** Longest query text accepted (KQL0404), in UTF-16 code units. */
  maxQueryLength: number;
  /** Deepest nesting of brackets accepted in the query text (KQL0403). */
  maxNesting: number;
}

/**
 * One million rows is twice what ADX returns by default and far above Defender's 30,000;
 * a megabyte of query is far above any detection (the seed rule is 1.9 KB), and the Kusto
 * package still parses it in seconds; 128 levels of brackets is deeper than anything
 * written by hand, and well inside the package's own limit.
 */
export const DEFAULT_LIMITS: QueryLimits = {
  maxRows: 1_000_000,
  maxQueryLength: 1_000_000,
  maxNesting: 128,
};

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

/**
 * Raises KQL0402 when a table grows past the row limit; `at` is the syntax that made it.
 * `counted` says n is only how far an operator got before it stopped, not its full size.
 */
export function checkRows(
  n: number,
  limits: QueryLimits,
  what = 'result',
  at?: { TextStart: number; Width: number },
  counted = false,
): void {
  if (n > limits.maxRows) {
    throw new KqlError(
      'KQL0402',
      counted
        ? `The ${what} would have more than ${limits.maxRows} rows, the limit.`
        : `The ${what} has ${n} rows, more than the limit of ${limits.maxRows}.`,
      at?.TextStart ?? -1,
      at?.Width ?? 0,
      'Narrow the query (where, summarize, take), or raise the limit with --max-rows.',
    );
  }
}

/**
 * Raises KQL0402 when an operator grows a table past the row limit. The tables it was given
 * may already be larger (input logs are), so only growth beyond both counts stops it.
 */
export function checkGrowth(
  n: number,
  inputRows: number,
  limits: QueryLimits,
  what: string,
  counted = false,
): void {
  if (n > inputRows) checkRows(n, limits, what, undefined, counted);
}
