/**
 * A built-in rule's query made deployable: the tables webc2 supplies written into the text
 * (the web-service catalogue as `let WebServices = datatable(...)`), the rows webc2 would
 * only count (allowlisted, `SuppressedBy` set) dropped, and for Defender the columns a custom
 * detection needs. Every function here returns KQL text that webc2's own engine binds and
 * runs, so the export tests can hold each deployable query against the built-in rule.
 */

import { KqlEngine } from '../kql/engine.js';
import { kind, listOf, must, resultColumns, type Node } from '../kql/syntax.js';
import type { Catalog } from '../rules/catalog/domain-match.js';
import type { Rule } from '../rules/pack.js';
import {
  ALLOWLIST_COLUMNS,
  defaultWatchlists,
  ruleTables,
  ruleText,
  webServicesLet,
} from '../rules/prelude.js';

/** The watchlist webc2-t1102 reads its allowlist from. */
export const ALLOWLIST_WATCHLIST = 'webc2-allowlist';

/** Sentinel refuses a scheduled rule whose query is longer than this. */
export const SENTINEL_QUERY_LIMIT = 10_000;

// Binding a rule costs the Kusto binder about a second; exporters ask for its columns often.
const columnCache = new WeakMap<Catalog, Map<Rule, { name: string; type: string }[]>>();

/** The name and type of each column a rule returns, as Kusto's binder predicts them. */
export function ruleColumns(rule: Rule, catalog: Catalog): { name: string; type: string }[] {
  let byRule = columnCache.get(catalog);
  if (byRule === undefined) columnCache.set(catalog, (byRule = new Map()));
  const cached = byRule.get(rule);
  if (cached !== undefined) return cached;
  const columns = bindColumns(rule, catalog);
  byRule.set(rule, columns);
  return columns;
}

function bindColumns(rule: Rule, catalog: Catalog): { name: string; type: string }[] {
  const engine = new KqlEngine(ruleTables(rule.uses, catalog), {
    now: 0n,
    watchlists: defaultWatchlists(rule.watchlists),
  });
  const { diagnostics, code } = engine.analyze(rule.query);
  if (diagnostics.length > 0)
    throw new Error(`Rule ${rule.id} does not bind: ${diagnostics[0]!.message}`);
  let result: Node | undefined;
  for (const stmt of listOf(code.Syntax as unknown as Node, 'Statements'))
    if (kind(stmt) === 'ExpressionStatement') result = must(stmt, 'Expression');
  const columns = result === undefined ? undefined : resultColumns(result);
  if (columns === undefined) throw new Error(`Rule ${rule.id} has no fixed result schema.`);
  return columns;
}

/** Lines that drop what webc2 only counts: rows an allowlist entry suppressed. */
function dropSuppressed(rule: Rule): string {
  const col = rule.suppressedColumn;
  if (col === undefined) return '';
  return (
    `// Deployed: rows an allowlist entry matched are dropped (webc2 counts them instead).\n` +
    `| where isempty(${col})\n| project-away ${col}\n`
  );
}

/** Sentinel reads an alert's severity from a column and expects its own capitalised names. */
function sentinelSeverity(columns: readonly { name: string }[]): string {
  if (!columns.some((c) => c.name === 'Severity')) return '';
  return (
    "// Sentinel takes each alert's severity from this column, in its own spelling.\n" +
    '| extend Severity = case(Severity == "high", "High", Severity == "medium", "Medium", ' +
    'Severity == "low", "Low", "Informational")\n'
  );
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

/**
 * The Sentinel query: catalogue inlined, allowlist from the `webc2-allowlist` watchlist,
 * suppressed rows dropped, severity spelled for Sentinel. Self-contained.
 */
export function sentinelQuery(rule: Rule, catalog: Catalog): string {
  const columns = ruleColumns(rule, catalog);
  return (
    withNewline(ruleText(rule.query, rule.uses, catalog)) +
    dropSuppressed(rule) +
    sentinelSeverity(columns)
  );
}

/** A rule split for Sentinel's length limit: workspace functions, then a short rule query. */
export interface SplitQuery {
  functions: { alias: string; displayName: string; query: string }[];
  query: string;
}

/** `webc2-t1102` → `WebC2T1102`: a workspace function alias. */
export function functionAlias(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== '')
    .map((p) => (p.toLowerCase() === 'webc2' ? 'WebC2' : p[0]!.toUpperCase() + p.slice(1)))
    .join('');
}

/** The catalogue function's alias. */
export const WEB_SERVICES_FUNCTION = 'WebC2WebServices';

/**
 * The Sentinel query in deployable pieces when the self-contained one exceeds Sentinel's
 * limit: the catalogue and the rule's logic become workspace functions (Sentinel's own
 * advice for long queries), and the scheduled rule calls the logic and drops suppressed
 * rows. `undefined` when the self-contained query fits.
 */
