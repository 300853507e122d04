/**
 * A readable table for a terminal: columns sized to their content within a width budget,
 * long values cut with `…`, control characters made visible. Wide results (many columns)
 * are printed as one block per row instead, which stays legible at any width.
 */

import type { KqlType, Scalar } from '../table/types.js';
import { forTerminal } from './sanitize.js';
import { displayValue } from './values.js';

export interface TableStyle {
  width: number;
  color: boolean;
  /** Beyond this many columns a table too wide for the terminal becomes one block per row. */
  maxColumns?: number;
}

function cut(s: string, n: number): string {
  if (s.length <= n) return s;
  return n <= 1 ? s.slice(0, n) : s.slice(0, n - 1) + '…';
}

const SEVERITY_COLOR: Record<string, string> = {
  high: '31',
  medium: '33',
  low: '36',
  informational: '2',
};

function paint(s: string, code: string | undefined, on: boolean): string {
  return on && code ? `\u001b[${code}m${s}\u001b[0m` : s;
}

export function renderTable(
  rows: readonly Record<string, Scalar>[],
  columns: readonly string[],
  style: TableStyle,
  types?: ReadonlyMap<string, KqlType>,
): string {
  // A tab would move the columns: it shows as an escape like other control characters.
  const text = rows.map((r) =>
    columns.map((c) =>
      forTerminal(displayValue(r[c] ?? null, types?.get(c))).replace(/\t/g, '\\t'),
    ),
  );
  const natural = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  const gap = 2;
  const total = natural.reduce((a, b) => a + b + gap, 0);
  if (columns.length > (style.maxColumns ?? 8) && total > style.width)
    return renderBlocks(rows, columns, style);
  // Shrink the widest columns first until the table fits.
  const widths = [...natural];
  let excess = total - style.width;
  while (excess > 0) {
    const i = widths.indexOf(Math.max(...widths));
    if (widths[i]! <= 8) break;
    widths[i]!--;
    excess--;
  }
  const line = (cells: string[], colorOf?: (i: number) => string | undefined): string =>
    cells
      .map((c, i) => paint(cut(c, widths[i]!).padEnd(widths[i]!), colorOf?.(i), style.color))
      .join(' '.repeat(gap))
      .trimEnd();
  const out = [line([...columns], () => '1'), line(widths.map((w) => '─'.repeat(w)))];
  const sevCol = columns.indexOf('Severity');
  for (const t of text)
    out.push(line(t, (i) => (i === sevCol ? SEVERITY_COLOR[t[i]!.toLowerCase()] : undefined)));
  return out.join('\n') + '\n';
}

/** One block per row: `Column  value`, for results too wide for a line. */
export function renderBlocks(
  rows: readonly Record<string, Scalar>[],
  columns: readonly string[],
  style: TableStyle,
): string {
  const pad = Math.max(...columns.map((c) => c.length));
  const out: string[] = [];
  rows.forEach((r, n) => {
    const title = [r['RuleId'] ?? r['Rule'], r['Severity']]
      .filter((x) => typeof x === 'string' && x !== '')
      .join(' · ');
    out.push(
      paint(
        `── ${n + 1}${title ? ` · ${forTerminal(title)}` : ''} `.padEnd(
          Math.min(style.width, 60),
          '─',
        ),
        '1',
        style.color,
      ),
    );
    for (const c of columns) {
      const v = forTerminal(displayValue(r[c] ?? null)).replace(/\t/g, '\\t');
      if (v === '') continue;
      const sev = c === 'Severity' ? SEVERITY_COLOR[v.toLowerCase()] : undefined;
      out.push(
        `${c.padEnd(pad)}  ${paint(cut(v, Math.max(20, style.width - pad - 2)), sev, style.color)}`,
      );
    }
  });
  return out.join('\n') + (out.length ? '\n' : '');
}
