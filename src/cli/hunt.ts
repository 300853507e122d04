/**
 * `webc2 hunt <paths…>`: read the inputs, build the Defender tables, run the built-in rules
 * (or those named with --rule), print the alerts, and end with a summary on stderr.
 */

import { parseArgs } from 'node:util';
import { KqlEngine } from '../kql/engine.js';
import { compareValues } from '../kql/values.js';
import {
  builtinCatalog,
  loadCatalogFile,
  mergeCatalogs,
  type Catalog,
} from '../rules/catalog/domain-match.js';
import { builtinRules, type Rule } from '../rules/pack.js';
import { defaultWatchlists, ruleTables } from '../rules/prelude.js';
import { runRule, severityRank, type Alert } from '../rules/run.js';
import { renderAlertsTable } from '../report/alerts-table.js';
import { renderHtmlReport } from '../report/html.js';
import { renderSummary, type RuleLine, type RunSummary } from '../report/summary.js';
import type { Diagnostic } from '../diagnostics.js';
import {
  nowOption,
  offsetMinutes,
  outputFormat,
  positiveInt,
  wallClockTicks,
  type NowOption,
  type OutputFormat,
} from './common.js';
import { ingest, ingestSummary } from './ingest.js';
import { UsageError, type Io } from './io.js';
import { emitRows } from './output.js';
import { readAllowlist } from './watchlist.js';

export interface HuntPlan {
  paths: string[];
  format: OutputFormat;
  output: string | undefined;
  rules: string[];
  now: NowOption;
  catalogFiles: string[];
  allowlist: string | undefined;
  minSeverity: number;
  maxRows: number | undefined;
  csvOffset: number | undefined;
  host: string | undefined;
  verbose: boolean;
  quiet: boolean;
}

export const HUNT_USAGE = `Usage: webc2 hunt [options] <path>...

Reads Sysmon (EVTX, XML, JSON lines), Defender Advanced Hunting exports (JSON, CSV,
streaming API) and Linux auditd logs — files, folders, .zip and .gz — and runs the
web-service C2 rules over them.

Options:
  -f, --format <table|jsonl|csv|html>  output format (default: table)
  -o, --output <file>          write alerts to a file instead of stdout
  -r, --rule <id>              run only this rule (repeatable): seed-t1102, webc2-t1102
      --now <datetime|wall>    the instant ago() measures from (default: latest event)
      --catalog <file.tsv>     your own web-service catalogue, laid over the built-in one
      --allowlist <file.csv>   suppress known-good activity (columns Process, Path, Signer,
                               Domain, Device, Account, Reason; * wildcards in Path, Signer)
      --min-severity <level>   informational, low, medium or high (default: informational)
      --max-rows <n>           stop a query when its result, or a join, mv-expand or range
                               in it, grows past n rows (default: 1000000)
      --csv-offset <+HH:MM>    zone of Defender CSV columns marked [Local Time]
      --host <name>            host name for logs that do not say it (auditd without node=)
  -v, --verbose                list every problem and unused event kind in the summary
  -q, --quiet                  no summary on stderr
  -h, --help                   show this help
`;

