/**
 * The coverage matrix: every scenario, in every format its platform has, through webc2's own
 * readers, normaliser and every built-in rule — the path `webc2 hunt` takes, files included
 * (each run is written to a temporary folder and read back from it). A cell is *detected*
 * when the rule raised an alert that blames the scenario's process (`FileName`) for the
 * scenario's service (the host of `RemoteUrl` is the service's host or below it); its
 * severity is the highest among those alerts. Alerts on the benign background around it are
 * counted apart: each is a false positive. The time anchor is the latest event, as in
 * hunt, so rules with `ago(24h)` apply.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiagnosticSink } from '../diagnostics.js';
import { loadInputs } from '../formats/load.js';
import { KqlEngine } from '../kql/engine.js';
import { builtinCatalog, normaliseHost } from '../rules/catalog/domain-match.js';
import { builtinRules, type Rule } from '../rules/pack.js';
import { defaultWatchlists, ruleTables } from '../rules/prelude.js';
import { runRule, severityRank, type Alert } from '../rules/run.js';
import { Normalizer, USED_EVENT_IDS } from '../normalize/normalizer.js';
import { formatsFor, type SimFormat } from './model.js';
import { SCENARIOS, type Scenario } from './scenarios/index.js';
import { simulate, type SimulateOptions } from './simulate.js';

export interface CoverageCell {
  scenario: string;
  format: SimFormat;
  rule: string;
  detected: boolean;
  /** Highest severity among the alerts that blame the scenario; '' when none does. */
  severity: string;
  /** Alerts blaming the scenario's process for its service. */
  alerts: number;
  /** Every alert the rule raised on this input (background included). */
  allAlerts: number;
  /** Alerts on the benign background: false positives. */
  backgroundAlerts: number;
  /** Records the readers rejected (a simulation must read back with none). */
  rejected: number;
  /** Why the rule could not run, when it could not. */
  error?: string;
}

/**
 * Whether an alert blames `scenario`'s process for `scenario`'s service: its FileName is the
 * process and the host of its RemoteUrl (or of any URL in a `Hosts` list, for rules that
 * fold several hosts into one alert) is the service's host or a name below it.
 */
export function blames(alert: Alert, scenario: Scenario): boolean {
  const file = String(alert['FileName'] ?? '').toLowerCase();
  if (file !== scenario.expect.fileName.toLowerCase()) return false;
  const hosts = Array.isArray(alert['Hosts']) ? alert['Hosts'].map(String) : [];
  const want = scenario.expect.host;
  return [String(alert['RemoteUrl'] ?? ''), ...hosts].some((u) => {
    const host = normaliseHost(u)?.replace(/\.$/, '');
    return host !== undefined && (host === want || host.endsWith(`.${want}`));
  });
}

/** Each rule's outcome on one simulated run, read back from files as hunt reads them. */
async function huntRun(
  scenario: Scenario,
  format: SimFormat,
  options: SimulateOptions,
  rules: readonly Rule[],
): Promise<{ outcomes: ReturnType<typeof runRule>[]; rejected: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'webc2-coverage-'));
  try {
    for (const f of simulate(scenario, format, options))
      await writeFile(path.join(dir, f.name), f.text);
    const sink = new DiagnosticSink();
    const normalizer = new Normalizer(sink);
    const { files } = await loadInputs(
      [dir],
      (e) => normalizer.add(e),
      { wantsEventId: (id) => USED_EVENT_IDS.has(id) },
      sink,
    );
    const rejected = files.reduce((n, f) => n + f.rejected, 0) + normalizer.stats.rejected;
    const { catalog } = builtinCatalog();
    const tables = new Map([
      ...normalizer.finish(),
      ...ruleTables(
        rules.flatMap((r) => r.uses),
        catalog,
      ),
    ]);
    // As hunt without --allowlist: every watchlist a rule reads exists, empty.
    const engine = new KqlEngine(tables, {
      now: normalizer.stats.latest ?? 0n,
      watchlists: defaultWatchlists(rules.flatMap((r) => r.watchlists)),
    });
    return { outcomes: rules.map((rule) => runRule(rule, engine)), rejected };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What an alert blames: its process and the hosts it names. */
function blameKey(alert: Alert): string {
  const hosts = Array.isArray(alert['Hosts']) ? alert['Hosts'].map(String) : [];
  const names = [String(alert['RemoteUrl'] ?? ''), ...hosts].map((u) => normaliseHost(u) ?? u);
  return [String(alert['FileName'] ?? '').toLowerCase(), ...names.sort()].join('\n');
}

/**
 * Runs one scenario in one format through every rule. Alerts on the benign background are
 * those whose process and hosts the same scenario without background does not raise: the
 * scenario draws from its own random stream, so its events are the same either way.
 */
export async function coverCell(
  scenario: Scenario,
  format: SimFormat,
  options: SimulateOptions,
  rules: readonly Rule[] = builtinRules(),
): Promise<CoverageCell[]> {
  const full = await huntRun(scenario, format, options, rules);
  const alone =
    options.background > 0
      ? await huntRun(scenario, format, { ...options, background: 0 }, rules)
      : full;
  return rules.map((rule, i) => {
    const outcome = full.outcomes[i]!;
    const cell: CoverageCell = {
      scenario: scenario.id,
      format,
      rule: rule.id,
      detected: false,
      severity: '',
      alerts: 0,
      allAlerts: outcome.alerts.length,
      backgroundAlerts: 0,
      rejected: full.rejected,
    };
    const error = outcome.error ?? alone.outcomes[i]!.error;
    if (error) {
      cell.error = error[0]?.message ?? 'the rule failed';
      return cell;
    }
    for (const a of outcome.alerts.filter((x) => blames(x, scenario))) {
      cell.alerts++;
      if (severityRank(a['Severity']) > severityRank(cell.severity))
        cell.severity = String(a['Severity']);
    }
    cell.detected = cell.alerts > 0;
    const attack = new Set(alone.outcomes[i]!.alerts.map(blameKey));
    cell.backgroundAlerts = outcome.alerts.filter((a) => !attack.has(blameKey(a))).length;
    return cell;
  });
}

/** The whole matrix: scenario × format × rule, in catalogue order. */
export async function coverage(
  options: SimulateOptions,
  rules: readonly Rule[] = builtinRules(),
): Promise<CoverageCell[]> {
  const cells: CoverageCell[] = [];
  for (const s of SCENARIOS)
    for (const f of formatsFor(s.platform)) cells.push(...(await coverCell(s, f, options, rules)));
  return cells;
}
