/**
 * Scores rule alerts against labelled data. A case says which processes contacted which web
 * service (positives), which processes no rule may blame, or that it is benign. For each
 * rule: an expected positive found (same process name, an alert host on or below the
 * expected one) is a true positive, one not found a false negative; an alert that matches no
 * positive is a false positive — on benign data only when it is medium or higher, since a
 * rule may note low-severity activity there; an alert on a case that expects none, or one
 * that blames a process the case names as innocent, always is.
 */

import type { Alert } from './run.js';
import { severityRank } from './run.js';

export interface Expected {
  FileName: string;
  RemoteUrl: string;
}

export interface CaseLabels {
  id: string;
  positives: Expected[];
  notBlamed: string[];
  /** No alert at all is acceptable (a field case saying `none`). */
  noAlerts: boolean;
  /** No alert of medium or higher severity is acceptable. */
  benign: boolean;
  /**
   * The positives list every contact in the data: an alert matching none is a false positive.
   * Field cases list only what must be found, so their other alerts are not judged.
   */
  exhaustive: boolean;
}

export interface CaseScore {
  tp: number;
  fp: number;
  fn: number;
  missed: Expected[];
  wrong: { alert: Alert; why: string }[];
}

const name = (v: unknown): string =>
  String(v ?? '')
    .split(/[\\/]/)
    .pop()!
    .toLowerCase();

function hostsOf(a: Alert): string[] {
  const hosts = Array.isArray(a['Hosts']) ? (a['Hosts'] as unknown[]).map(String) : [];
  return [String(a['RemoteUrl'] ?? ''), ...hosts]
    .map((h) => h.toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
}

function covers(a: Alert, e: Expected): boolean {
  const want = e.RemoteUrl.toLowerCase();
  return (
    name(a['FileName']) === name(e.FileName) &&
    hostsOf(a).some((h) => h === want || h.endsWith(`.${want}`))
  );
}

export function scoreCase(labels: CaseLabels, alerts: readonly Alert[]): CaseScore {
  const missed = labels.positives.filter((e) => !alerts.some((a) => covers(a, e)));
  const wrong: { alert: Alert; why: string }[] = [];
  const innocent = new Set(labels.notBlamed.map(name));
  for (const a of alerts) {
    if (innocent.has(name(a['FileName']))) {
      wrong.push({ alert: a, why: `blames ${String(a['FileName'])}` });
    } else if (labels.noAlerts) {
      wrong.push({ alert: a, why: 'no alert expected' });
    } else if (!labels.positives.some((e) => covers(a, e))) {
      if (
        (labels.positives.length > 0 && labels.exhaustive) ||
        (labels.benign && severityRank(a['Severity']) >= severityRank('medium'))
      ) {
        wrong.push({
          alert: a,
          why:
            labels.positives.length > 0
              ? 'matches no labelled contact'
              : `${String(a['Severity'])} on benign data`,
        });
      }
    }
  }
  return {
    tp: labels.positives.length - missed.length,
    fp: wrong.length,
    fn: missed.length,
    missed,
    wrong,
  };
}
