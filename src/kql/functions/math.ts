/**
 * Math functions. Integer inputs keep an integer result where Kusto's signature does
 * (`abs`, `round` of a long); logarithms and `sqrt` of a number outside their domain give
 * null rather than NaN (log-function, sqrt-function docs). `floor(x, size)` is an alias of
 * `bin` and lives in datetime.ts.
 */

import type { Scalar } from '../../table/types.js';
import { compareValues } from '../values.js';
import { int, num } from './args.js';
import { define, fn, type ScalarFunction } from './registry.js';

/** A one-argument real function; null in, null out. */
function unary(name: string, f: (x: number) => number | null): ScalarFunction {
  return fn(name, ([v]) => {
    const x = num(v);
    const y = x === null ? null : f(x);
    // Math.ceil(-0.5) is -0; Kusto has no negative zero to show.
    return y === 0 ? 0 : y;
  });
}

const positive = (f: (x: number) => number) => (x: number) => (x > 0 ? f(x) : null);

/**
 * `round(x, precision)`: half away from zero (`round(2.15, 1)` is 2.2 in the docs, which a
 * binary 2.15 only reaches by scaling first); a negative precision rounds left of the point.
 */
export function roundTo(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  const r = (v: number): number => Math.sign(v) * Math.round(Math.abs(v)) || 0;
  if (precision >= 0) {
    const f = 10 ** precision;
    return r(x * f) / f;
  }
  const f = 10 ** -precision;
  return r(x / f) * f;
}

/** `min_of` / `max_of`: nulls are skipped; all-null gives null. */
function extreme(args: readonly Scalar[], sign: 1 | -1): Scalar {
  let best: Scalar = null;
  for (const v of args) {
    if (v === null || v === undefined) continue;
    if (best === null || sign * compareValues(v, best) > 0) best = v;
  }
  return best;
}

/** `tohex(n[, minLength])`: lower-case hex, negatives as 64-bit two's complement. */
export function toHex(n: number, minLength: number): string {
  const v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
  return v.toString(16).padStart(minLength, '0');
}

define(
  fn('tohex', ([v, len]) => {
    const n = num(v);
    const width = len === undefined ? 0 : int(len);
    return n === null || width === null || !Number.isFinite(n) ? '' : toHex(n, width);
  }),
  fn('abs', ([v]) => {
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    const x = num(v);
    return x === null ? null : Math.abs(x);
  }),
  unary('ceiling', Math.ceil),
  unary('sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)),
  unary('sqrt', (x) => (x >= 0 ? Math.sqrt(x) : null)),
  unary('exp', Math.exp),
  unary('exp2', (x) => 2 ** x),
  unary('exp10', (x) => 10 ** x),
  unary('log', positive(Math.log)),
  unary('log2', positive(Math.log2)),
  unary('log10', positive(Math.log10)),
  unary('sin', Math.sin),
  unary('cos', Math.cos),
  unary('tan', Math.tan),
  unary('asin', Math.asin),
  unary('acos', Math.acos),
  unary('atan', Math.atan),
  unary('cot', (x) => 1 / Math.tan(x)),
  unary('degrees', (x) => (x * 180) / Math.PI),
  unary('radians', (x) => (x * Math.PI) / 180),
  fn('atan2', ([y, x]) => {
    const a = num(y);
    const b = num(x);
    return a === null || b === null ? null : Math.atan2(a, b);
  }),
  fn('pow', ([b, e]) => {
    const x = num(b);
    const y = num(e);
    return x === null || y === null ? null : x ** y;
  }),
  fn('pi', () => Math.PI),
  fn('round', ([v, p]) => {
    const x = num(v);
    const digits = p === undefined ? 0 : int(p);
    return x === null || digits === null ? null : roundTo(x, digits);
  }),
  fn('min_of', (args) => extreme(args, -1)),
  fn('max_of', (args) => extreme(args, 1)),
);
