/**
 * Date and time functions. `now()` and `ago()` read the query's fixed "now" (one instant per
 * query, as Kusto evaluates it once); offline, that instant is an anchor the caller chooses.
 * All arithmetic is on bigint ticks.
 */

import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
} from '../../table/datetime.js';
import type { Scalar } from '../../table/types.js';
import { define, fn } from './registry.js';

/** Floors `v` to a multiple of `size` (toward negative infinity). */
export function floorTicks(v: bigint, size: bigint, origin = 0n): bigint {
  const d = v - origin;
  let q = d / size;
  if (d % size !== 0n && d < 0n) q -= 1n;
  return origin + q * size;
}

/** `bin(value, roundTo)` for numbers, datetimes and timespans; null or non-positive size → null. */
export function bin(v: Scalar, size: Scalar): Scalar {
  if (v === null || size === null || v === undefined || size === undefined) return null;
  if (typeof v === 'bigint') {
    const s =
      typeof size === 'bigint' ? size : typeof size === 'number' ? BigInt(Math.trunc(size)) : null;
    if (s === null || s <= 0n) return null;
    return floorTicks(v, s);
  }
  if (typeof v === 'number' && typeof size === 'number') {
    if (size <= 0) return null;
    return Math.floor(v / size) * size;
  }
  return null;
}

const DAY = TICKS_PER_DAY;

function startOfDay(t: bigint): bigint {
  return floorTicks(t, DAY);
}

function dateOf(t: bigint): Date {
  return new Date(Number(floorTicks(t, TICKS_PER_MS) / TICKS_PER_MS));
}

function fromDate(d: Date): bigint {
  return BigInt(d.getTime()) * TICKS_PER_MS;
}

function offsetArg(v: Scalar | undefined): number {
  return typeof v === 'number' ? Math.trunc(v) : 0;
}

export const PERIOD_TICKS: Record<string, bigint> = {
  day: DAY,
  d: DAY,
  hour: TICKS_PER_HOUR,
  h: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  m: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  s: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  ms: TICKS_PER_MS,
  microsecond: 10n,
  nanosecond: 1n,
  week: 7n * DAY,
};

define(
  fn('now', ([offset], site) => site.query.now + (typeof offset === 'bigint' ? offset : 0n)),
  fn('ago', ([span], site) => (typeof span === 'bigint' ? site.query.now - span : null)),
  fn('bin', ([v, size]) => bin(v ?? null, size ?? null), ['floor']),
  fn('bin_at', ([v, size, at]) => {
    if (typeof v !== 'bigint' || typeof size !== 'bigint' || typeof at !== 'bigint' || size <= 0n) {
      if (typeof v === 'number' && typeof size === 'number' && typeof at === 'number' && size > 0) {
        return Math.floor((v - at) / size) * size + at;
      }
      return null;
    }
    return floorTicks(v, size, at);
  }),
  fn('startofday', ([t, off]) =>
    typeof t === 'bigint' ? startOfDay(t) + BigInt(offsetArg(off)) * DAY : null,
  ),
  fn('endofday', ([t, off]) =>
    typeof t === 'bigint' ? startOfDay(t) + BigInt(offsetArg(off) + 1) * DAY - 1n : null,
  ),
  fn('startofweek', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const day = startOfDay(t);
    const dow = dateOf(day).getUTCDay();
    return day - BigInt(dow) * DAY + BigInt(offsetArg(off)) * 7n * DAY;
  }),
  fn('endofweek', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const day = startOfDay(t);
    const dow = dateOf(day).getUTCDay();
    return day - BigInt(dow) * DAY + BigInt(offsetArg(off) + 1) * 7n * DAY - 1n;
  }),
  fn('startofmonth', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const d = dateOf(t);
    return fromDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offsetArg(off), 1)));
  }),
  fn('endofmonth', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const d = dateOf(t);
    return (
      fromDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offsetArg(off) + 1, 1))) - 1n
    );
  }),
  fn('startofyear', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const d = dateOf(t);
    return fromDate(new Date(Date.UTC(d.getUTCFullYear() + offsetArg(off), 0, 1)));
  }),
  fn('endofyear', ([t, off]) => {
    if (typeof t !== 'bigint') return null;
    const d = dateOf(t);
    return fromDate(new Date(Date.UTC(d.getUTCFullYear() + offsetArg(off) + 1, 0, 1))) - 1n;
  }),
  fn('dayofweek', ([t]) => {
    if (typeof t !== 'bigint') return null;
    return BigInt(dateOf(t).getUTCDay()) * DAY;
  }),
  fn('hourofday', ([t]) => (typeof t === 'bigint' ? dateOf(t).getUTCHours() : null)),
  fn('dayofmonth', ([t]) => (typeof t === 'bigint' ? dateOf(t).getUTCDate() : null)),
  fn('getmonth', ([t]) => (typeof t === 'bigint' ? dateOf(t).getUTCMonth() + 1 : null), [
    'monthofyear',
  ]),
  fn('getyear', ([t]) => (typeof t === 'bigint' ? dateOf(t).getUTCFullYear() : null)),
  fn('dayofyear', ([t]) => {
    if (typeof t !== 'bigint') return null;
    const d = dateOf(t);
    return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  }),
);
