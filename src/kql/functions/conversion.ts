/**
 * Conversions: `tostring`, `tolong`, `toint`, `toreal`, `tobool`, `todatetime`,
 * `totimespan`, `toguid`, `todynamic`/`parse_json`. Every conversion is total: what does not
 * convert becomes null (`""` for tostring), never an error, as in Kusto.
 */

import {
  MAX_DATETIME,
  MIN_DATETIME,
  parseDateTime,
  parseTimespan,
  UNIX_EPOCH_TICKS,
} from '../../table/datetime.js';
import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { toKqlString } from '../values.js';
import { text } from './args.js';
import { define, fn } from './registry.js';

const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const REAL_TEXT = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)\s*$/;

export function toLong(v: Scalar, type?: KqlType): number | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? Math.trunc(v) : null;
    case 'boolean':
      return v ? 1 : 0;
    case 'bigint':
      // Kusto gives a datetime as ticks since 0001-01-01 and a timespan as ticks.
      return Number(type === 'timespan' ? v : v + UNIX_EPOCH_TICKS);
    case 'string':
      if (INT_TEXT.test(v)) return Number(v.trim());
      return null;
    default:
      return null;
  }
}

export function toInt(v: Scalar, type?: KqlType): number | null {
  const n = toLong(v, type);
  if (n === null) {
    if (typeof v === 'string' && REAL_TEXT.test(v)) return Math.trunc(Number(v));
    return null;
  }
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

export function toReal(v: Scalar, type?: KqlType): number | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'bigint':
      return Number(type === 'timespan' ? v : v + UNIX_EPOCH_TICKS);
    case 'string': {
      const s = v.trim().toLowerCase();
      if (REAL_TEXT.test(s)) return Number(s);
      if (s === 'nan') return NaN;
      if (s === 'inf' || s === '+inf' || s === 'infinity') return Infinity;
      if (s === '-inf' || s === '-infinity') return -Infinity;
      return null;
    }
    default:
      return null;
  }
}

export function toBool(v: Scalar): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (INT_TEXT.test(s)) return Number(s) !== 0;
  }
  return null;
}

export function toDateTime(v: Scalar, type?: KqlType): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return type === 'timespan' ? null : v;
  if (typeof v === 'string') {
    const t = parseDateTime(v);
    return t !== null && t >= MIN_DATETIME && t <= MAX_DATETIME ? t : null;
  }
  return null;
}

export function toTimespan(v: Scalar, type?: KqlType): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return type === 'datetime' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : null;
  if (typeof v === 'string') {
    const s = v.trim();
    // A bare number is not a timespan string; the clock form and unit literals are.
    if (/^-?\d+(\.\d+)?$/.test(s)) return null;
    return parseTimespan(s);
  }
  return null;
}

const GUID = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

export function toGuid(v: Scalar): string | null {
  if (typeof v !== 'string') return null;
  const m = GUID.exec(v.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null;
}

/** `parse_json`: a string holding JSON becomes that value; other text stays a string. */
export function parseJson(v: Scalar, type?: KqlType): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && type !== 'dynamic') {
    const s = v.trim();
    if (s === '') return null;
    try {
      return JSON.parse(s) as JsonValue;
    } catch {
      return v;
    }
  }
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as JsonValue;
    } catch {
      return v;
    }
  }
  if (typeof v === 'bigint') return toKqlString(v, type);
  return v as JsonValue;
}

/**
 * A real as .NET prints a double (shortest round-trip digits), which is what Kusto shows:
 * plain notation for decimal exponents from -4 to 14, else `1E+15`, `1E-05` with at least
 * two exponent digits. JavaScript switches at other points (1e21, 1e-7).
 */
export function formatReal(v: number): string {
  if (!Number.isFinite(v) || v === 0) return toKqlString(v, 'real');
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e > -5 && e < 15) return String(v);
  const digits = String(Math.abs(e)).padStart(2, '0');
  return `${mantissa}E${e < 0 ? '-' : '+'}${digits}`;
}

/** `gettype`: the static type, or for a dynamic value the type of what it holds. */
export function getType(v: Scalar, type: KqlType | undefined): string {
  if (type !== undefined && type !== 'dynamic') return type;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      // A whole number in a dynamic is an int when it fits 32 bits (gettype docs).
      if (!Number.isInteger(v)) return 'real';
      return v >= -2147483648 && v <= 2147483647 ? 'int' : 'long';
    case 'string':
      return 'string';
    case 'object':
      return 'dictionary';
    default:
      return 'string';
  }
}

define(
  fn('tostring', (a, s) => text(a[0], s.argTypes[0])),
  fn('gettype', (a, s) => getType(a[0] ?? null, s.argTypes[0])),
  fn('tolong', (a, s) => toLong(a[0] ?? null, s.argTypes[0]), ['toint64']),
  fn('toint', (a, s) => toInt(a[0] ?? null, s.argTypes[0])),
  fn('toreal', (a, s) => toReal(a[0] ?? null, s.argTypes[0]), ['todouble']),
  fn('todecimal', (a, s) => toReal(a[0] ?? null, s.argTypes[0])),
  fn('tobool', (a) => toBool(a[0] ?? null), ['toboolean']),
  fn('todatetime', (a, s) => toDateTime(a[0] ?? null, s.argTypes[0])),
  fn('totimespan', (a, s) => toTimespan(a[0] ?? null, s.argTypes[0]), ['totime']),
  fn('toguid', (a) => toGuid(a[0] ?? null)),
  fn('todynamic', (a, s) => parseJson(a[0] ?? null, s.argTypes[0]), ['parse_json', 'toobject']),
);

/** A text converted to `type` as the `to…` functions do (for `extract(…, typeof(T))`). */
export function convertText(s: string, type: KqlType): Scalar {
  switch (type) {
    case 'string':
      return s;
    case 'int':
      return toInt(s);
    case 'long':
      return toLong(s);
    case 'real':
    case 'decimal':
      return toReal(s);
    case 'bool':
      return toBool(s);
    case 'datetime':
      return toDateTime(s);
    case 'timespan':
      return toTimespan(s);
    case 'guid':
      return toGuid(s);
    case 'dynamic':
      return parseJson(s);
  }
}
