/**
 * Microsoft Defender XDR: each built-in rule as one advanced hunting query (`<rule-id>.kql`)
 * ready to save as a custom detection. The header comment says how to create the detection
 * and what Defender limits; the query itself is in kql.ts (defenderQuery).
 */

import type { Rule } from '../rules/pack.js';
import { defenderQuery } from './kql.js';
import type { ExportContext, ExportFile } from './model.js';

function header(rule: Rule, ctx: ExportContext): string {
  const allowlisted = rule.watchlists.length > 0;
  const lines = [
    `Microsoft Defender XDR advanced hunting query, exported by webc2 from its rule ${rule.id}:`,
    `${rule.name}.`,
    '',
    'Self-contained: the web-service catalogue is inlined as WebServices' +
      (allowlisted
        ? `, the allowlist as\nWebC2Allowlist (${ctx.allowlist.length} rows; Defender has no watchlists).`
        : '.'),
    'Each row carries Timestamp, DeviceId and ReportId of one event (its first contact), as',
    'custom detections require.',
    '',
    'As a custom detection (Advanced hunting > run > Create detection rule):',
    '  - frequency: every hour reads the last 4 hours; every 24 hours reads 30 days, which is',
    '    also as far back as advanced hunting goes. The rule has no time filter of its own.',
    `  - severity: ${rule.severity} for every alert (a custom detection has one severity; the`,
    '    Severity column ranks the rows); MITRE technique ' + rule.techniques.join(', ') + '.',
    '  - impacted entities: Device from DeviceId. AccountName is not an identifier Defender',
    '    accepts for users, so map none or add InitiatingProcessAccountSid yourself.',
    '  - a run raises at most 150 alerts and a query returns a capped number of rows: keep the',
    '    allowlist current so that known-good rows do not crowd real ones out.',
  ];
  return (
    lines
      .join('\n')
      .split('\n')
      .map((l) => (l === '' ? '//' : `// ${l}`))
      .join('\n') + '\n'
  );
}

export function defenderFiles(rules: readonly Rule[], ctx: ExportContext): ExportFile[] {
  return rules.map((rule) => ({
    name: `${rule.id}.kql`,
    text: header(rule, ctx) + defenderQuery(rule, ctx.catalog, ctx.allowlist),
  }));
}
