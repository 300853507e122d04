/**
 * Microsoft Sentinel scheduled analytics rules, two ways per built-in rule:
 *
 * - `<rule-id>.yaml`, the shape of Sentinel's content repository (id, name, severity,
 *   requiredDataConnectors, queryFrequency/Period, trigger, tactics, relevantTechniques,
 *   query, entityMappings, customDetails, alertDetailsOverride, version, kind), with the
 *   self-contained query: catalogue inlined, allowlist read from the `webc2-allowlist`
 *   watchlist, suppressed rows dropped;
 * - `<rule-id>.json`, an ARM template for `az deployment group create`
 *   (Microsoft.OperationalInsights/workspaces/providers/alertRules, kind Scheduled). Sentinel
 *   refuses rule queries over 10,000 characters; a longer rule is deployed as workspace
 *   functions (the catalogue, the rule's logic) plus a short rule query that calls them.
 *
 * and `webc2-allowlist.csv`, the watchlist's columns (the user's rows with --allowlist).
 */

import { Document } from 'yaml';
import type { Catalog } from '../rules/catalog/domain-match.js';
import type { Rule } from '../rules/pack.js';
import { ALLOWLIST_COLUMNS } from '../rules/prelude.js';
import {
  ALLOWLIST_WATCHLIST,
  ruleColumns,
  sentinelQuery,
  sentinelSplit,
  SENTINEL_QUERY_LIMIT,
} from './kql.js';
import type { ExportContext, ExportFile } from './model.js';
import { wrapLines } from './portable.js';

