/**
 * The one-screen summary a run ends with, on stderr: what was read (files by format,
 * records read, kept, not used, rejected with reasons and places), the time anchor rules
 * measured `ago()` from, alerts per rule and severity, and the time taken. The numbers
 * reconcile: read = kept + not used + rejected.
 */

import { formatLocation, type Diagnostic } from '../diagnostics.js';
import { formatDateTime } from '../table/datetime.js';
import { forTerminal } from './sanitize.js';

export interface FileLine {
  name: string;
  format: string;
  read: number;
  rejected: number;
  /** Of read and rejected, records known only as missing from a damaged EVTX file. */
  lost?: number;
  skipped?: string;
}

export interface RuleLine {
  id: string;
  bySeverity: Record<string, number>;
  total: number;
  failed?: string;
  /** Matches the rule set aside, by reason (`built-in: browser`, an allowlist entry's reason…). */
  suppressed?: Record<string, number>;
}

export interface RunSummary {
  command: string;
  files: FileLine[];
  read: number;
  kept: number;
  notUsed: Map<string, number>;
  rejected: number;
  diagnostics: readonly Diagnostic[];
  diagnosticCounts: ReadonlyMap<string, number>;
  anchor?: { now: bigint; source: string };
  rules?: RuleLine[];
  rows?: ReadonlyMap<string, number>;
  elapsedMs: number;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** `3 set aside (built-in: browser 2; allowlist: release bot 1)`. */
export function suppressedText(by: Record<string, number>): string {
  const entries = Object.entries(by).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((a, [, k]) => a + k, 0);
  const parts = entries.map(
    ([why, k]) => `${why.startsWith('built-in: ') ? why : `allowlist: ${why}`} ${n(k)}`,
  );
  return `${n(total)} set aside (${parts.join('; ')})`;
}

export function renderSummary(s: RunSummary, verbose: boolean): string {
  const out: string[] = [];
  const byFormat = new Map<string, number>();
  for (const f of s.files)
    if (!f.skipped) byFormat.set(f.format, (byFormat.get(f.format) ?? 0) + 1);
  const skipped = s.files.filter((f) => f.skipped);
  const formats = [...byFormat].map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const read = s.files.length - skipped.length;
  out.push(
    `webc2 ${s.command}: ${n(read)} file${read === 1 ? '' : 's'} read (${formats})${skipped.length ? `, ${n(skipped.length)} skipped` : ''}`,
  );
  const notUsed = [...s.notUsed.values()].reduce((a, b) => a + b, 0);
  const lost = s.files.reduce((a, f) => a + (f.lost ?? 0), 0);
  const missing = lost > 0 ? ` (${n(lost)} of them missing from damaged EVTX files)` : '';
  out.push(
    `  records: ${n(s.read)} read${missing} = ${n(s.kept)} kept + ` +
      `${n(notUsed)} not used by any table + ${n(s.rejected)} rejected`,
  );
  if (verbose && notUsed > 0) {
    const top = [...s.notUsed].sort((a, b) => b[1] - a[1]).slice(0, 12);
    out.push(`  not used: ${top.map(([k, v]) => `${k} ×${n(v)}`).join(', ')}`);
  }
  if (s.rows) {
    const rows = [...s.rows].filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n(v)}`);
    if (rows.length) out.push(`  tables: ${rows.join(', ')}`);
  }
  for (const f of skipped) out.push(`  skipped ${forTerminal(f.name)}: ${f.skipped}`);
  // Notes (info) are listed with --verbose; warnings and errors always.
  const problems = s.diagnostics.filter((d) => verbose || d.severity !== 'info');
  const total = [...s.diagnosticCounts.values()].reduce((a, b) => a + b, 0);
  if (problems.length > 0 || total > s.diagnostics.length) {
    const codes = [...s.diagnosticCounts].map(([c, k]) => `${c} ×${n(k)}`).join(', ');
    out.push(`  problems: ${codes}`);
    const shown = verbose ? problems : problems.slice(0, 10);
    for (const d of shown) {
      out.push(
        `    ${d.severity} ${d.code} ${forTerminal(formatLocation(d))}: ${forTerminal(d.message)}`,
      );
    }
    if (shown.length < problems.length)
      out.push(`    … ${n(problems.length - shown.length)} more (--verbose lists them all)`);
    // The run keeps at most a thousand diagnostics of one code; the counts above are complete.
    const unkept = total - s.diagnostics.length;
    if (verbose && unkept > 0)
      out.push(`    … ${n(unkept)} more of the same codes were counted but not kept`);
  }
  if (s.anchor) out.push(`  time anchor: ${formatDateTime(s.anchor.now)} (${s.anchor.source})`);
  for (const r of s.rules ?? []) {
    if (r.failed) {
      out.push(`  ${r.id}: failed: ${forTerminal(r.failed)}`);
      continue;
    }
    const sev = ['high', 'medium', 'low', 'informational']
      .filter((k) => (r.bySeverity[k] ?? 0) > 0)
      .map((k) => `${k} ${n(r.bySeverity[k]!)}`)
      .join(', ');
    const sup = r.suppressed ? `; ${suppressedText(r.suppressed)}` : '';
    out.push(
      `  ${r.id}: ${n(r.total)} alert${r.total === 1 ? '' : 's'}${sev ? ` (${sev})` : ''}${sup}`,
    );
  }
  out.push(`  elapsed ${(s.elapsedMs / 1000).toFixed(2)} s`);
  return out.join('\n') + '\n';
}
