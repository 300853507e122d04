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

/** The delimiter of a CSV export: a comma, or the semicolon or tab some locales and tools write. */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string): number => first.split(c).length - 1;
  if (count(',') > 0) return ',';
  if (count(';') > 0) return ';';
  return count('\t') > 0 ? '\t' : ',';
}

export function readWatchlist(file: string, problems: Diagnostic[] = []): Table {
  let records: string[][];
  try {
    const bytes = readFileSync(file);
    records = parseCsv(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
      delimiter: delimiterOf(bytes.toString('utf8', 0, 4096)),
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

/** The columns of webc2's allowlist; a row must name at least one of the first six. */
const ALLOWLIST = ['Process', 'Path', 'Signer', 'Domain', 'Device', 'Account', 'Reason'] as const;

/**
 * The allowlist for `webc2-allowlist`. A spreadsheet export easily drifts from the expected
 * shape, and an allowlist that matches everything silences every alert, so headers are
 * matched without case, unknown columns are reported, rows that name nothing are dropped and
 * reported, and a file that names none of the columns is refused.
 */
export function readAllowlist(file: string, problems: Diagnostic[]): Table {
  const raw = readWatchlist(file, problems);
  const canonical = new Map(ALLOWLIST.map((c) => [c.toLowerCase(), c]));
  const present = new Map<string, string>();
  const unknown: string[] = [];
  for (const s of raw.specs) {
    if (s.name === 'SearchKey') continue;
    const c = canonical.get(s.name.toLowerCase());
    if (c) present.set(c, s.name);
    else unknown.push(s.name);
  }
  if (![...present.keys()].some((c) => c !== 'Reason')) {
    throw new UsageError(
      `The allowlist ${file} names none of the columns ${ALLOWLIST.join(', ')} (it has ${raw.specs.map((s) => s.name).join(', ')}).`,
    );
  }
  if (unknown.length > 0) {
    problems.push({
      code: 'WL0002',
      severity: 'warning',
      file,
      message: `Unknown allowlist columns ignored: ${unknown.join(', ')}.`,
    });
  }
  const rows: Record<string, string>[] = [];
  let empty = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = raw.row(i);
    const o: Record<string, string> = { SearchKey: String(r['SearchKey'] ?? '') };
    for (const c of ALLOWLIST) o[c] = present.has(c) ? String(r[present.get(c)!] ?? '') : '';
    if (ALLOWLIST.every((c) => c === 'Reason' || o[c] === '')) {
      empty++;
      continue;
    }
    rows.push(o);
  }
  if (empty > 0) {
    problems.push({
      code: 'WL0003',
      severity: 'warning',
      file,
      message: `${empty} allowlist row(s) name nothing to match and were ignored.`,
    });
  }
  return Table.fromRows(
    [
      { name: 'SearchKey', type: 'string' },
      ...ALLOWLIST.map((name) => ({ name, type: 'string' as const })),
    ],
    rows,
  );
}
