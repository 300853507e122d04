/** CSV (RFC 4180): a header, quoted cells where needed, formula-looking cells neutralised. */

import type { Scalar } from '../table/types.js';
import { forCsv } from './sanitize.js';
import { displayValue } from './values.js';

function cell(s: string): string {
  const safe = forCsv(s);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(columns: readonly string[]): string {
  return columns.map(cell).join(',');
}

export function csvRow(row: Record<string, Scalar>, columns: readonly string[]): string {
  return columns.map((c) => cell(displayValue(row[c] ?? null))).join(',');
}
