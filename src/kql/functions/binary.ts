/**
 * Binary operators: arithmetic, comparison, equality and the string operators, with Kusto's
 * null rules (measured on the Kusto emulator and in the docs' null-values page):
 *
 * - `==`, `=~`, `in`, `contains`, `has`, `startswith`, `endswith`, `matches regex`: false
 *   when one side is null, null when both are;
 * - their negations (`!=`, `!~`, `!contains`…): true when one side is null, null when both;
 * - `<`, `<=`, `>`, `>=` and arithmetic: null when either side is null.
 *
 * Integer arithmetic wraps at 64 bits like .NET's unchecked `long`; integer division
 * truncates toward zero; division or modulo by zero gives null; `%` gives a non-negative
 * remainder. Datetime and timespan arithmetic runs on bigint ticks so no precision is lost.
 */

import type { KqlType, Scalar } from '../../table/types.js';
import { parseDateTime } from '../../table/datetime.js';
import { compareValues, toKqlString, valuesEqual } from '../values.js';
import {
  HAS,
  HAS_CS,
  HASPREFIX,
  HASPREFIX_CS,
  HASSUFFIX,
  HASSUFFIX_CS,
  matchTerm,
  prepareNeedle,
  type TermOptions,
} from './terms.js';
import { compileKqlRegex, type KqlRegex } from './regex.js';

export type BinaryFn = (a: Scalar, b: Scalar) => Scalar;

function wrap64(approx: number, exact: () => bigint): number {
  if (Number.isSafeInteger(approx)) return approx;
  return Number(BigInt.asIntN(64, exact()));
}

function wrapInt(type: KqlType, v: number): number {
  return type === 'int' ? v | 0 : v;
}

const isInteger = (t: KqlType): boolean => t === 'int' || t === 'long';

/** Arithmetic for the binder's result type; operands already checked non-null by the caller. */
function arithmetic(op: string, lt: KqlType, rt: KqlType, out: KqlType): BinaryFn | undefined {
  const ticks = (t: KqlType): boolean => t === 'datetime' || t === 'timespan';
  if (ticks(lt) || ticks(rt)) return tickArithmetic(op, lt, rt);
  if (isInteger(out)) {
    switch (op) {
      case '+':
        return (a, b) =>
          wrapInt(
            out,
            wrap64((a as number) + (b as number), () => BigInt(a as number) + BigInt(b as number)),
          );
      case '-':
        return (a, b) =>
          wrapInt(
            out,
            wrap64((a as number) - (b as number), () => BigInt(a as number) - BigInt(b as number)),
          );
      case '*':
        return (a, b) =>
          wrapInt(
            out,
            wrap64((a as number) * (b as number), () => BigInt(a as number) * BigInt(b as number)),
          );
      case '/':
        return (a, b) =>
          (b as number) === 0 ? null : wrapInt(out, Math.trunc((a as number) / (b as number)));
      case '%':
        return (a, b) => {
          const y = Math.abs(b as number);
          if (y === 0) return null;
          return (((a as number) % y) + y) % y;
        };
    }
  }
  switch (op) {
    case '+':
      return (a, b) => (a as number) + (b as number);
    case '-':
      return (a, b) => (a as number) - (b as number);
    case '*':
      return (a, b) => (a as number) * (b as number);
    case '/':
      return (a, b) => (a as number) / (b as number);
    case '%':
      return (a, b) => (a as number) % (b as number);
  }
  return undefined;
}

function toTicksFactor(n: number): [bigint, bigint] {
  if (Number.isInteger(n)) return [BigInt(n), 1n];
  const scale = 1_000_000;
  return [BigInt(Math.round(n * scale)), BigInt(scale)];
}

function tickArithmetic(op: string, lt: KqlType, rt: KqlType): BinaryFn | undefined {
  const num = (t: KqlType): boolean =>
    t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
  if (op === '+' || op === '-') {
    if ((lt === 'datetime' || lt === 'timespan') && (rt === 'datetime' || rt === 'timespan')) {
      return op === '+'
        ? (a, b) => (a as bigint) + (b as bigint)
        : (a, b) => (a as bigint) - (b as bigint);
    }
    return undefined;
  }
  if (op === '*') {
    if (lt === 'timespan' && num(rt)) {
      return (a, b) => {
        const [m, d] = toTicksFactor(b as number);
        return ((a as bigint) * m) / d;
      };
    }
    if (num(lt) && rt === 'timespan') {
      return (a, b) => {
        const [m, d] = toTicksFactor(a as number);
        return ((b as bigint) * m) / d;
      };
    }
  }
  if (op === '/') {
    if (lt === 'timespan' && rt === 'timespan') {
      return (a, b) => ((b as bigint) === 0n ? null : Number(a as bigint) / Number(b as bigint));
    }
    if (lt === 'timespan' && num(rt)) {
      return (a, b) => {
        const n = b as number;
        if (n === 0) return null;
        return BigInt(Math.trunc(Number(a as bigint) / n));
      };
    }
  }
  if (op === '%' && lt === 'timespan' && rt === 'timespan') {
    return (a, b) => ((b as bigint) === 0n ? null : (a as bigint) % (b as bigint));
  }
  return undefined;
}

