/**
 * A stable least-significant-digit radix sort of row numbers by typed sort keys, for `sort`
 * over large tables: a comparator sort of a million rows calls a closure twenty million
 * times, while this makes a few linear passes over 16-bit digits.
 *
 * Each key becomes digits, least significant first, whose unsigned order is the key's
 * order: whole numbers close together (datetimes' milliseconds, ports) their offset from the
 * smallest, other doubles their bits with the sign flipped (negatives complemented), NaN
 * below -inf and -0 equal to 0 as `sort` compares them; a datetime's milliseconds that way with its
 * sub-millisecond ticks below them; a string's rank in its dictionary; a boolean itself.
 * Null goes into a last digit of its own, first or last as the key asks, and descending
 * keys complement their digits. Keys sort from the last to the first, each pass stable, so
 * ties keep input order, as the comparator sort does. Columns of other kinds return null
 * and the caller falls back to comparing.
 */

import {
  BOOL_NULL,
  BoolColumn,
  ConstColumn,
  NumberColumn,
  StringColumn,
  TickColumn,
  type Column,
} from '../../table/column.js';
import { identity } from '../eval.js';
import { compareValues } from '../values.js';

export interface RadixKey {
  column: Column;
  desc: boolean;
  nullsFirst: boolean;
}

/**
 * Digits of whole numbers within 2^32 of each other (milliseconds of a day's logs, ports,
 * counts): their offset from the smallest, in two digits; null when the values are not so.
 * Rows whose `nulls` flag is set are ignored (their digits do not matter).
 */
function narrowDigits(
  values: Float64Array,
  nulls: Uint8Array | null,
  n: number,
  desc: boolean,
): Uint16Array[] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const v = values[i]!;
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min >= 2 ** 32) return null;
  const lo = new Uint16Array(n);
  const hi = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const off = desc ? max - values[i]! : values[i]! - min;
    lo[i] = off % 65536;
    hi[i] = Math.floor(off / 65536);
  }
  return [lo, hi];
}

/** Digits of sortable doubles: lo16, lo-hi16, hi16, hi-hi16 per row. */
function doubleDigits(
  values: Float64Array,
  nulls: Uint8Array | null,
  n: number,
  desc: boolean,
): Uint16Array[] {
  const narrow = narrowDigits(values, nulls, n, desc);
  if (narrow !== null) return narrow;
  const canon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // NaN sorts below -inf; -0 equals 0.
    canon[i] = v !== v ? -Infinity : v === 0 ? 0 : v;
  }
  const words = new Uint32Array(canon.buffer);
  const d = [0, 1, 2, 3].map(() => new Uint16Array(n));
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [loAt, hiAt] = little ? [0, 1] : [1, 0];
  for (let i = 0; i < n; i++) {
    let lo = words[2 * i + loAt]!;
    let hi = words[2 * i + hiAt]!;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    // NaN (now -inf) must sit below the real -inf: -inf's key is 0x000FFFFF_FFFFFFFF, so
    // NaN takes the all-zero key.
    if (values[i] !== values[i]) hi = lo = 0;
    if (desc) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    }
    d[0]![i] = lo & 0xffff;
    d[1]![i] = lo >>> 16;
    d[2]![i] = hi & 0xffff;
    d[3]![i] = hi >>> 16;
  }
  return d;
}

/** The null class digit: 0 before every value, 2 after, 1 for a value. */
function nullDigit(nulls: Uint8Array | null, n: number, nullsFirst: boolean): Uint16Array | null {
  if (nulls === null) return null;
  const d = new Uint16Array(n).fill(1);
  const cls = nullsFirst ? 0 : 2;
  for (let i = 0; i < n; i++) if (nulls[i] === 1) d[i] = cls;
  return d;
}

/** Digits of one key, least significant first; null when the column has no typed form. */
function keyDigits(k: RadixKey, n: number): Uint16Array[] | null {
  const c = k.column;
  if (c instanceof ConstColumn) return [];
  if (c instanceof NumberColumn) {
    const out = doubleDigits(c.values, c.nulls, n, k.desc);
    const nd = nullDigit(c.nulls, n, k.nullsFirst);
    return nd === null ? out : [...out, nd];
  }
  if (c instanceof TickColumn) {
    const sub = new Uint16Array(n);
    for (let i = 0; i < n; i++) sub[i] = k.desc ? 0xffff - c.sub[i]! : c.sub[i]!;
    const out = [sub, ...doubleDigits(c.ms, c.nulls, n, k.desc)];
    const nd = nullDigit(c.nulls, n, k.nullsFirst);
    return nd === null ? out : [...out, nd];
  }
  if (c instanceof StringColumn) {
    const order = c.dict.map((_, i) => i).sort((a, b) => compareValues(c.dict[a]!, c.dict[b]!));
    const rank = new Uint32Array(c.dict.length);
    order.forEach((code, r) => (rank[code] = k.desc ? order.length - 1 - r : r));
    const lo = new Uint16Array(n);
    const hi = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const r = rank[c.codes[i]!]!;
      lo[i] = r & 0xffff;
      hi[i] = r >>> 16;
    }
    return [lo, hi];
  }
  if (c instanceof BoolColumn) {
    const value = new Uint16Array(n);
    const nulls = new Uint8Array(n);
    let anyNull = false;
    for (let i = 0; i < n; i++) {
      const v = c.values[i]!;
      if (v === BOOL_NULL) {
        nulls[i] = 1;
        anyNull = true;
      } else value[i] = k.desc ? 1 - v : v;
    }
    const nd = anyNull ? nullDigit(nulls, n, k.nullsFirst) : null;
    return nd === null ? [value] : [value, nd];
  }
  return null;
}

/** One stable counting pass of `idx` by digit `d` (indexed by row); false when it changed nothing. */
function pass(idx: Int32Array, tmp: Int32Array, d: Uint16Array): boolean {
  const n = idx.length;
  const count = new Uint32Array(65537);
  for (let i = 0; i < n; i++) count[d[i]! + 1]!++;
  // Every row has the same digit: the pass would keep the order.
  for (let b = 1; b <= 65536; b++) if (count[b] === n) return false;
  for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    tmp[count[d[r]!]!++] = r;
  }
  return true;
}

/** The stable permutation that orders rows 0…n-1 by `keys`, or null when a key is untyped. */
export function radixOrder(keys: readonly RadixKey[], n: number): Int32Array | null {
  const digits: Uint16Array[] = [];
  for (let k = keys.length - 1; k >= 0; k--) {
    const d = keyDigits(keys[k]!, n);
    if (d === null) return null;
    digits.push(...d);
  }
  let idx: Int32Array = identity(n);
  let tmp: Int32Array = new Int32Array(n);
  for (const d of digits) {
    if (pass(idx, tmp, d)) [idx, tmp] = [tmp, idx];
  }
  return idx;
}
