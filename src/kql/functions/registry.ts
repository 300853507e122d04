/**
 * The scalar function catalogue. Each family file (`string.ts`, `datetime.ts`…) defines its
 * functions with `define`; `index.ts` imports every family once. A function receives its
 * evaluated arguments for one row plus a call site (argument types, result type, the query
 * context); the expression compiler runs it per row, or once per distinct value when its
 * only varying argument is a dictionary-encoded string column.
 */

import type { KqlType, Scalar } from '../../table/types.js';
import type { QueryContext } from '../context.js';

export interface CallSite {
  readonly name: string;
  readonly argTypes: readonly KqlType[];
  readonly resultType: KqlType;
  readonly query: QueryContext;
  /** Per-call-site memo, e.g. a regex compiled from a constant pattern. */
  readonly memo: Map<unknown, unknown>;
}

export interface ScalarFunction {
  readonly name: string;
  readonly aliases?: readonly string[];
  call(args: readonly Scalar[], site: CallSite): Scalar;
  /** False for functions whose value changes between calls with the same arguments (rand). */
  readonly deterministic?: boolean;
}

const registry = new Map<string, ScalarFunction>();

export function define(...fns: ScalarFunction[]): void {
  for (const f of fns) {
    registry.set(f.name, f);
    for (const a of f.aliases ?? []) registry.set(a, f);
  }
}

export function lookupFunction(name: string): ScalarFunction | undefined {
  return registry.get(name);
}

export function functionNames(): string[] {
  return [...registry.keys()].sort();
}

/** Shorthand for a function with a fixed implementation. */
export function fn(
  name: string,
  call: (args: readonly Scalar[], site: CallSite) => Scalar,
  aliases?: readonly string[],
): ScalarFunction {
  return aliases ? { name, call, aliases } : { name, call };
}

/** Reads a value from a per-site memo, computing it once. */
export function memo<T>(site: CallSite, key: unknown, make: () => T): T {
  if (site.memo.has(key)) return site.memo.get(key) as T;
  const v = make();
  site.memo.set(key, v);
  return v;
}
