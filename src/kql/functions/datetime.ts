/**
 * Date and time functions. `now()` and `ago()` read the query's fixed "now" (one instant per
 * query, as Kusto evaluates it once); offline, that instant is an anchor the caller chooses.
 * All arithmetic is on bigint ticks (100 ns); calendar fields come from the day number, so
 * the seventh fractional digit is never lost. Weeks start on Sunday (`startofweek`,
 * `datetime_diff('week', …)`), but `week_of_year` is the ISO 8601 week, which starts on
 * Monday. A result outside years 1–9999 is null.
 */

import {
  MAX_DATETIME,
  MIN_DATETIME,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
} from '../../table/datetime.js';
import type { Scalar } from '../../table/types.js';
import { int, num, text } from './args.js';
import { define, fn } from './registry.js';

const DAY = TICKS_PER_DAY;

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

/** A datetime's calendar fields (UTC); `tick` is the 100 ns count within the second. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  tick: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Days since 1970-01-01. */
  dayNumber: number;
}

export function civil(t: bigint): Civil {
  const day = floorTicks(t, DAY);
  const rest = Number(t - day);
  const dayNumber = Number(day / DAY);
  const d = new Date(dayNumber * 86_400_000);
  const secs = Math.floor(rest / 1e7);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    tick: rest % 1e7,
    weekday: d.getUTCDay(),
    dayNumber,
  };
}

/** Ticks of a calendar date at midnight; months and days overflow as Date.UTC lets them. */
function dateTicks(year: number, month: number, day: number): bigint {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return BigInt(d.getTime()) * TICKS_PER_MS;
}