/** Brings a value to a comparable form for the other side's type (datetime vs string literal). */
function coerce(v: Scalar, to: KqlType): Scalar {
  if (typeof v === 'string') {
    if (to === 'datetime') return parseDateTime(v);
    if (to === 'int' || to === 'long' || to === 'real') {
      const n = Number(v.trim());
      return v.trim() !== '' && !Number.isNaN(n) ? n : v;
    }
  }
  return v;
}

function comparable(a: Scalar, b: Scalar, lt: KqlType, rt: KqlType): [Scalar, Scalar] {
  if (lt !== rt) {
    if (lt === 'string' || lt === 'dynamic') a = coerce(a, rt);
    if (rt === 'string' || rt === 'dynamic') b = coerce(b, lt);
  }
  return [a, b];
}

/** A dynamic or string operand as text for string operators; null stays null. */
function asText(v: Scalar, t: KqlType): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  return toKqlString(v, t);
}

type Tri = boolean | null;

/** Wraps a positive string predicate with the equality-family null rules. */
function stringPredicate(
  lt: KqlType,
  rt: KqlType,
  negate: boolean,
  test: (hay: string, needle: string) => boolean,
): BinaryFn {
  return (a, b): Tri => {
    const x = asText(a, lt);
    const y = asText(b, rt);
    if (x === null && y === null) return null;
    if (x === null || y === null) return negate;
    const r = test(x, y);
    return negate ? !r : r;
  };
}

function termPredicate(opts: TermOptions, lt: KqlType, rt: KqlType, negate: boolean): BinaryFn {
  let lastNeedle: string | null = null;
  let prepared = prepareNeedle('', opts);
  return stringPredicate(lt, rt, negate, (hay, needle) => {
    if (needle !== lastNeedle) {
      prepared = prepareNeedle(needle, opts);
      lastNeedle = needle;
    }
    return matchTerm(hay, prepared);
  });
}

const STRING_OPS: Record<
  string,
  [negate: boolean, make: (lt: KqlType, rt: KqlType, neg: boolean) => BinaryFn]
> = {
  ContainsExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().includes(s.toLowerCase())),
  ],
  NotContainsExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().includes(s.toLowerCase())),
  ],
  ContainsCsExpression: [false, (l, r, n) => stringPredicate(l, r, n, (h, s) => h.includes(s))],
  NotContainsCsExpression: [true, (l, r, n) => stringPredicate(l, r, n, (h, s) => h.includes(s))],
  StartsWithExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().startsWith(s.toLowerCase())),
  ],
  NotStartsWithExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().startsWith(s.toLowerCase())),
  ],
  StartsWithCsExpression: [false, (l, r, n) => stringPredicate(l, r, n, (h, s) => h.startsWith(s))],
  NotStartsWithCsExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.startsWith(s)),
  ],
  EndsWithExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().endsWith(s.toLowerCase())),
  ],
  NotEndsWithExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase().endsWith(s.toLowerCase())),
  ],
  EndsWithCsExpression: [false, (l, r, n) => stringPredicate(l, r, n, (h, s) => h.endsWith(s))],
  NotEndsWithCsExpression: [true, (l, r, n) => stringPredicate(l, r, n, (h, s) => h.endsWith(s))],
  EqualTildeExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase() === s.toLowerCase()),
  ],
  BangTildeExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => h.toLowerCase() === s.toLowerCase()),
  ],
  HasExpression: [false, (l, r, n) => termPredicate(HAS, l, r, n)],
  NotHasExpression: [true, (l, r, n) => termPredicate(HAS, l, r, n)],
  HasCsExpression: [false, (l, r, n) => termPredicate(HAS_CS, l, r, n)],
  NotHasCsExpression: [true, (l, r, n) => termPredicate(HAS_CS, l, r, n)],
  HasPrefixExpression: [false, (l, r, n) => termPredicate(HASPREFIX, l, r, n)],
  NotHasPrefixExpression: [true, (l, r, n) => termPredicate(HASPREFIX, l, r, n)],
  HasPrefixCsExpression: [false, (l, r, n) => termPredicate(HASPREFIX_CS, l, r, n)],
  NotHasPrefixCsExpression: [true, (l, r, n) => termPredicate(HASPREFIX_CS, l, r, n)],
  HasSuffixExpression: [false, (l, r, n) => termPredicate(HASSUFFIX, l, r, n)],
  NotHasSuffixExpression: [true, (l, r, n) => termPredicate(HASSUFFIX, l, r, n)],
  HasSuffixCsExpression: [false, (l, r, n) => termPredicate(HASSUFFIX_CS, l, r, n)],
  NotHasSuffixCsExpression: [true, (l, r, n) => termPredicate(HASSUFFIX_CS, l, r, n)],
  MatchesRegexExpression: [
    false,
    (l, r, n) => {
      let last: string | null = null;
      let re: KqlRegex | null = null;
      return stringPredicate(l, r, n, (h, s) => {
        if (s !== last) {
          re = compileKqlRegex(s);
          last = s;
        }
        return re !== null && re.test(h);
      });
    },
  ],
  LikeExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => likeRegex(s, 'i').test(h)),
  ],
  NotLikeExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => likeRegex(s, 'i').test(h)),
  ],
  LikeCsExpression: [
    false,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => likeRegex(s, '').test(h)),
  ],
  NotLikeCsExpression: [
    true,
    (l, r, n) => stringPredicate(l, r, n, (h, s) => likeRegex(s, '').test(h)),
  ],
};

