/** JSON lines: one object per row, keys in column order; datetimes as ISO 8601 text. */

import type { ColumnSpec } from '../table/table.js';
import type { Scalar } from '../table/types.js';
import { jsonValue } from './values.js';

export function jsonLine(row: Record<string, Scalar>, specs?: readonly ColumnSpec[]): string {
  const o: Record<string, unknown> = {};
  const types = new Map(specs?.map((s) => [s.name, s.type]));
  for (const [k, v] of Object.entries(row)) o[k] = jsonValue(v, types.get(k));
  return JSON.stringify(o);
}
