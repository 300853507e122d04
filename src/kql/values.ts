/**
 * Value semantics shared by operators and functions: how KQL orders, compares, hashes and
 * prints scalars. Types are static in KQL (the binder knows them), so these helpers take the
 * type where the JavaScript value alone is ambiguous (a dynamic string versus a string).
 */

import {
  formatDateTime,
  formatTimespan,
  MAX_DATETIME,
  MIN_DATETIME,
  parseDateTime,
  parseTimespan,
} from '../table/datetime.js';
import type { JsonValue, KqlType, Scalar } from '../table/types.js';

/** `tostring()`: total, null of any type gives `""`, booleans print as True/False. */
export function toKqlString(v: Scalar, type?: KqlType): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return formatNumber(v, type);
    case 'bigint':
      return type === 'timespan' ? formatTimespan(v) : formatDateTime(v);
    default:
      return JSON.stringify(v);
  }
}

/** Numbers as Kusto prints them: integers plainly, reals without a trailing `.0`. */
export function formatNumber(v: number, _type?: KqlType): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) >= 1e21) return BigInt(v).toString();
  return String(v);
}

/** A scalar turned into a dynamic (JSON) value: datetimes and timespans as their text. */
export function toDynamic(v: Scalar, type?: KqlType): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return toKqlString(v, type ?? 'datetime');
  if (type === 'guid' && typeof v === 'string') return v;
  return v as JsonValue;
}

/** The order of values for sorting; nulls are handled by the caller (nulls first/last). */
export function compareValues(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'bigint')
    return compareValues(BigInt(Math.trunc(a)), b);
  if (typeof a === 'bigint' && typeof b === 'number')
    return compareValues(a, BigInt(Math.trunc(b)));
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function isNullValue(v: Scalar, type: KqlType): boolean {
  if (v === null || v === undefined) return true;
  return type === 'real' && typeof v === 'number' && Number.isNaN(v) ? false : false;
}

/** A primitive that identifies a value for hashing (joins, distinct, summarize keys). */
export function hashKey(v: Scalar): string | number | boolean | bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return 'j' + stableStringify(v as JsonValue);
  return v;
}

/** JSON with object keys sorted, so equal property bags hash equally. */
export function stableStringify(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(stableStringify).join(',') + ']';
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stableStringify(v[k]!)).join(',') + '}';
}

/** Equality as `==` sees it on two non-null values of compatible types. */
export function valuesEqual(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'object' || typeof b === 'object') {
    return stableStringify(a as JsonValue) === stableStringify(b as JsonValue);
  }
  if (typeof a === 'number' && typeof b === 'bigint')
    return BigInt(Math.trunc(a)) === b && Number.isInteger(a);
  if (typeof a === 'bigint' && typeof b === 'number') return valuesEqual(b, a);
  return a === b;
}

/**
 * A dynamic value cast to a scalar type, as `mv-expand … to typeof(T)` and `bag_unpack`'s
 * output schema do: only a value already of that kind converts (a JSON number to a long, a
 * JSON string to a datetime); `"2"` does not become the long 2, and what does not fit is
 * null. A real truncates toward zero for an integer type.
 */
export function castDynamic(v: JsonValue, to: KqlType): Scalar {
  if (v === null || v === undefined) return to === 'string' ? '' : null;
  switch (to) {
    case 'string':
      return toKqlString(v as Scalar, 'dynamic');
    case 'int':
    case 'long': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      const n = Math.trunc(v);
      if (to === 'int' && (n < -2147483648 || n > 2147483647)) return null;
      return n;
    }
    case 'real':
    case 'decimal':
      return typeof v === 'number' ? v : null;
    case 'bool':
      return typeof v === 'boolean' ? v : null;
    case 'datetime': {
      if (typeof v !== 'string') return null;
      const t = parseDateTime(v);
      return t !== null && t >= MIN_DATETIME && t <= MAX_DATETIME ? t : null;
    }
    case 'timespan':
      return typeof v === 'string' ? parseTimespan(v) : null;
    case 'guid':
      return typeof v === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(v)
        ? v.toLowerCase()
        : null;
    case 'dynamic':
      return v as Scalar;
  }
}
