/**
 * Typed fast paths for the operations detection queries run over millions of rows:
 * comparisons of a number or datetime column with a constant or another column, `and` /
 * `or` / `not` over boolean columns, arithmetic on number columns, `bin()` of a datetime or
 * number column, and null tests.
 *
 * The general evaluator (`mapRows`) calls a function per row with boxed values, and a
 * datetime is a bigint per row; these loops read the Float64Array and (ms, sub-ms) arrays
 * directly and write a Uint8Array. Each kernel must give exactly what the general path gives
 * (binary.ts for the null rules, the function registry for `bin`): a kernel returns null
 * when it does not apply, and test/kql/kernels.test.ts compares every kernel with the
 * general path on random columns with nulls, NaN and sub-millisecond ticks.
 */

import {
  BOOL_FALSE,
  BOOL_NULL,
  BOOL_TRUE,
  BoolColumn,
  ConstColumn,
  NumberColumn,
  TickColumn,
  type Column,
} from '../table/column.js';
import { splitTicks, TICKS_PER_MS } from '../table/datetime.js';
import type { KqlType, Scalar } from '../table/types.js';
import type { BinaryFn } from './functions/binary.js';

/** A number column, or a constant broadcast: `values` is null for a constant. */
interface NumView {
  values: Float64Array | null;
  nulls: Uint8Array | null;
  /** The constant (null for a null constant); unused for a column. */
  k: number | null;
}

function numView(c: Column): NumView | null {
  if (c instanceof NumberColumn) return { values: c.values, nulls: c.nulls, k: null };
  if (c instanceof ConstColumn && (typeof c.value === 'number' || c.value === null)) {
    return { values: null, nulls: null, k: c.value };
  }
  return null;
}

interface TickView {
  ms: Float64Array | null;
  sub: Uint16Array | null;
  nulls: Uint8Array | null;
  /** The constant as (ms, sub), or null for a null constant; unused for a column. */
  k: [number, number] | null;
}

function tickView(c: Column): TickView | null {
  if (c instanceof TickColumn) return { ms: c.ms, sub: c.sub, nulls: c.nulls, k: null };
  if (c instanceof ConstColumn && (typeof c.value === 'bigint' || c.value === null)) {
    return { ms: null, sub: null, nulls: null, k: c.value === null ? null : splitTicks(c.value) };
  }
  return null;
}

const NUMERIC = new Set<KqlType>(['int', 'long', 'real']);

const COMPARISONS: Record<string, (c: number) => boolean> = {
  LessThanExpression: (c) => c < 0,
  LessThanOrEqualExpression: (c) => c <= 0,
  GreaterThanExpression: (c) => c > 0,
  GreaterThanOrEqualExpression: (c) => c >= 0,
};

/**
 * Turns per-row null flags and orders into a bool column with Kusto's null rules (see
 * functions/binary.ts): `==` is false with one null and null with two, `!=` the reverse;
 * `<` and friends are null with any null and false with NaN. `nulls` holds 1 for a null
 * left side and 2 for a null right side; `order` is -1, 0, 1, or NaN for unordered.
 */
function verdicts(kind: string, nulls: Uint8Array, order: Float64Array): BoolColumn | null {
  const n = order.length;
  const out = new Uint8Array(n);
  if (kind === 'EqualExpression' || kind === 'NotEqualExpression') {
    const hit = kind === 'EqualExpression' ? BOOL_TRUE : BOOL_FALSE;
    const miss = kind === 'EqualExpression' ? BOOL_FALSE : BOOL_TRUE;
    for (let i = 0; i < n; i++) {
      const z = nulls[i]!;
      out[i] = z === 0 ? (order[i] === 0 ? hit : miss) : z === 3 ? BOOL_NULL : miss;
    }
    return new BoolColumn(out);
  }
  const test = COMPARISONS[kind];
  if (test === undefined) return null;
  for (let i = 0; i < n; i++) {
    const c = order[i]!;
    out[i] = nulls[i] !== 0 ? BOOL_NULL : c === c && test(c) ? BOOL_TRUE : BOOL_FALSE;
  }
  return new BoolColumn(out);
}