interface EntityMapping {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

/** Entities and the columns that identify them, in the order Sentinel shows them. */
const ENTITIES: [string, [string, string][]][] = [
  ['Host', [['FullName', 'DeviceName']]],
  ['Account', [['Name', 'AccountName']]],
  [
    'Process',
    [
      ['ProcessId', 'ProcessId'],
      ['CommandLine', 'ProcessCommandLine'],
    ],
  ],
  ['File', [['Name', 'FileName']]],
  ['URL', [['Url', 'RemoteUrl']]],
  ['IP', [['Address', 'RemoteIP']]],
];

/** Custom details: key (≤ 20 letters, Sentinel's limit) → column. */
const CUSTOM_DETAILS: [string, string][] = [
  ['Severity', 'Severity'],
  ['Confidence', 'Confidence'],
  ['Service', 'Service'],
  ['Categories', 'Categories'],
  ['Technique', 'Technique'],
  ['ParentProcess', 'InitiatingProcessFileName'],
  ['FolderPath', 'FolderPath'],
  ['OriginalFileName', 'OriginalFileName'],
  ['SuspiciousProcess', 'SuspiciousProcess'],
  ['ScriptingProcess', 'ScriptingProcess'],
  ['UnusualParent', 'UnusualParent'],
  ['Reasons', 'Reasons'],
  ['LastSeen', 'LastSeen'],
];

function entityMappings(columns: ReadonlySet<string>): EntityMapping[] {
  const out: EntityMapping[] = [];
  for (const [entityType, fields] of ENTITIES) {
    const fieldMappings = fields
      .filter(([, col]) => columns.has(col))
      .map(([identifier, columnName]) => ({ identifier, columnName }));
    if (fieldMappings.length > 0) out.push({ entityType, fieldMappings });
  }
  return out;
}

function customDetails(columns: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(CUSTOM_DETAILS.filter(([, col]) => columns.has(col)));
}

function alertDetailsOverride(columns: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (columns.has('Service')) {
    out['alertDisplayNameFormat'] = 'Web service used for C2: {{FileName}} contacted {{Service}}';
    out['alertDescriptionFormat'] =
      '{{FileName}} on {{DeviceName}} contacted {{RemoteUrl}}. The custom details give the ' +
      "service, the technique, webc2's confidence and the scoring reasons.";
  } else {
    out['alertDisplayNameFormat'] = 'Web service contacted: {{FileName}} and {{RemoteUrl}}';
    out['alertDescriptionFormat'] =
      '{{FileName}} on {{DeviceName}} and a connection to {{RemoteUrl}}.';
  }
  if (columns.has('Severity')) out['alertSeverityColumnName'] = 'Severity';
  return out;
}

/** `1h` → `PT1H`, `24h` → `PT24H`, `1d` → `P1D`: ARM wants ISO 8601 durations. */
export function isoDuration(kusto: string): string {
  const m = /^(\d+)([smhd])$/.exec(kusto.trim());
  if (m === null) throw new Error(`Unsupported duration '${kusto}'.`);
  const unit = m[2]!.toUpperCase();
  return unit === 'D' ? `P${m[1]}D` : `PT${m[1]}${unit}`;
}

/** Parent techniques for ARM's `techniques`, sub-techniques for `subTechniques`. */
function splitTechniques(techniques: readonly string[]): { techniques: string[]; sub: string[] } {
  const parents = new Set<string>();
  const sub: string[] = [];
  for (const t of techniques) {
    const [parent] = t.split('.');
    parents.add(parent!);
    if (t.includes('.')) sub.push(t);
  }
  return { techniques: [...parents], sub };
}

const INCIDENT_GROUPING = {
  createIncident: true,
  groupingConfiguration: {
    enabled: true,
    reopenClosedIncident: false,
    lookbackDuration: '1d',
    matchingMethod: 'Selected',
    groupByEntities: ['Host'],
    groupByAlertDetails: [] as string[],
    groupByCustomDetails: [] as string[],
  },
};

function yamlHeader(rule: Rule, query: string, split: boolean): string {
  const lines = [
    `Microsoft Sentinel scheduled analytics rule, exported by webc2 from its rule ${rule.id}.`,
    'The query is self-contained: the web-service catalogue is inlined as WebServices.',
  ];
  if (rule.watchlists.includes(ALLOWLIST_WATCHLIST))
    lines.push(
      `It reads the allowlist with _GetWatchlist('${ALLOWLIST_WATCHLIST}'): create that watchlist`,
      '(alias webc2-allowlist, search key Process) from webc2-allowlist.csv before enabling the',
      'rule; without it nothing is suppressed.',
    );
  if (split)
    lines.push(
      `The query is ${query.length} characters; Sentinel accepts at most ${SENTINEL_QUERY_LIMIT} ` +
        `in a scheduled rule. Deploy ${rule.id}.json instead: it stores the catalogue and the ` +
        'logic as workspace functions and keeps the rule query short.',
    );
  return (
    wrapLines(lines)
      .map((l) => `# ${l}`)
      .join('\n') + '\n'
  );
}

function sentinelYaml(rule: Rule, query: string, columns: ReadonlySet<string>, ctx: ExportContext) {
  const doc = new Document({
    id: rule.guid,
    name: rule.name,
    description: rule.description + '\n',
    severity: rule.severity,
    requiredDataConnectors: [
      { connectorId: 'MicrosoftThreatProtection', dataTypes: [...rule.requiredTables] },
    ],
    queryFrequency: rule.queryFrequency,
    queryPeriod: rule.queryPeriod,
    triggerOperator: 'gt',
    triggerThreshold: 0,
    tactics: [...rule.tactics],
    relevantTechniques: [...rule.techniques],
    query,
    entityMappings: entityMappings(columns),
    customDetails: customDetails(columns),
    alertDetailsOverride: alertDetailsOverride(columns),
    eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
    incidentConfiguration: INCIDENT_GROUPING,
    version: ctx.version,
    kind: 'Scheduled',
  });
  return doc.toString({ lineWidth: 0 });
}

/** ARM treats a string starting with `[` as an expression; `[[` writes a literal `[`. */
function armLiteral(s: string): string {
  return s.startsWith('[') ? '[' + s : s;
}

function armTemplate(rule: Rule, catalog: Catalog, columns: ReadonlySet<string>): string {
  const split = sentinelSplit(rule, catalog);
  const query = split?.query ?? sentinelQuery(rule, catalog);
  const { techniques, sub } = splitTechniques(rule.techniques);
  const resources: Record<string, unknown>[] = [];
  const dependsOn: string[] = [];
  for (const f of split?.functions ?? []) {
    resources.push({
      type: 'Microsoft.OperationalInsights/workspaces/savedSearches',
      apiVersion: '2020-08-01',
      name: `[concat(parameters('workspace'), '/${f.alias}')]`,
      properties: {
        etag: '*',
        displayName: f.displayName,
        category: 'webc2',
        functionAlias: f.alias,
        query: armLiteral(f.query),
        version: 1,
      },
    });
    dependsOn.push(
      `[resourceId('Microsoft.OperationalInsights/workspaces/savedSearches', parameters('workspace'), '${f.alias}')]`,
    );
  }
  const grouping = INCIDENT_GROUPING.groupingConfiguration;
  resources.push({
    type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules',
    apiVersion: '2023-12-01-preview',
    name: `[concat(parameters('workspace'), '/Microsoft.SecurityInsights/${rule.guid}')]`,
    kind: 'Scheduled',
    ...(dependsOn.length > 0 ? { dependsOn } : {}),
    properties: {
      displayName: armLiteral(rule.name),
      description: armLiteral(rule.description),
      severity: rule.severity,
      enabled: true,
      query: armLiteral(query),
      queryFrequency: isoDuration(rule.queryFrequency),
      queryPeriod: isoDuration(rule.queryPeriod),
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      suppressionDuration: 'PT5H',
      suppressionEnabled: false,
      tactics: [...rule.tactics],
      techniques,
      ...(sub.length > 0 ? { subTechniques: sub } : {}),
      entityMappings: entityMappings(columns),
      customDetails: customDetails(columns),
      alertDetailsOverride: alertDetailsOverride(columns),
      eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
      incidentConfiguration: {
        createIncident: true,
        groupingConfiguration: {
          ...grouping,
          lookbackDuration: isoDuration(grouping.lookbackDuration),
        },
      },
    },
  });
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      workspace: {
        type: 'string',
        metadata: { description: 'The Log Analytics workspace Microsoft Sentinel runs on.' },
      },
    },
    resources,
  };
  return JSON.stringify(template, null, 2) + '\n';
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The allowlist watchlist as CSV: its columns (without SearchKey, which Sentinel makes from
 * the column chosen as search key), then the user's rows if any.
 */
