/**
 * Argument readers shared by the function families. Kusto converts loosely where the binder
 * lets a value through (`indexof(1234567, 5)` searches "1234567" for "5"), and a value that
 * cannot serve gives the function's null rather than an error.
 */

import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { toKqlString } from '../values.js';
import { formatReal } from './conversion.js';

/** Any value as text, the way `tostring` renders it (null → `""`). */
export function text(v: Scalar | undefined, type?: KqlType): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && (type === 'real' || (type === 'dynamic' && !Number.isInteger(v)))) {
    return formatReal(v);
  }
  return toKqlString(v ?? null, type);
}

/** A number, or null for null and non-numbers. Datetimes and timespans give their ticks. */
export function num(v: Scalar | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** An integer argument (truncated toward zero), or null. */
export function int(v: Scalar | undefined): number | null {
  const n = num(v);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

/** A dynamic array, or null when the value is not one. */
export function array(v: Scalar | undefined): JsonValue[] | null {
  return Array.isArray(v) ? (v as JsonValue[]) : null;
}

/** A property bag, or null when the value is not one. */
export function bag(v: Scalar | undefined): Record<string, JsonValue> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, JsonValue>)
    : null;
}