export function parseHunt(argv: string[]): HuntPlan {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      rule: { type: 'string', short: 'r', multiple: true },
      now: { type: 'string' },
      catalog: { type: 'string', multiple: true },
      allowlist: { type: 'string' },
      'min-severity': { type: 'string' },
      'max-rows': { type: 'string' },
      'csv-offset': { type: 'string' },
      host: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      quiet: { type: 'boolean', short: 'q' },
    },
  });
  if (positionals.length === 0)
    throw new UsageError('hunt needs at least one file or folder to read.', 'hunt');
  const known = new Set(builtinRules().map((r) => r.id));
  for (const r of values.rule ?? []) {
    if (!known.has(r))
      throw new UsageError(`Unknown rule '${r}'. Rules: ${[...known].join(', ')}.`, 'hunt');
  }
  const minSeverity =
    values['min-severity'] === undefined ? 0 : severityRank(values['min-severity']);
  if (minSeverity < 0)
    throw new UsageError(`--min-severity must be informational, low, medium or high.`, 'hunt');
  return {
    paths: positionals,
    format: outputFormat(values.format, ['table', 'jsonl', 'csv', 'html'], 'hunt'),
    output: values.output,
    rules: values.rule ?? [],
    now: nowOption(values.now, 'hunt'),
    catalogFiles: values.catalog ?? [],
    allowlist: values.allowlist,
    minSeverity,
    maxRows: positiveInt(values['max-rows'], '--max-rows', 'hunt'),
    csvOffset: offsetMinutes(values['csv-offset'], 'hunt'),
    host: values.host,
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

function loadCatalog(files: string[], problems: Diagnostic[]): Catalog {
  const base = builtinCatalog();
  problems.push(...base.diagnostics);
  const overlays = files.map((f) => {
    const c = loadCatalogFile(f);
    problems.push(...c.diagnostics);
    return c.catalog;
  });
  return mergeCatalogs(base.catalog, ...overlays);
}

/** Columns every alert shows first, then whatever else the rules produced, in order of appearance. */
const LEAD_COLUMNS = [
  'RuleId',
  'Severity',
  'Timestamp',
  'DeviceName',
  'AccountName',
  'FileName',
  'RemoteUrl',
];

export function alertColumns(alerts: readonly Alert[]): string[] {
  const seen = new Set<string>(LEAD_COLUMNS);
  const out = [...LEAD_COLUMNS];
  for (const a of alerts)
    for (const k of Object.keys(a))
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
  return out;
}

export async function runHunt(plan: HuntPlan, io: Io): Promise<number> {
  const started = performance.now();
  const data = await ingest(plan.paths, {
    ...(plan.csvOffset !== undefined ? { csvOffsetMinutes: plan.csvOffset } : {}),
    ...(plan.host !== undefined ? { host: plan.host } : {}),
  });
  const problems: Diagnostic[] = [];
  const catalog = loadCatalog(plan.catalogFiles, problems);

  const latest = data.stats.latest;
  const anchor =
    plan.now.kind === 'fixed'
      ? { now: plan.now.ticks, source: '--now' }
      : plan.now.kind === 'wall' || latest === null
        ? {
            now: wallClockTicks(),
            source:
              latest === null
                ? 'wall clock: no event times in the data'
                : 'wall clock (--now wall)',
          }
        : { now: latest, source: 'latest event in the data; --now sets another' };

  const rules: Rule[] = builtinRules().filter(
    (r) => plan.rules.length === 0 || plan.rules.includes(r.id),
  );
  const tables = new Map([
    ...data.tables,
    ...ruleTables(
      rules.flatMap((r) => r.uses),
      catalog,
    ),
  ]);
  const watchlists = defaultWatchlists(rules.flatMap((r) => r.watchlists));
  if (plan.allowlist !== undefined)
    watchlists.set('webc2-allowlist', readAllowlist(plan.allowlist, problems));
  for (const p of problems) data.sink.report(p);
  const engine = new KqlEngine(tables, {
    now: anchor.now,
    watchlists,
    ...(plan.maxRows ? { limits: { maxRows: plan.maxRows } } : {}),
  });
  const alerts: Alert[] = [];
  const ruleLines: RuleLine[] = [];
  for (const rule of rules) {
    const outcome = runRule(rule, engine);
    if (outcome.error) {
      for (const d of outcome.error) data.sink.report(d);
      ruleLines.push({
        id: rule.id,
        bySeverity: {},
        total: 0,
        failed: outcome.error[0]?.message ?? 'failed',
      });
      continue;
    }
    const kept = outcome.alerts.filter((a) => severityRank(a['Severity']) >= plan.minSeverity);
    const bySeverity: Record<string, number> = {};
    for (const a of kept)
      bySeverity[String(a['Severity'])] = (bySeverity[String(a['Severity'])] ?? 0) + 1;
    const suppressed = Object.fromEntries(outcome.suppressed);
    ruleLines.push({
      id: rule.id,
      bySeverity,
      total: kept.length,
      ...(outcome.suppressed.size > 0 ? { suppressed } : {}),
    });
    alerts.push(...kept);
  }

  const summary = (): RunSummary => ({
    ...ingestSummary('hunt', data, anchor, started),
    rules: ruleLines,
  });
  // Most severe first, then newest: what to look at first is at the top.
  alerts.sort(
    (a, b) =>
      severityRank(b['Severity']) - severityRank(a['Severity']) ||
      compareValues(b['Timestamp'] ?? null, a['Timestamp'] ?? null),
  );
  const columns = alertColumns(alerts);
  await emitRows(
    { rows: alerts, columns, table: (style) => renderAlertsTable(alerts, style) },
    plan.format,
    plan.output,
    io,
    () => renderHtmlReport({ summary: summary(), alerts, columns }),
  );

  if (!plan.quiet) io.stderr.write(renderSummary(summary(), plan.verbose));
  else {
    // Quiet is no summary, not silence about failures.
    const errors = data.sink.errorCount;
    if (errors > 0)
      io.stderr.write(
        `webc2 hunt: ${errors} error${errors === 1 ? '' : 's'} while reading or running rules (run without -q to see them)\n`,
      );
  }
  const failed = ruleLines.some((r) => r.failed !== undefined);
  return data.read === 0 || failed ? 1 : 0;
}
