/**
 * Watchlists: CSV files a query reads with `_GetWatchlist('name')`, as Sentinel keeps
 * allowlists. Every column is a string; `SearchKey` is the first column unless the file has
 * one of that name. A row with the wrong number of cells is reported, not fatal.
 */

import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Diagnostic } from '../diagnostics.js';
import { Table } from '../table/table.js';
import { UsageError } from './io.js';

export function readWatchlist(file: string, problems: Diagnostic[] = []): Table {
  let records: string[][];
  try {
    records = parseCsv(readFileSync(file), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
    }) as string[][];
  } catch (err) {
    throw new UsageError(`Cannot read the watchlist ${file}: ${(err as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const specs = [
    { name: 'SearchKey', type: 'string' as const },
    ...header
      .filter((h) => h !== 'SearchKey' && h !== '')
      .map((name) => ({ name, type: 'string' as const })),
  ];
  const rows: Record<string, string>[] = [];
  records.slice(1).forEach((r, i) => {
    if (r.length !== header.length) {
      problems.push({
        code: 'WL0001',
        severity: 'error',
        file,
        line: i + 2,
        message: `The row has ${r.length} cells; the header has ${header.length}; skipped.`,
      });
      return;
    }
    const o: Record<string, string> = {};
    header.forEach((h, k) => (o[h] = (r[k] ?? '').trim()));
    if (!('SearchKey' in o)) o['SearchKey'] = r[0] ?? '';
    rows.push(o);
  });
  return Table.fromRows(specs, rows);
}

/** `name=file.csv` → [name, file]. */
export function watchlistArg(v: string, command: string): { name: string; file: string } {
  const i = v.indexOf('=');
  if (i <= 0 || i === v.length - 1)
    throw new UsageError(`--watchlist takes name=file.csv; got '${v}'.`, command);
  return { name: v.slice(0, i), file: v.slice(i + 1) };
}
