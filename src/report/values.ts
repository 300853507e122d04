/** How scalars appear in reports: Kusto's text forms, and JSON values for machine output. */

import type { KqlType, Scalar } from '../table/types.js';
import { toKqlString } from '../kql/values.js';

/** Display text: datetimes in ISO 8601 UTC, booleans `true`/`false`, dynamic as JSON. */
export function displayValue(v: Scalar, type?: KqlType): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return toKqlString(v, type === 'timespan' ? 'timespan' : 'datetime');
  if (typeof v === 'object') return JSON.stringify(v);
  return toKqlString(v, type);
}

/** A JSON-safe value: bigints (datetimes, timespans) become their text. */
export function jsonValue(v: Scalar, type?: KqlType): unknown {
  if (typeof v === 'bigint') return displayValue(v, type);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}
