/**
 * `webc2 query "<KQL>" <paths…>` (or `--file q.kql`): runs any KQL query over the Defender
 * tables built from the inputs. A query that does not parse or bind prints Kusto's message
 * with the query line and a caret under the position, and exits 2.
 */

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../diagnostics.js';
import { KqlEngine, QueryError, type KqlDiagnostic } from '../kql/engine.js';
import { builtinCatalog } from '../rules/catalog/domain-match.js';
import { defaultWatchlists, ruleTables } from '../rules/prelude.js';
import { renderSummary } from '../report/summary.js';
import { forTerminal } from '../report/sanitize.js';
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
import { registerCommand } from './main.js';
import { readWatchlist, watchlistArg } from './watchlist.js';

export interface QueryPlan {
  query: string;
  queryFile: string | undefined;
  paths: string[];
  format: OutputFormat;
  output: string | undefined;
  now: NowOption;
  maxRows: number | undefined;
  watchlists: { name: string; file: string }[];
  csvOffset: number | undefined;
  host: string | undefined;
  verbose: boolean;
  quiet: boolean;
}

export const QUERY_USAGE = `Usage: webc2 query "<KQL>" [options] <path>...
       webc2 query --file <query.kql> [options] <path>...

Runs a KQL query (Sentinel / Defender Advanced Hunting) over the Defender tables webc2 builds
from the inputs: DeviceProcessEvents, DeviceNetworkEvents, DeviceEvents, DeviceFileEvents,
DeviceInfo, and WebServices (the web-service catalogue). 'webc2 tables <path>...' lists
them with their columns.

Options:
      --file <file.kql>        read the query from a file
  -f, --format <table|jsonl|csv>  output format (default: table)
  -o, --output <file>          write the result to a file instead of stdout
      --now <datetime|wall>    the instant now() and ago() use (default: latest event)
      --max-rows <n>           stop the query when its result, or a join, mv-expand or range
                               in it, grows past n rows (default: 1000000)
      --watchlist <name=file.csv>  a CSV that _GetWatchlist('name') returns (repeatable)
      --csv-offset <+HH:MM>    zone of Defender CSV columns marked [Local Time]
      --host <name>            host name for logs that do not say it (auditd without node=)
  -v, --verbose                list every problem in the summary
  -q, --quiet                  no summary on stderr
  -h, --help                   show this help
`;

export function parseQuery(argv: string[]): QueryPlan {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      now: { type: 'string' },
      'max-rows': { type: 'string' },
      watchlist: { type: 'string', multiple: true },
      'csv-offset': { type: 'string' },
      host: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      quiet: { type: 'boolean', short: 'q' },
    },
  });
  let query: string;
  let paths: string[];
  if (values.file !== undefined) {
    try {
      query = readFileSync(values.file, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read the query file: ${(err as Error).message}`, 'query');
    }
    paths = positionals;
  } else {
    if (positionals.length === 0)
      throw new UsageError('query needs a KQL query (or --file) and inputs.', 'query');
    query = positionals[0]!;
    paths = positionals.slice(1);
  }
  if (query.trim() === '') throw new UsageError('The query is empty.', 'query');
  const watchlists = (values.watchlist ?? []).map((w) => watchlistArg(w, 'query'));
  return {
    query,
    queryFile: values.file,
    paths,
    format: outputFormat(values.format, ['table', 'jsonl', 'csv'], 'query'),
    output: values.output,
    now: nowOption(values.now, 'query'),
    maxRows: positiveInt(values['max-rows'], '--max-rows', 'query'),
    watchlists,
    csvOffset: offsetMinutes(values['csv-offset'], 'query'),
    host: values.host,
    verbose: values.verbose ?? false,
    quiet: values.quiet ?? false,
  };
}

/** Kusto's message, the query line, a caret under the position, and a hint. */
export function renderQueryError(
  query: string,
  d: KqlDiagnostic,
  file: string | undefined,
): string {
  const lines = query.split('\n');
  const where =
    d.line !== undefined ? `${file ?? 'query'}:${d.line}:${d.column ?? 1}` : (file ?? 'query');
  let out = `${where}: error ${d.code}: ${d.message}\n`;
  if (d.line !== undefined) {
    const text = lines[d.line - 1] ?? '';
    const col = Math.max(1, d.column ?? 1);
    out += `  ${forTerminal(text.replace(/\r$/, ''))}\n  ${' '.repeat(col - 1)}${'^'.repeat(Math.max(1, Math.min(d.length, text.length - col + 1)))}\n`;
  }
  if (d.hint) out += `  hint: ${d.hint}\n`;
  return out;
}

export async function runQuery(plan: QueryPlan, io: Io): Promise<number> {
  const started = performance.now();
  const problems: Diagnostic[] = [];
  const watchlists = defaultWatchlists(['webc2-allowlist']);
  for (const w of plan.watchlists) watchlists.set(w.name, readWatchlist(w.file, problems));
  const data = await ingest(plan.paths, {
    ...(plan.csvOffset !== undefined ? { csvOffsetMinutes: plan.csvOffset } : {}),
    ...(plan.host !== undefined ? { host: plan.host } : {}),
  });
  for (const p of problems) data.sink.report(p);
  // The web-service catalogue is there for any query, as the rules see it.
  const tables = new Map([
    ...data.tables,
    ...ruleTables(['WebServices'], builtinCatalog().catalog),
  ]);
  const latest = data.stats.latest;
  const anchor =
    plan.now.kind === 'fixed'
      ? { now: plan.now.ticks, source: '--now' }
      : plan.now.kind === 'wall' || latest === null
        ? { now: wallClockTicks(), source: 'wall clock' }
        : { now: latest, source: 'latest event in the data; --now sets another' };
  const engine = new KqlEngine(tables, {
    now: anchor.now,
    watchlists,
    ...(plan.maxRows ? { limits: { maxRows: plan.maxRows } } : {}),
  });
  let code = 0;
  try {
    const { table, columns } = engine.run(plan.query);
    const names = columns.map((c) => c.name);
    await emitRows(
      { rows: [...table.rows()], columns: names, specs: table.specs },
      plan.format,
      plan.output,
      io,
    );
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    // The first error is the cause; those after it usually follow from it.
    const [first, ...rest] = err.diagnostics;
    if (first) io.stderr.write(renderQueryError(plan.query, first, plan.queryFile));
    if (rest.length > 0)
      io.stderr.write(
        `  (${rest.length} more error${rest.length === 1 ? '' : 's'} after this one)\n`,
      );
    // A query Kusto rejects is a usage error; one that fails while running (a limit) is not.
    code = err.diagnostics.some((d) => d.code.startsWith('KS')) ? 2 : 1;
  }
  if (!plan.quiet) {
    io.stderr.write(renderSummary(ingestSummary('query', data, anchor, started), plan.verbose));
  }
  return code;
}

registerCommand('query', {
  summary: 'run any KQL query over the tables built from logs',
  usage: QUERY_USAGE,
  run: (argv, io) => runQuery(parseQuery(argv), io),
});