function isComparison(kind: string): boolean {
  return kind === 'EqualExpression' || kind === 'NotEqualExpression' || kind in COMPARISONS;
}

/** Null flags of two sides: 1 = left null, 2 = right null, 3 = both. */
function nullFlags(
  n: number,
  an: Uint8Array | null,
  aNullConst: boolean,
  bn: Uint8Array | null,
  bNullConst: boolean,
): Uint8Array {
  const flags = new Uint8Array(n);
  if (aNullConst) flags.fill(1);
  if (an !== null) for (let i = 0; i < n; i++) flags[i]! |= an[i]!;
  if (bNullConst) for (let i = 0; i < n; i++) flags[i]! |= 2;
  if (bn !== null) for (let i = 0; i < n; i++) flags[i]! |= bn[i]! << 1;
  return flags;
}

/** What a row with exactly one null side gives: `!=` true, `==` false, ordering null. */
function oneNullVerdict(kind: string): number {
  if (kind === 'NotEqualExpression') return BOOL_TRUE;
  return kind === 'EqualExpression' ? BOOL_FALSE : BOOL_NULL;
}

/** Rows whose column side is null get the one-null verdict, whatever the loop wrote there. */
function markNulls(out: Uint8Array, nulls: Uint8Array | null, kind: string): BoolColumn {
  if (nulls !== null) {
    const onNull = oneNullVerdict(kind);
    for (let i = 0; i < out.length; i++) if (nulls[i] === 1) out[i] = onNull;
  }
  return new BoolColumn(out);
}

/**
 * The common case, a number column against a non-null constant on the right, with one loop
 * per operator. Each writes `+(test)` (1 or 0, which are BOOL_TRUE and BOOL_FALSE): V8 turns
 * that into a flag-setting instruction, where `test ? T : F` stays a branch that a filter
 * keeping rows at random mispredicts half the time (four times slower on ten million rows).
 * NaN needs no case of its own: JavaScript's `==`, `<`… are false with NaN and `!=` true, as
 * in Kusto.
 */
function numberVersusConstant(
  kind: string,
  v: Float64Array,
  nulls: Uint8Array | null,
  k: number,
  n: number,
): BoolColumn | null {
  const out = new Uint8Array(n);
  switch (kind) {
    case 'EqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i] === k);
      break;
    case 'NotEqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i] !== k);
      break;
    case 'LessThanExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i]! < k);
      break;
    case 'LessThanOrEqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i]! <= k);
      break;
    case 'GreaterThanExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i]! > k);
      break;
    case 'GreaterThanOrEqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(v[i]! >= k);
      break;
    default:
      return null;
  }
  return markNulls(out, nulls, kind);
}

/**
 * `numberVersusConstant` for datetimes and timespans: milliseconds decide unless equal, then
 * the sub-millisecond ticks do; combined with `|` and `&` rather than `||` and `&&`, for the
 * same reason.
 */
function tickVersusConstant(
  kind: string,
  ms: Float64Array,
  sub: Uint16Array,
  nulls: Uint8Array | null,
  [km, ks]: [number, number],
  n: number,
): BoolColumn | null {
  const out = new Uint8Array(n);
  switch (kind) {
    case 'EqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(ms[i] === km) & +(sub[i] === ks);
      break;
    case 'NotEqualExpression':
      for (let i = 0; i < n; i++) out[i] = 1 ^ (+(ms[i] === km) & +(sub[i] === ks));
      break;
    case 'LessThanExpression':
      for (let i = 0; i < n; i++) out[i] = +(ms[i]! < km) | (+(ms[i] === km) & +(sub[i]! < ks));
      break;
    case 'LessThanOrEqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(ms[i]! < km) | (+(ms[i] === km) & +(sub[i]! <= ks));
      break;
    case 'GreaterThanExpression':
      for (let i = 0; i < n; i++) out[i] = +(ms[i]! > km) | (+(ms[i] === km) & +(sub[i]! > ks));
      break;
    case 'GreaterThanOrEqualExpression':
      for (let i = 0; i < n; i++) out[i] = +(ms[i]! > km) | (+(ms[i] === km) & +(sub[i]! >= ks));
      break;
    default:
      return null;
  }
  return markNulls(out, nulls, kind);
}

