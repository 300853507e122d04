/** Test helpers: run KQL over small inline tables with a fixed "now". */

import { KqlEngine } from '../../src/kql/engine.js';
import { parseDateTime } from '../../src/table/datetime.js';
import { Table } from '../../src/table/table.js';
import type { Scalar } from '../../src/table/types.js';
import { DEFENDER_TABLES } from '../../src/table/schemas.js';

export const NOW = parseDateTime('2024-01-01T12:00:00Z')!;

export function ts(s: string): bigint {
  const v = parseDateTime(s);
  if (v === null) throw new Error(`bad datetime ${s}`);
  return v;
}

export function defenderTable(name: string, rows: Record<string, Scalar>[]): Table {
  const specs = DEFENDER_TABLES[name];
  if (!specs) throw new Error(`no table ${name}`);
  return Table.fromRows(specs, rows);
}

let shared: KqlEngine | null = null;

/** Runs a query over no tables (datatable/print/range queries) and returns its rows. */
export function rows(
  query: string,
  tables: Map<string, Table> = new Map(),
): Record<string, Scalar>[] {
  const engine =
    tables.size === 0
      ? (shared ??= new KqlEngine(new Map(), { now: NOW }))
      : new KqlEngine(tables, { now: NOW });
  return [...engine.run(query).table.rows()];
}

/** The single value of a one-row, one-column result (`print x`). */
export function value(expr: string): Scalar {
  const r = rows(`print v = ${expr}`);
  return r[0]!['v'] ?? null;
}
