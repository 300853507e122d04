/**
 * The alerts as the report's script receives them: column names with a kind, then one array
 * per alert in column order. Arrays instead of objects keep 20,000 alerts from repeating each
 * column name 20,000 times; values are the JSON forms `--format jsonl` writes (datetimes as
 * ISO 8601 text, dynamic values as they are).
 */

import type { Scalar } from '../../table/types.js';
import { jsonValue } from '../values.js';

/** How the page sorts and shows a column: `datetime` is ISO text, `dynamic` a JSON value. */
export type ColumnKind = 'string' | 'number' | 'bool' | 'datetime' | 'dynamic';

export interface EmbeddedColumn {
  name: string;
  kind: ColumnKind;
}

export interface EmbeddedAlerts {
  columns: EmbeddedColumn[];
  rows: unknown[][];
}

function kindOf(v: Scalar): ColumnKind | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'bigint') return 'datetime';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'object') return 'dynamic';
  return 'string';
}

/**
 * Lays alerts out for embedding. `columns` gives the order; keys it misses are appended in
 * order of appearance, and listed columns no alert has are dropped (unless there are no
 * alerts, when the header is all there is to show).
 */
export function embedAlerts(
  alerts: readonly Record<string, Scalar>[],
  columns: readonly string[],
): EmbeddedAlerts {
  const order = [...columns];
  const listed = new Set(order);
  const present = new Set<string>();
  for (const a of alerts)
    for (const k of Object.keys(a)) {
      present.add(k);
      if (!listed.has(k)) {
        listed.add(k);
        order.push(k);
      }
    }
  const names = alerts.length === 0 ? order : order.filter((c) => present.has(c));
  const out: EmbeddedColumn[] = names.map((name) => {
    let kind: ColumnKind | undefined;
    for (const a of alerts) if ((kind = kindOf(a[name] ?? null))) break;
    return { name, kind: kind ?? 'string' };
  });
  const rows = alerts.map((a) => names.map((c) => jsonValue(a[c] ?? null)));
  return { columns: out, rows };
}