function numberCompare(kind: string, a: NumView, b: NumView, n: number): BoolColumn | null {
  if (!isComparison(kind)) return null;
  if (a.values !== null && b.values === null && b.k !== null) {
    return numberVersusConstant(kind, a.values, a.nulls, b.k, n);
  }
  const av = a.values;
  const bv = b.values;
  const flags = nullFlags(
    n,
    a.nulls,
    av === null && a.k === null,
    b.nulls,
    bv === null && b.k === null,
  );
  const order = new Float64Array(n);
  const ak = a.k ?? 0;
  const bk = b.k ?? 0;
  for (let i = 0; i < n; i++) {
    const x = av === null ? ak : av[i]!;
    const y = bv === null ? bk : bv[i]!;
    order[i] = x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  }
  return verdicts(kind, flags, order);
}

function tickCompare(kind: string, a: TickView, b: TickView, n: number): BoolColumn | null {
  if (!isComparison(kind)) return null;
  if (a.ms !== null && a.sub !== null && b.ms === null && b.k !== null) {
    return tickVersusConstant(kind, a.ms, a.sub, a.nulls, b.k, n);
  }
  const flags = nullFlags(
    n,
    a.nulls,
    a.ms === null && a.k === null,
    b.nulls,
    b.ms === null && b.k === null,
  );
  const [akm, aks] = a.k ?? [0, 0];
  const [bkm, bks] = b.k ?? [0, 0];
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xm = a.ms === null ? akm : a.ms[i]!;
    const ym = b.ms === null ? bkm : b.ms[i]!;
    if (xm !== ym) {
      order[i] = xm < ym ? -1 : 1;
      continue;
    }
    const xs = a.sub === null ? aks : a.sub[i]!;
    const ys = b.sub === null ? bks : b.sub[i]!;
    order[i] = xs < ys ? -1 : xs > ys ? 1 : 0;
  }
  return verdicts(kind, flags, order);
}

function boolView(c: Column): ((i: number) => number) | null {
  if (c instanceof BoolColumn) {
    const v = c.values;
    return (i) => v[i]!;
  }
  if (c instanceof ConstColumn && (typeof c.value === 'boolean' || c.value === null)) {
    const k = c.value === null ? BOOL_NULL : c.value ? BOOL_TRUE : BOOL_FALSE;
    return () => k;
  }
  return null;
}

function logic(kind: string, a: Column, b: Column, n: number): BoolColumn | null {
  const x = boolView(a);
  const y = boolView(b);
  if (x === null || y === null) return null;
  const out = new Uint8Array(n);
  if (kind === 'AndExpression') {
    for (let i = 0; i < n; i++) {
      const p = x(i);
      const q = y(i);
      out[i] =
        p === BOOL_FALSE || q === BOOL_FALSE
          ? BOOL_FALSE
          : p === BOOL_NULL || q === BOOL_NULL
            ? BOOL_NULL
            : BOOL_TRUE;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const p = x(i);
      const q = y(i);
      out[i] =
        p === BOOL_TRUE || q === BOOL_TRUE
          ? BOOL_TRUE
          : p === BOOL_NULL || q === BOOL_NULL
            ? BOOL_NULL
            : BOOL_FALSE;
    }
  }
  return new BoolColumn(out);
}

const ARITHMETIC = new Set(['AddExpression', 'SubtractExpression', 'MultiplyExpression']);

/**
 * `+`, `-`, `*` on numbers. For a long or int result the double is exact while it is a safe
 * integer; past that, the row goes through `exact` (binary.ts wraps at 64 bits with bigints).
 */
