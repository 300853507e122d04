/**
 * Datetime and timespan values at Kusto's 100-nanosecond precision.
 *
 * A datetime is a bigint count of 100 ns ticks since 1970-01-01T00:00:00Z (negative before);
 * a timespan is a bigint count of ticks. Parsing accepts what logs and Kusto literals
 * write: ISO 8601 with `T` or a space, 0 to 7 fractional digits, `Z` or an offset or
 * nothing (read as UTC), a bare date, and the Defender portal's CSV form
 * `10/25/2023, 9:43:21.990 AM`. Formatting always writes 7 digits and `Z`, as Kusto does.
 */

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;

/** Ticks from 0001-01-01 (Kusto's and .NET's epoch) to 1970-01-01. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** The range Kusto allows: years 1 to 9999. */
export const MIN_DATETIME = -UNIX_EPOCH_TICKS;
export const MAX_DATETIME = 3_155_378_975_999_999_999n - UNIX_EPOCH_TICKS;

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM)?$/i;

function fromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string,
  offsetMinutes: number,
): bigint | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const ms = date.getTime();
  if (Number.isNaN(ms) || date.getUTCDate() !== d) return null;
  const fracTicks = frac ? BigInt((frac + '0000000').slice(0, 7)) : 0n;
  return BigInt(ms) * TICKS_PER_MS + fracTicks - BigInt(offsetMinutes) * TICKS_PER_MINUTE;
}

/** Parses a datetime as logs and KQL literals write it; null when it is not one. */
export function parseDateTime(text: string): bigint | null {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    let offset = 0;
    const tz = m[8];
    if (tz && tz.toUpperCase() !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
    return fromParts(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      m[7] ?? '',
      offset,
    );
  }
  m = US.exec(s);
  if (m) {
    let h = Number(m[4]);
    const ampm = m[8]?.toUpperCase();
    if (ampm === 'PM' && h < 12) h += 12;
    if (ampm === 'AM' && h === 12) h = 0;
    return fromParts(
      Number(m[3]),
      Number(m[1]),
      Number(m[2]),
      h,
      Number(m[5]),
      Number(m[6] ?? 0),
      m[7] ?? '',
      0,
    );
  }
  return null;
}

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

/** Kusto's rendering: `2020-10-23T06:36:42.3060000Z`. */
export function formatDateTime(ticks: bigint): string {
  let ms = ticks / TICKS_PER_MS;
  let sub = ticks % TICKS_PER_MS;
  if (sub < 0n) {
    sub += TICKS_PER_MS;
    ms -= 1n;
  }
  const d = new Date(Number(ms));
  const y = d.getUTCFullYear();
  const frac = pad(d.getUTCMilliseconds(), 3) + pad(sub, 4);
  return (
    `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${frac}Z`
  );
}

/** Milliseconds since the Unix epoch (floored) and the ticks left over, for columnar storage. */
export function splitTicks(ticks: bigint): [ms: number, sub: number] {
  let ms = ticks / TICKS_PER_MS;
  let sub = ticks % TICKS_PER_MS;
  if (sub < 0n) {
    sub += TICKS_PER_MS;
    ms -= 1n;
  }
  return [Number(ms), Number(sub)];
}

export function joinTicks(ms: number, sub: number): bigint {
  return BigInt(ms) * TICKS_PER_MS + BigInt(sub);
}

/** Kusto's timespan rendering: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const h = t / TICKS_PER_HOUR;
  t %= TICKS_PER_HOUR;
  const m = t / TICKS_PER_MINUTE;
  t %= TICKS_PER_MINUTE;
  const s = t / TICKS_PER_SECOND;
  const frac = t % TICKS_PER_SECOND;
  let out = `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  if (frac > 0n) out += `.${pad(frac, 7)}`;
  return out;
}

const TIMESPAN_UNITS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS,
  milli: TICKS_PER_MS,
  millis: TICKS_PER_MS,
  millisecond: TICKS_PER_MS,
  milliseconds: TICKS_PER_MS,
  micro: 10n,
  micros: 10n,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

/** Multiplies a decimal text by a tick unit without going through a double. */
function scaleDecimal(num: string, unit: bigint): bigint {
  const neg = num.startsWith('-');
  const body = neg ? num.slice(1) : num;
  const [int = '0', frac = ''] = body.split('.');
  const scale = 10n ** BigInt(frac.length);
  const v = (BigInt(int || '0') * scale + BigInt(frac || '0')) * unit;
  const r = v / scale;
  return neg ? -r : r;
}

/**
 * Parses a timespan: a literal with a unit (`1.5h`, `30m`, `100ms`, `10microsecond`, `1tick`),
 * or the clock form `[-][d.]hh:mm[:ss[.fffffff]]`. A bare number means days, as in `timespan(2)`.
 */
export function parseTimespan(text: string): bigint | null {
  const s = text.trim();
  let m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(s);
  if (m) {
    const unit = m[2] ? TIMESPAN_UNITS[m[2].toLowerCase()] : TICKS_PER_DAY;
    if (unit === undefined) return null;
    return scaleDecimal(m[1]!, unit);
  }
  m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const v =
      BigInt(m[2] ?? 0) * TICKS_PER_DAY +
      BigInt(m[3]!) * TICKS_PER_HOUR +
      BigInt(m[4]!) * TICKS_PER_MINUTE +
      BigInt(m[5] ?? 0) * TICKS_PER_SECOND +
      (m[6] ? BigInt((m[6] + '0000000').slice(0, 7)) : 0n);
    return m[1] ? -v : v;
  }
  return null;
}