function inRange(t: bigint): bigint | null {
  return t >= MIN_DATETIME && t <= MAX_DATETIME ? t : null;
}

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** .NET's AddMonths: the day is clamped to the target month's length (Jan 31 + 1 month = Feb 28). */
export function addMonths(t: bigint, months: number): bigint | null {
  const c = civil(t);
  const total = c.year * 12 + (c.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  if (y < 1 || y > 9999) return null;
  const day = Math.min(c.day, daysInMonth(y, m));
  return inRange(dateTicks(y, m, day) + (t - floorTicks(t, DAY)));
}

/** ISO 8601 week number: the week (Monday-first) holding the year's first Thursday is week 1. */
export function isoWeek(t: bigint): number {
  const c = civil(t);
  const isoDay = (c.weekday + 6) % 7;
  const thursday = c.dayNumber - isoDay + 3;
  const year = new Date(thursday * 86_400_000).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 86_400_000;
  return Math.floor((thursday - jan1) / 7) + 1;
}

const FIXED: Record<string, bigint> = {
  day: DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

/** The period names `datetime_add` and `datetime_diff` accept, case-insensitive. */
function period(p: Scalar | undefined): string {
  const s = text(p).toLowerCase();
  return s.endsWith('s') && s !== 's' ? s.slice(0, -1) : s;
}

export function datetimeAdd(p: string, amount: number, t: bigint): bigint | null {
  switch (p) {
    case 'year':
      return addMonths(t, amount * 12);
    case 'quarter':
      return addMonths(t, amount * 3);
    case 'month':
      return addMonths(t, amount);
    case 'week':
      return inRange(t + BigInt(amount) * 7n * DAY);
    case 'nanosecond':
      return inRange(t + BigInt(amount) / 100n);
  }
  const unit = FIXED[p];
  return unit === undefined ? null : inRange(t + BigInt(amount) * unit);
}

/**
 * `datetime_diff(period, a, b)` counts period boundaries crossed from b to a, not whole
 * periods elapsed: the docs give 17 years from 2000-12-31 to 2017-01-01 and 29 days from
 * 2017-09-30 23:59 to 2017-10-29 00:00 (the notes' "truncated" rule would give 16 and 28).
 */
export function datetimeDiff(p: string, a: bigint, b: bigint): number | null {
  const ca = civil(a);
  const cb = civil(b);
  switch (p) {
    case 'year':
      return ca.year - cb.year;
    case 'quarter':
      return (
        ca.year * 4 +
        Math.floor((ca.month - 1) / 3) -
        (cb.year * 4 + Math.floor((cb.month - 1) / 3))
      );
    case 'month':
      return ca.year * 12 + ca.month - (cb.year * 12 + cb.month);
    case 'week':
      return (ca.dayNumber - ca.weekday - (cb.dayNumber - cb.weekday)) / 7;
    case 'nanosecond':
      return Number(a - b) * 100;
  }
  const unit = FIXED[p];
  if (unit === undefined) return null;
  return Number(floorTicks(a, unit) / unit - floorTicks(b, unit) / unit);
}

export function datetimePart(part: string, t: bigint): number | null {
  const c = civil(t);
  switch (part.toLowerCase()) {
    case 'year':
      return c.year;
    case 'quarter':
      return Math.floor((c.month - 1) / 3) + 1;
    case 'month':
      return c.month;
    case 'week_of_year':
    case 'weekofyear':
      return isoWeek(t);
    case 'day':
      return c.day;
    case 'dayofyear':
      return dayOfYear(c);
    case 'hour':
      return c.hour;
    case 'minute':
      return c.minute;
    case 'second':
      return c.second;
    case 'millisecond':
      return Math.floor(c.tick / 10_000);
    case 'microsecond':
      return Math.floor(c.tick / 10);
    case 'nanosecond':
      return c.tick * 100;
    default:
      return null;
  }
}

function dayOfYear(c: Civil): number {
  return c.dayNumber - Date.UTC(c.year, 0, 1) / 86_400_000 + 1;
}

/** `make_datetime(y, m, d[, h, min, s])`; seconds may carry 7 fractional digits. */
export function makeDatetime(args: readonly Scalar[]): bigint | null {
  const [y, mo, d, h = 0, mi = 0] = args.slice(0, 5).map((a) => int(a));
  const s = args[5] === undefined ? 0 : num(args[5]);
  if (y == null || mo == null || d == null || h == null || mi == null || s === null) return null;
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s >= 60) return null;
  const secTicks = BigInt(Math.round(s * 1e7));
  return (
    dateTicks(y, mo, d) + BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE + secTicks
  );
}

/** `make_timespan(h, m)`, `(h, m, s)` or `(d, h, m, s)`. */
export function makeTimespan(args: readonly Scalar[]): bigint | null {
  const nums = args.map((a) => num(a));
  if (nums.some((n) => n === null)) return null;
  const [d, h, m, s] =
    nums.length >= 4 ? (nums as number[]) : [0, nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
  const whole = (x: number | undefined): bigint => BigInt(Math.trunc(x ?? 0));
  return (
    whole(d) * DAY +
    whole(h) * TICKS_PER_HOUR +
    whole(m) * TICKS_PER_MINUTE +
    BigInt(Math.round((s ?? 0) * 1e7))
  );
}

/** Unix time in `unitTicks` units to a datetime; fractions are kept to the tick. */
function fromUnix(v: Scalar | undefined, unitTicks: number): bigint | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const t = Number.isInteger(v)
    ? (BigInt(v) * BigInt(Math.round(unitTicks * 100))) / 100n
    : BigInt(Math.round(v * unitTicks));
  return inRange(t);
}

const dt = (v: Scalar | undefined): bigint | null => (typeof v === 'bigint' ? v : null);

function startOfWeek(t: bigint): bigint {
  const day = floorTicks(t, DAY);
  return day - BigInt(civil(day).weekday) * DAY;
}

function monthStart(t: bigint, offset: number): bigint | null {
  const c = civil(t);
  return inRange(dateTicks(c.year, c.month + offset, 1));
}

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
  fn('startofday', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : inRange(floorTicks(x, DAY) + BigInt(int(off) ?? 0) * DAY);
  }),
  fn('endofday', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : inRange(floorTicks(x, DAY) + BigInt((int(off) ?? 0) + 1) * DAY - 1n);
  }),
  fn('startofweek', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : inRange(startOfWeek(x) + BigInt(int(off) ?? 0) * 7n * DAY);
  }),
  fn('endofweek', ([t, off]) => {
    const x = dt(t);
    return x === null
      ? null
      : inRange(startOfWeek(x) + BigInt((int(off) ?? 0) + 1) * 7n * DAY - 1n);
  }),
  fn('startofmonth', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : monthStart(x, int(off) ?? 0);
  }),
  fn('endofmonth', ([t, off]) => {
    const x = dt(t);
    const next = x === null ? null : monthStart(x, (int(off) ?? 0) + 1);
    return next === null ? null : next - 1n;
  }),
  fn('startofyear', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : inRange(dateTicks(civil(x).year + (int(off) ?? 0), 1, 1));
  }),
  fn('endofyear', ([t, off]) => {
    const x = dt(t);
    return x === null ? null : inRange(dateTicks(civil(x).year + (int(off) ?? 0) + 1, 1, 1) - 1n);
  }),
  // dayofweek is a timespan: the days since the previous Sunday (day-of-week docs).
  fn('dayofweek', ([t]) => {
    const x = dt(t);
    return x === null ? null : BigInt(civil(x).weekday) * DAY;
  }),
  fn('hourofday', ([t]) => {
    const x = dt(t);
    return x === null ? null : civil(x).hour;
  }),
  fn('dayofmonth', ([t]) => {
    const x = dt(t);
    return x === null ? null : civil(x).day;
  }),
  fn('dayofyear', ([t]) => {
    const x = dt(t);
    return x === null ? null : dayOfYear(civil(x));
  }),
  fn(
    'getmonth',
    ([t]) => {
      const x = dt(t);
      return x === null ? null : civil(x).month;
    },
    ['monthofyear'],
  ),
  fn('getyear', ([t]) => {
    const x = dt(t);
    return x === null ? null : civil(x).year;
  }),
  fn(
    'week_of_year',
    ([t]) => {
      const x = dt(t);
      return x === null ? null : isoWeek(x);
    },
    ['weekofyear'],
  ),
  fn('datetime_add', ([p, amount, t]) => {
    const x = dt(t);
    const n = int(amount);
    return x === null || n === null ? null : datetimeAdd(period(p), n, x);
  }),
  fn('datetime_diff', ([p, a, b]) => {
    const x = dt(a);
    const y = dt(b);
    return x === null || y === null ? null : datetimeDiff(period(p), x, y);
  }),
  fn('datetime_part', ([p, t]) => {
    const x = dt(t);
    return x === null ? null : datetimePart(text(p), x);
  }),
  fn('make_datetime', (args) => makeDatetime(args)),
  fn('make_timespan', (args) => makeTimespan(args)),
  fn('unixtime_seconds_todatetime', ([v]) => fromUnix(v, 1e7)),
  fn('unixtime_milliseconds_todatetime', ([v]) => fromUnix(v, 1e4)),
  fn('unixtime_microseconds_todatetime', ([v]) => fromUnix(v, 10)),
  fn('unixtime_nanoseconds_todatetime', ([v]) => fromUnix(v, 0.01)),
);