function arithmetic(
  kind: string,
  a: NumView,
  b: NumView,
  out: KqlType,
  n: number,
  exact: BinaryFn,
): NumberColumn | null {
  if (!ARITHMETIC.has(kind) || !NUMERIC.has(out)) return null;
  if ((a.values === null && a.k === null) || (b.values === null && b.k === null)) return null;
  const values = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  const integer = out !== 'real';
  for (let i = 0; i < n; i++) {
    if ((a.nulls !== null && a.nulls[i] === 1) || (b.nulls !== null && b.nulls[i] === 1)) {
      (nulls ??= new Uint8Array(n))[i] = 1;
      continue;
    }
    const x = a.values === null ? a.k! : a.values[i]!;
    const y = b.values === null ? b.k! : b.values[i]!;
    let r = kind === 'AddExpression' ? x + y : kind === 'SubtractExpression' ? x - y : x * y;
    if (integer && (!Number.isSafeInteger(r) || out === 'int')) r = exact(x, y) as number;
    values[i] = r;
  }
  return new NumberColumn(out as NumberColumn['type'], values, nulls);
}

/** A fast path for a binary operator over two evaluated columns, or null. */
export function binaryKernel(
  kind: string,
  a: Column,
  b: Column,
  lt: KqlType,
  rt: KqlType,
  out: KqlType,
  n: number,
  exact: BinaryFn,
): Column | null {
  if (a instanceof ConstColumn && b instanceof ConstColumn) return null;
  if (kind === 'AndExpression' || kind === 'OrExpression') return logic(kind, a, b, n);
  if (NUMERIC.has(lt) && NUMERIC.has(rt)) {
    const x = numView(a);
    const y = numView(b);
    if (x === null || y === null) return null;
    if (out === 'bool') return numberCompare(kind, x, y, n);
    return arithmetic(kind, x, y, out, n, exact);
  }
  if (lt === rt && (lt === 'datetime' || lt === 'timespan') && out === 'bool') {
    const x = tickView(a);
    const y = tickView(b);
    if (x === null || y === null) return null;
    return tickCompare(kind, x, y, n);
  }
  return null;
}

/**
 * A fast path for a function call over evaluated arguments, or null: `bin`/`floor` of a
 * datetime or timespan column by a whole number of milliseconds or of a number column by a
 * constant, `not` of a boolean column, `isnull`/`isnotnull` of typed columns.
 */
export function callKernel(
  name: string,
  args: readonly Column[],
  out: KqlType,
  n: number,
): Column | null {
  const [a, b] = args;
  if (a === undefined || a instanceof ConstColumn) return null;
  if ((name === 'bin' || name === 'floor') && args.length === 2 && b instanceof ConstColumn) {
    return a.type === out ? binKernel(a, b.value, n) : null;
  }
  if (name === 'not' && args.length === 1 && a instanceof BoolColumn) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = a.values[i]!;
      out[i] = v === BOOL_NULL ? BOOL_NULL : v === BOOL_TRUE ? BOOL_FALSE : BOOL_TRUE;
    }
    return new BoolColumn(out);
  }
  if ((name === 'isnull' || name === 'isnotnull') && args.length === 1) {
    if (!(a instanceof NumberColumn || a instanceof TickColumn)) return null;
    const yes = name === 'isnull' ? BOOL_TRUE : BOOL_FALSE;
    const no = name === 'isnull' ? BOOL_FALSE : BOOL_TRUE;
    const out = new Uint8Array(n).fill(no);
    if (a.nulls !== null) for (let i = 0; i < n; i++) if (a.nulls[i] === 1) out[i] = yes;
    return new BoolColumn(out);
  }
  return null;
}

/**
 * `bin(v, size)` floors to a multiple of `size` counted from the Unix epoch, as the `bin`
 * function does. With a size of whole milliseconds the sub-millisecond ticks cannot change
 * the bin, so the floor runs on the millisecond doubles.
 */
function binKernel(a: Column, size: Scalar, n: number): Column | null {
  if (a instanceof TickColumn && typeof size === 'bigint') {
    if (size <= 0n || size % TICKS_PER_MS !== 0n) return null;
    const step = Number(size / TICKS_PER_MS);
    const ms = new Float64Array(n);
    for (let i = 0; i < n; i++) ms[i] = Math.floor(a.ms[i]! / step) * step;
    return new TickColumn(a.type, ms, new Uint16Array(n), a.nulls);
  }
  if (a instanceof NumberColumn && typeof size === 'number' && size > 0) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = Math.floor(a.values[i]! / size) * size;
    return new NumberColumn(a.type, values, a.nulls);
  }
  return null;
}
