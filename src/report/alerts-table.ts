/**
 * Alerts on a terminal: one line each, the columns an analyst scans first — severity, rule,
 * time, host, the process and its parent, where it went, the service, how sure the rule is —
 * with the command line last, cut to what fits. Every column is in the JSON lines, CSV and
 * HTML outputs. On a terminal narrower than 100 columns each alert becomes a block.
 */

import type { Scalar } from '../table/types.js';
import { renderBlocks, renderTable, type TableStyle } from './terminal-table.js';
import { displayValue } from './values.js';

/** Heading → alert column. */
const COLUMNS: [string, string][] = [
  ['Severity', 'Severity'],
  ['Rule', 'RuleId'],
  ['Time', 'Timestamp'],
  ['Device', 'DeviceName'],
  ['Account', 'AccountName'],
  ['Process', 'FileName'],
  ['Parent', 'InitiatingProcessFileName'],
  ['Destination', 'RemoteUrl'],
  ['Service', 'Service'],
  ['Confidence', 'Confidence'],
  ['Command line', 'ProcessCommandLine'],
];

/** `2026-11-20T11:42:10.5880000Z` → `2026-11-20 11:42:10`: seconds are enough to scan by. */
function shortTime(v: Scalar): string {
  const s = displayValue(v, 'datetime');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(s);
  return m ? `${m[1]} ${m[2]}` : s;
}

/** `ws1.corp.example` → `ws1`; an IP address stays whole. */
function shortHost(v: Scalar): Scalar {
  if (typeof v !== 'string' || /^[\d.]+$/.test(v) || v.includes(':')) return v;
  const dot = v.indexOf('.');
  return dot > 0 ? v.slice(0, dot) : v;
}

/** Columns in the order they are given up when the terminal is narrow (first kept longest). */
const PRIORITY = [
  'Severity',
  'Rule',
  'Destination',
  'Process',
  'Device',
  'Time',
  'Parent',
  'Service',
  'Confidence',
  'Account',
];
const MIN_COMMAND = 30;

export function renderAlertsTable(
  alerts: readonly Record<string, Scalar>[],
  style: TableStyle,
): string {
  if (alerts.length === 0) return '';
  const used = COLUMNS.filter(([, c]) =>
    alerts.some((a) => a[c] !== undefined && a[c] !== null && a[c] !== ''),
  );
  const rows = alerts.map((a) => {
    const r: Record<string, Scalar> = {};
    for (const [h, c] of used) r[h] = c === 'Timestamp' ? shortTime(a[c] ?? null) : (a[c] ?? null);
    return r;
  });
  if (style.width < 80)
    return renderBlocks(
      rows,
      used.map(([h]) => h),
      style,
    );
  // Keep the most telling columns at their natural width and leave the command line the rest.
  const natural = new Map(
    used.map(([h]) => [
      h,
      Math.max(h.length, ...rows.map((r) => displayValue(r[h] ?? null).length)),
    ]),
  );
  const keep = new Set<string>();
  let width = natural.has('Command line') ? MIN_COMMAND : 0;
  for (const h of PRIORITY) {
    let w = natural.get(h);
    if (w === undefined) continue;
    if (h === 'Device' && width + w + 2 > style.width) {
      // A host's first label is usually enough to tell hosts apart in one run's alerts.
      for (const r of rows) r[h] = shortHost(r[h] ?? null);
      w = Math.max(h.length, ...rows.map((r) => displayValue(r[h] ?? null).length));
    }
    if (width + w + 2 > style.width) break;
    keep.add(h);
    width += w + 2;
  }
  const headings = used.map(([h]) => h).filter((h) => keep.has(h) || h === 'Command line');
  return renderTable(rows, headings, { ...style, maxColumns: headings.length });
}
