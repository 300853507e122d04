/** CSV (RFC 4180): a header, quoted cells where needed, formula-looking text cells neutralised. */

import type { KqlType, Scalar } from '../table/types.js';
import { forCsv } from './sanitize.js';
import { displayValue } from './values.js';

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number is data a spreadsheet reads as a number (-5 stays -5); only text can be a formula. */
function cell(v: Scalar, type: KqlType | undefined): string {
  const text = displayValue(v, type);
  return quote(typeof v === 'number' ? text : forCsv(text));
}

export function csvHeader(columns: readonly string[]): string {
  return columns.map((c) => quote(forCsv(c))).join(',');
}

export function csvRow(
  row: Record<string, Scalar>,
  columns: readonly string[],
  types?: ReadonlyMap<string, KqlType>,
): string {
  return columns.map((c) => cell(row[c] ?? null, types?.get(c))).join(',');
}