export function allowlistCsv(rows: readonly Readonly<Record<string, string>>[]): string {
  const cols = ALLOWLIST_COLUMNS.filter((c) => c !== 'SearchKey');
  const lines = [
    cols.join(','),
    ...rows.map((r) => cols.map((c) => csvCell(r[c] ?? '')).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

/** The Sentinel files for the given rules. */
export function sentinelFiles(rules: readonly Rule[], ctx: ExportContext): ExportFile[] {
  const files: ExportFile[] = [];
  let needsAllowlist = false;
  for (const rule of rules) {
    const columns = new Set(ruleColumns(rule, ctx.catalog).map((c) => c.name));
    columns.delete(rule.suppressedColumn ?? '');
    const query = sentinelQuery(rule, ctx.catalog);
    const split = query.length > SENTINEL_QUERY_LIMIT;
    files.push({
      name: `${rule.id}.yaml`,
      text: yamlHeader(rule, query, split) + sentinelYaml(rule, query, columns, ctx),
    });
    files.push({ name: `${rule.id}.json`, text: armTemplate(rule, ctx.catalog, columns) });
    if (rule.watchlists.includes(ALLOWLIST_WATCHLIST)) needsAllowlist = true;
  }
  if (needsAllowlist)
    files.push({ name: `${ALLOWLIST_WATCHLIST}.csv`, text: allowlistCsv(ctx.allowlist) });
  return files;
}
