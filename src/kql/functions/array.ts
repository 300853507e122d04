/**
 * Dynamic-array functions: `array_*`, `set_*`, `pack_array`, `zip`, `range`, `repeat`.
 * A non-array where an array is expected gives null (not an error), indexes are 0-based and
 * a negative index counts from the end. Scalars put into an array become dynamic values:
 * datetimes and timespans as their text (pack-array docs: `"00:00:02"`). The `set_*`
 * functions keep first-appearance order and compare values by content, so `1` and `"1"`
 * differ but two equal bags are one element.
 */

import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { compareValues, stableStringify, toDynamic } from '../values.js';
import { array, int, num } from './args.js';
import { define, fn } from './registry.js';

const key = (v: JsonValue): string => stableStringify(v);

/** Resolves a possibly negative index against a length. */
function at(i: number, length: number): number {
  return i < 0 ? length + i : i;
}

/** `array_slice(arr, start, end)`: both ends inclusive, negative ones from the end. */
export function arraySlice(a: JsonValue[], start: number, end: number): JsonValue[] {
  const s = Math.max(0, at(start, a.length));
  const e = Math.min(a.length - 1, at(end, a.length));
  return s > e ? [] : a.slice(s, e + 1);
}

/**
 * Element order for `array_sort_*`: numbers, then strings, then booleans, then the rest;
 * nulls go last unless the caller asks otherwise (array-sort-asc docs).
 */
function sortRank(v: JsonValue): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  return 3;
}

function compareElements(a: JsonValue, b: JsonValue): number {
  const ra = sortRank(a);
  const rb = sortRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 3) return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return compareValues(a as Scalar, b as Scalar);
}

/**
 * `array_sort_asc(a1[, a2…][, nulls_last])`: sorts the first array and reorders the others
 * the same way. One array gives the sorted array; several give an array of arrays (Kusto
 * returns them as separate columns in `print`, which a scalar function cannot do).
 */
export function arraySort(args: readonly Scalar[], descending: boolean): JsonValue {
  let nullsLast = true;
  let arrays = args;
  const last = args[args.length - 1];
  if (args.length > 1 && typeof last === 'boolean') {
    nullsLast = last;
    arrays = args.slice(0, -1);
  }
  const first = array(arrays[0]);
  if (first === null) return null;
  const order = first.map((_, i) => i);
  order.sort((i, j) => {
    const a = first[i]!;
    const b = first[j]!;
    if (a === null || b === null) {
      if (a === b) return i - j;
      return (a === null) === nullsLast ? 1 : -1;
    }
    const c = compareElements(a, b);
    return (descending ? -c : c) || i - j;
  });
  const sorted = arrays.map((a) => {
    const arr = array(a);
    return arr === null ? null : order.map((i) => (arr[i] ?? null) as JsonValue);
  });
  return sorted.length === 1 ? sorted[0]! : sorted;
}

/** `array_iff(conditions, ifTrue, ifFalse)`: non-boolean, non-numeric conditions give null. */
export function arrayIff(cond: JsonValue[], t: Scalar, f: Scalar): JsonValue[] {
  const pick = (v: Scalar, i: number): JsonValue =>
    Array.isArray(v) ? ((v[i] ?? null) as JsonValue) : (v as JsonValue);
  return cond.map((c, i) => {
    const truth = typeof c === 'boolean' ? c : typeof c === 'number' ? c !== 0 : null;
    return truth === null ? null : pick(truth ? t : f, i);
  });
}

/** `array_index_of(arr, value, start, length, occurrence)`, with indexof's window rules. */
export function arrayIndexOf(
  a: JsonValue[],
  value: JsonValue,
  start: number,
  length: number,
  occurrence: number,
): number | null {
  if (occurrence < 1) return null;
  const from = Math.max(0, at(start, a.length));
  const end = length < 0 ? a.length : Math.min(a.length, from + length);
  const k = key(value);
  let seen = 0;
  for (let i = from; i < end; i++) {
    if (key(a[i]!) === k && ++seen === occurrence) return i;
  }
  return -1;
}

