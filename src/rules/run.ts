/**
 * Runs a rule over the loaded tables (and the tables the rule uses, see prelude.ts) and turns their result rows into alerts: each row gets
 * the rule's id first and a severity (the row's own `Severity` column when the query scores
 * it, else the rule's), lower-case as reports and the field-case checker expect.
 */

import type { Diagnostic } from '../diagnostics.js';
import { KqlEngine, QueryError } from '../kql/engine.js';
import type { Scalar } from '../table/types.js';
import type { Rule } from './pack.js';

export type Alert = Record<string, Scalar>;

export interface RuleOutcome {
  rule: Rule;
  alerts: Alert[];
  /** Rows the rule matched that an allowlist entry suppressed, by reason. */
  suppressed: Map<string, number>;
  /** Set when the rule could not run; the other rules still do. */
  error?: Diagnostic[];
  elapsedMs: number;
}

export const SEVERITY_ORDER = ['informational', 'low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof SEVERITY_ORDER)[number];

export function severityRank(s: unknown): number {
  return SEVERITY_ORDER.indexOf(String(s).toLowerCase() as AlertSeverity);
}

export function runRule(rule: Rule, engine: KqlEngine): RuleOutcome {
  const started = performance.now();
  try {
    const { table } = engine.run(rule.query);
    const alerts: Alert[] = [];
    const suppressed = new Map<string, number>();
    for (const row of table.rows()) {
      if (rule.suppressedColumn !== undefined) {
        const why = row[rule.suppressedColumn];
        delete row[rule.suppressedColumn];
        if (typeof why === 'string' && why !== '') {
          suppressed.set(why, (suppressed.get(why) ?? 0) + 1);
          continue;
        }
      }
      const sev = row['Severity'];
      alerts.push({
        RuleId: rule.id,
        ...row,
        Severity:
          typeof sev === 'string' && sev !== '' ? sev.toLowerCase() : rule.severity.toLowerCase(),
      });
    }
    return { rule, alerts, suppressed, elapsedMs: performance.now() - started };
  } catch (err) {
    if (err instanceof QueryError) {
      return {
        rule,
        alerts: [],
        suppressed: new Map(),
        error: err.diagnostics.map((d) => ({
          ...d,
          file: rule.file,
          message: `Rule ${rule.id}: ${d.message}`,
        })),
        elapsedMs: performance.now() - started,
      };
    }
    throw err;
  }
}
