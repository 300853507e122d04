import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ingest, type Ingested } from '../../src/cli/ingest.js';
import { exportRules } from '../../src/export/index.js';
import {
  defenderQuery,
  ruleColumns,
  SENTINEL_QUERY_LIMIT,
  sentinelQuery,
} from '../../src/export/kql.js';
import type { ExportContext } from '../../src/export/model.js';
import { KqlEngine } from '../../src/kql/engine.js';
import { builtinCatalog } from '../../src/rules/catalog/domain-match.js';
import { builtinRules, type Rule } from '../../src/rules/pack.js';
import { ALLOWLIST_COLUMNS, defaultWatchlists, ruleTables } from '../../src/rules/prelude.js';
import { runRule } from '../../src/rules/run.js';
import type { Scalar } from '../../src/table/types.js';
import { Table } from '../../src/table/table.js';
import { sharedPath } from '../helpers.js';

const catalog = builtinCatalog().catalog;

/** Two entries that each suppress one alert of the shared data. */
const ALLOW = [
  {
    Process: 'python.exe',
    Path: 'C:\\Users\\*\\AppData\\Local\\Programs\\Python\\*',
    Domain: 'api.telegram.org',
    Reason: 'bot under test',
  },
  { Process: 'mshta.exe', Device: 'workstation5', Reason: 'lab host' },
].map((r) =>
  Object.fromEntries(ALLOWLIST_COLUMNS.map((c) => [c, (r as Record<string, string>)[c] ?? ''])),
);

const allowTable = Table.fromRows(
  ALLOWLIST_COLUMNS.map((name) => ({ name, type: 'string' as const })),
  ALLOW,
);

function watchlists(rule: Rule) {
  const w = defaultWatchlists(rule.watchlists);
  if (rule.watchlists.includes('webc2-allowlist')) w.set('webc2-allowlist', allowTable);
  return w;
}

/** Rows as sorted canonical strings: ties in `sort by Timestamp` have no defined order. */
function rowSet(rows: Iterable<Record<string, Scalar>>, drop: readonly string[] = []): string[] {
  return [...rows].map((r) => canon(r, drop)).sort();
}

function canon(row: Record<string, Scalar>, drop: readonly string[] = []): string {
  const keys = Object.keys(row)
    .filter((k) => !drop.includes(k))
    .sort();
  return JSON.stringify(
    keys.map((k) => {
      const v = row[k];
      if (k === 'Severity' && typeof v === 'string') return [k, v.toLowerCase()];
      return [k, typeof v === 'bigint' ? v.toString() : v];
    }),
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  );
}

/** The ARM template's functions as `let` views before its rule query: what Sentinel runs. */
function armAsOneQuery(template: string): { query: string; ruleQuery: string; functions: number } {
  const t = JSON.parse(template) as {
    resources: { type: string; properties: Record<string, unknown> }[];
  };
  let lets = '';
  let ruleQuery = '';
  let functions = 0;
  for (const r of t.resources) {
    if (r.type.endsWith('/savedSearches')) {
      lets += `let ${String(r.properties['functionAlias'])} = view () {\n${String(r.properties['query'])}\n};\n`;
      functions++;
    } else ruleQuery = String(r.properties['query']);
  }
  return { query: lets + ruleQuery, ruleQuery, functions };
}

describe('Sentinel and Defender exports on real data', () => {
  let data: Ingested;
  const builtin = new Map<string, { alerts: Record<string, Scalar>[]; suppressed: number }>();
  let engineFor: (rule: Rule) => KqlEngine;

  before(async () => {
    data = await ingest([sharedPath('field-cases'), sharedPath('data', 'sysmon-json')]);
    engineFor = (rule) =>
      new KqlEngine(data.tables, { now: data.stats.latest!, watchlists: watchlists(rule) });
    for (const rule of builtinRules()) {
      const engine = new KqlEngine(new Map([...data.tables, ...ruleTables(rule.uses, catalog)]), {
        now: data.stats.latest!,
        watchlists: watchlists(rule),
      });
      const out = runRule(rule, engine);
      assert.equal(out.error, undefined);
      // Matches set aside by the allowlist (the built-in exclusions are counted apart).
      const suppressed = [...out.suppressed]
        .filter(([why]) => !why.startsWith('built-in: '))
        .reduce((a, [, k]) => a + k, 0);
      // runRule adds RuleId, and the rule's own severity to rows without a Severity column.
      const scored = ruleColumns(rule, catalog).some((c) => c.name === 'Severity');
      const alerts = out.alerts.map(({ RuleId: _r, Severity: sev, ...rest }) =>
        scored ? { ...rest, Severity: sev ?? null } : rest,
      );
      builtin.set(rule.id, { alerts, suppressed });
    }
  });

  it('has alerts to compare, and the allowlist suppresses some of webc2-t1102’s', () => {
    assert.ok(builtin.get('seed-t1102')!.alerts.length > 0);
    assert.ok(builtin.get('webc2-t1102')!.alerts.length >= 10);
    assert.equal(builtin.get('webc2-t1102')!.suppressed, 2);
  });

  for (const rule of builtinRules()) {
    it(`${rule.id}: the self-contained Sentinel query binds and gives the built-in alerts minus suppressed ones`, () => {
      const query = sentinelQuery(rule, catalog);
      const engine = engineFor(rule);
      assert.deepEqual(engine.analyze(query).diagnostics, []);
      assert.deepEqual(
        rowSet(engine.run(query).table.rows()),
        rowSet(builtin.get(rule.id)!.alerts),
      );
    });

    it(`${rule.id}: the Defender query binds, gives the same alerts, and adds DeviceId and ReportId`, () => {
      const query = defenderQuery(rule, catalog, ALLOW);
      const engine = engineFor({ ...rule, watchlists: [] });
      assert.deepEqual(engine.analyze(query).diagnostics, []);
      assert.doesNotMatch(query, /_GetWatchlist/);
      const { table, columns } = engine.run(query);
      assert.deepEqual(
        columns.slice(0, 3).map((c) => c.name),
        ['Timestamp', 'DeviceId', 'ReportId'],
      );
      const rows = [...table.rows()];
      for (const r of rows) assert.ok(typeof r['DeviceId'] === 'string' && r['DeviceId'] !== '');
      assert.deepEqual(
        rowSet(rows, ['DeviceId', 'ReportId']),
        rowSet(builtin.get(rule.id)!.alerts),
      );
    });
  }

  it('the ARM templates deploy queries within Sentinel’s limit that give the same alerts', () => {
    const ctx: ExportContext = { catalog, allowlist: [], version: '0.0.0' };
    for (const rule of builtinRules()) {
      const [arm] = exportRules('sentinel', [rule], ctx).filter(
        (f) => f.name === `${rule.id}.json`,
      );
      const { query, ruleQuery, functions } = armAsOneQuery(arm!.text);
      assert.ok(ruleQuery.length <= SENTINEL_QUERY_LIMIT, `${rule.id}: ${ruleQuery.length}`);
      assert.equal(functions, rule.uses.length > 0 ? 2 : 0);
      const engine = engineFor(rule);
      assert.deepEqual(engine.analyze(query).diagnostics, []);
      assert.deepEqual(
        rowSet(engine.run(query).table.rows()),
        rowSet(builtin.get(rule.id)!.alerts),
      );
    }
  });
});