function distinct(values: Iterable<JsonValue>): JsonValue[] {
  const seen = new Set<string>();
  const out: JsonValue[] = [];
  for (const v of values) {
    const k = key(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** Reads every argument as an array; null when one is not. */
function arrays(args: readonly Scalar[]): JsonValue[][] | null {
  const out: JsonValue[][] = [];
  for (const a of args) {
    const arr = array(a);
    if (arr === null) return null;
    out.push(arr);
  }
  return out;
}

function rotate(a: JsonValue[], n: number): JsonValue[] {
  if (a.length === 0) return [];
  const k = ((n % a.length) + a.length) % a.length;
  return [...a.slice(k), ...a.slice(0, k)];
}

function shift(a: JsonValue[], n: number, fill: JsonValue): JsonValue[] {
  return a.map((_, i) => {
    const j = i + n;
    return j >= 0 && j < a.length ? a[j]! : fill;
  });
}

const MAX_RANGE = 1_048_576;

/** `range(start, stop, step)` for numbers, or datetimes and timespans stepped by a timespan. */
export function range(
  start: Scalar,
  stop: Scalar,
  step: Scalar | undefined,
  type: KqlType,
): JsonValue {
  if (typeof start === 'bigint' && typeof stop === 'bigint') {
    const s = typeof step === 'bigint' ? step : 864_000_000_000n;
    if (s === 0n) return null;
    const out: JsonValue[] = [];
    for (let v = start; s > 0n ? v <= stop : v >= stop; v += s) {
      if (out.length >= MAX_RANGE) break;
      out.push(toDynamic(v, type));
    }
    return out;
  }
  const a = num(start);
  const b = num(stop);
  const s = step === undefined ? 1 : num(step);
  if (a === null || b === null || s === null || s === 0) return null;
  const out: JsonValue[] = [];
  for (let i = 0; out.length < MAX_RANGE; i++) {
    const v = a + i * s;
    if (s > 0 ? v > b : v < b) break;
    out.push(v);
  }
  return out;
}

define(
  fn('array_length', ([a]) => array(a)?.length ?? null),
  fn('array_concat', (args) => arrays(args)?.flat() ?? null),
  fn('array_reverse', ([a]) => array(a)?.slice().reverse() ?? null),
  fn('array_slice', ([a, s, e]) => {
    const arr = array(a);
    const start = int(s);
    const end = int(e);
    return arr === null || start === null || end === null ? null : arraySlice(arr, start, end);
  }),
  fn('array_sort_asc', (args) => arraySort(args, false)),
  fn('array_sort_desc', (args) => arraySort(args, true)),
  fn('array_sum', ([a]) => {
    const arr = array(a);
    if (arr === null) return null;
    let sum = 0;
    for (const v of arr) {
      if (typeof v !== 'number') return null;
      sum += v;
    }
    return sum;
  }),
  fn(
    'array_iff',
    ([c, t, f]) => {
      const cond = array(c);
      return cond === null ? null : arrayIff(cond, t ?? null, f ?? null);
    },
    ['array_iif'],
  ),
  fn('array_index_of', ([a, v, s, l, o], site) => {
    const arr = array(a);
    const start = s === undefined ? 0 : int(s);
    const length = l === undefined ? -1 : int(l);
    const occ = o === undefined ? 1 : int(o);
    if (arr === null || start === null || length === null || occ === null) return null;
    return arrayIndexOf(arr, toDynamic(v ?? null, site.argTypes[1]), start, length, occ);
  }),
  fn('array_rotate_left', ([a, n]) => {
    const arr = array(a);
    const k = int(n);
    return arr === null || k === null ? null : rotate(arr, k);
  }),
  fn('array_rotate_right', ([a, n]) => {
    const arr = array(a);
    const k = int(n);
    return arr === null || k === null ? null : rotate(arr, -k);
  }),
  fn('array_shift_left', ([a, n, fill], site) => {
    const arr = array(a);
    const k = int(n);
    return arr === null || k === null
      ? null
      : shift(arr, k, toDynamic(fill ?? null, site.argTypes[2]));
  }),
  fn('array_shift_right', ([a, n, fill], site) => {
    const arr = array(a);
    const k = int(n);
    return arr === null || k === null
      ? null
      : shift(arr, -k, toDynamic(fill ?? null, site.argTypes[2]));
  }),
  fn('array_split', ([a, idx]) => {
    const arr = array(a);
    if (arr === null) return null;
    const cuts = (Array.isArray(idx) ? idx : [idx]).map((v) =>
      typeof v === 'number'
        ? Math.min(arr.length, Math.max(0, at(Math.trunc(v), arr.length)))
        : null,
    );
    if (cuts.some((c) => c === null)) return null;
    const bounds = [0, ...(cuts as number[]), arr.length];
    return bounds.slice(1).map((b, i) => arr.slice(bounds[i], Math.max(b, bounds[i]!)));
  }),
  fn('set_has_element', ([a, v], site) => {
    const arr = array(a);
    if (arr === null) return null;
    const k = key(toDynamic(v ?? null, site.argTypes[1]));
    return arr.some((e) => key(e) === k);
  }),
  fn('set_union', (args) => {
    const all = arrays(args);
    return all === null ? null : distinct(all.flat());
  }),
  fn('set_intersect', (args) => {
    const all = arrays(args);
    if (all === null) return null;
    const others = all.slice(1).map((a) => new Set(a.map(key)));
    return distinct(all[0]!.filter((v) => others.every((s) => s.has(key(v)))));
  }),
  fn('set_difference', (args) => {
    const all = arrays(args);
    if (all === null) return null;
    const others = new Set(all.slice(1).flat().map(key));
    return distinct(all[0]!.filter((v) => !others.has(key(v))));
  }),
  fn('pack_array', (args, site) => args.map((v, i) => toDynamic(v, site.argTypes[i]))),
  fn('zip', (args) => {
    const all = arrays(args);
    if (all === null) return null;
    const n = Math.max(0, ...all.map((a) => a.length));
    return Array.from({ length: n }, (_, i) => all.map((a) => (a[i] ?? null) as JsonValue));
  }),
  fn('range', ([a, b, s], site) => range(a ?? null, b ?? null, s, site.argTypes[0] ?? 'long')),
  fn('repeat', ([v, n], site) => {
    const k = int(n);
    if (k === null) return null;
    return new Array<JsonValue>(Math.max(0, Math.min(k, MAX_RANGE))).fill(
      toDynamic(v ?? null, site.argTypes[0]),
    );
  }),
);