const likeCache = new Map<string, RegExp>();
function likeRegex(pattern: string, flags: string): RegExp {
  const key = flags + pattern;
  let re = likeCache.get(key);
  if (re === undefined) {
    const body = pattern
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.');
    re = new RegExp(`^${body}$`, flags + 's');
    likeCache.set(key, re);
  }
  return re;
}

const ARITH: Record<string, string> = {
  AddExpression: '+',
  SubtractExpression: '-',
  MultiplyExpression: '*',
  DivideExpression: '/',
  ModuloExpression: '%',
};

const COMPARE: Record<string, (c: number) => boolean> = {
  LessThanExpression: (c) => c < 0,
  LessThanOrEqualExpression: (c) => c <= 0,
  GreaterThanExpression: (c) => c > 0,
  GreaterThanOrEqualExpression: (c) => c >= 0,
};

/** The row function of a binary operator node kind, or undefined when it is not one. */
export function binaryOperator(
  kind: string,
  lt: KqlType,
  rt: KqlType,
  out: KqlType,
): BinaryFn | undefined {
  const arith = ARITH[kind];
  if (arith !== undefined) {
    const f = arithmetic(arith, lt, rt, out);
    if (f === undefined) return undefined;
    return (a, b) => (a === null || b === null ? null : f(a, b));
  }
  const cmp = COMPARE[kind];
  if (cmp !== undefined) {
    return (a, b) => {
      [a, b] = comparable(a, b, lt, rt);
      if (a === null || b === null) return null;
      if (typeof a === 'number' && Number.isNaN(a)) return false;
      if (typeof b === 'number' && Number.isNaN(b)) return false;
      return cmp(compareValues(a, b));
    };
  }
  if (kind === 'EqualExpression' || kind === 'NotEqualExpression') {
    const neg = kind === 'NotEqualExpression';
    return (a, b) => {
      [a, b] = comparable(a, b, lt, rt);
      if (a === null && b === null) return null;
      if (a === null || b === null) return neg;
      const eq = valuesEqual(a, b);
      return neg ? !eq : eq;
    };
  }
  const s = STRING_OPS[kind];
  if (s !== undefined) return s[1](lt, rt, s[0]);
  if (kind === 'AndExpression') {
    return (a, b) => {
      if (a === false || b === false) return false;
      if (a === null || b === null) return null;
      return true;
    };
  }
  if (kind === 'OrExpression') {
    return (a, b) => {
      if (a === true || b === true) return true;
      if (a === null || b === null) return null;
      return false;
    };
  }
  return undefined;
}

export function isBinaryKind(kind: string): boolean {
  return (
    kind in ARITH ||
    kind in COMPARE ||
    kind in STRING_OPS ||
    kind === 'EqualExpression' ||
    kind === 'NotEqualExpression' ||
    kind === 'AndExpression' ||
    kind === 'OrExpression'
  );
}