export function sentinelSplit(rule: Rule, catalog: Catalog): SplitQuery | undefined {
  if (sentinelQuery(rule, catalog).length <= SENTINEL_QUERY_LIMIT) return undefined;
  const columns = ruleColumns(rule, catalog);
  const functions: SplitQuery['functions'] = [];
  let prelude = '';
  for (const u of rule.uses) {
    if (u !== 'WebServices') throw new Error(`Unknown rule table '${u}'.`);
    const text = webServicesLet(catalog);
    const head = 'let WebServices = ';
    if (!text.startsWith(head) || !text.endsWith(';\n'))
      throw new Error('webServicesLet() no longer writes a single let statement.');
    functions.push({
      alias: WEB_SERVICES_FUNCTION,
      displayName: 'webc2 web-service catalogue',
      query: text.slice(head.length, -2) + '\n',
    });
    prelude += `let WebServices = ${WEB_SERVICES_FUNCTION};\n`;
  }
  const alias = functionAlias(rule.id);
  functions.push({
    alias,
    displayName: `webc2 rule ${rule.id} (all rows, allowlisted ones marked)`,
    query: withNewline(prelude + rule.query),
  });
  const query =
    `// ${rule.id}: the logic is the workspace function ${alias}, deployed with this rule.\n` +
    alias +
    '\n' +
    dropSuppressed(rule) +
    sentinelSeverity(columns);
  return { functions, query };
}

function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The allowlist as an inline table, for Defender, which has no watchlists. */
function allowlistLet(rows: readonly Readonly<Record<string, string>>[]): string {
  const cols = ALLOWLIST_COLUMNS;
  const body = rows.map((r) => '  ' + cols.map((c) => kqlString(r[c] ?? '')).join(', '));
  return (
    '// The allowlist (Defender has no watchlists): one row per entry; empty cells match\n' +
    '// anything; Path and Signer take * wildcards. Add rows here or re-export with --allowlist.\n' +
    `let WebC2Allowlist = datatable(${cols.map((c) => `${c}:string`).join(', ')}) [\n` +
    (body.length > 0 ? body.join(',\n') + '\n' : '') +
    '];\n'
  );
}

/** `| project a, b, …` wrapped to lines of about 100 characters. */
function projectLines(columns: readonly string[]): string {
  const lines: string[] = [];
  let line = '| project';
  for (const [i, c] of columns.entries()) {
    const piece = ` ${c}${i < columns.length - 1 ? ',' : ''}`;
    if (line.length + piece.length > 100) {
      lines.push(line);
      line = '   ';
    }
    line += piece;
  }
  lines.push(line);
  return lines.join('\n') + '\n';
}

const WATCHLIST_CALL = new RegExp(`_GetWatchlist\\(\\s*'${ALLOWLIST_WATCHLIST}'\\s*\\)`, 'g');

/**
 * The Defender XDR query (advanced hunting, custom detections): catalogue and allowlist
 * inlined, suppressed rows dropped, and `Timestamp`, `DeviceId` and `ReportId` of one real
 * event per row, which a custom detection requires. The row's first contact is found again
 * by device and time, preferring an event of the same process.
 */
export function defenderQuery(
  rule: Rule,
  catalog: Catalog,
  allowlist: readonly Readonly<Record<string, string>>[] = [],
): string {
  const columns = ruleColumns(rule, catalog);
  const names = columns.map((c) => c.name);
  if (!names.includes('Timestamp') || !names.includes('DeviceName'))
    throw new Error(`Rule ${rule.id} must return Timestamp and DeviceName for Defender.`);
  if (names.includes('DeviceId') || names.includes('ReportId'))
    throw new Error(`Rule ${rule.id} already returns DeviceId or ReportId; adapt defenderQuery.`);
  let text = withNewline(ruleText(rule.query, rule.uses, catalog));
  for (const w of rule.watchlists) {
    if (w !== ALLOWLIST_WATCHLIST) throw new Error(`No inline form for watchlist '${w}'.`);
    const replaced = text.replace(WATCHLIST_CALL, 'WebC2Allowlist');
    if (replaced === text) throw new Error(`Rule ${rule.id} does not read _GetWatchlist('${w}').`);
    text = allowlistLet(allowlist) + replaced;
  }
  const sameProcess = names.includes('ProcessId') ? 'iff(EventProcessId == ProcessId, 1, 0)' : '0';
  const rest = names.filter((n) => n !== 'Timestamp' && n !== rule.suppressedColumn);
  return (
    text +
    dropSuppressed(rule) +
    '// Custom detections need Timestamp, DeviceId and ReportId of one event: those of the\n' +
    "// row's first contact, found again by device and time (the same process preferred).\n" +
    '| serialize AlertNo = row_number()\n' +
    '| join kind=leftouter (\n' +
    '    union\n' +
    '      (DeviceNetworkEvents | project Timestamp, DeviceName, DeviceId, ReportId, EventProcessId = InitiatingProcessId),\n' +
    '      (DeviceEvents | project Timestamp, DeviceName, DeviceId, ReportId, EventProcessId = InitiatingProcessId),\n' +
    '      (DeviceProcessEvents | project Timestamp, DeviceName, DeviceId, ReportId, EventProcessId = ProcessId)\n' +
    '  ) on DeviceName, Timestamp\n' +
    `| extend SameProcess = ${sameProcess}\n` +
    '| summarize arg_max(SameProcess, *) by AlertNo\n' +
    projectLines(['Timestamp', 'DeviceId', 'ReportId', ...rest]) +
    '| sort by Timestamp desc\n'
  );
}
