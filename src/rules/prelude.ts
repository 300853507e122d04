/**
 * Tables webc2 supplies to rules. The web-service catalogue becomes `WebServices` (Domain,
 * Match, Service, Categories). Locally it is handed to the engine as a table; an export
 * writes it as a `let WebServices = datatable(…)` before the query, so the rule text is the
 * same in both places. (Binding a query that holds a 400-row datatable costs the Kusto
 * binder seconds; a declared table costs nothing.)
 */

import { Table } from '../table/table.js';
import type { Catalog } from './catalog/domain-match.js';

export const WEB_SERVICES_SPECS = [
  { name: 'Domain', type: 'string' },
  { name: 'Match', type: 'string' },
  { name: 'Service', type: 'string' },
  { name: 'Categories', type: 'string' },
] as const;

function sortedEntries(catalog: Catalog) {
  return [...catalog.entries.values()].sort((a, b) =>
    a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0,
  );
}

export function webServicesTable(catalog: Catalog): Table {
  return Table.fromRows(
    [...WEB_SERVICES_SPECS],
    sortedEntries(catalog).map((e) => ({
      Domain: e.domain,
      Match: e.match,
      Service: e.service,
      Categories: e.categories.join(';'),
    })),
  );
}

function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function webServicesLet(catalog: Catalog): string {
  const rows = sortedEntries(catalog).map(
    (e) => `  ${[e.domain, e.match, e.service, e.categories.join(';')].map(kqlString).join(', ')}`,
  );
  return `let WebServices = datatable(Domain:string, Match:string, Service:string, Categories:string) [\n${rows.join(',\n')}\n];\n`;
}

/** The tables a set of rules uses, for the engine. */
export function ruleTables(uses: readonly string[], catalog: Catalog): Map<string, Table> {
  const m = new Map<string, Table>();
  for (const u of uses) {
    if (u === 'WebServices') m.set(u, webServicesTable(catalog));
    else throw new Error(`Unknown rule table '${u}'.`);
  }
  return m;
}

/** The self-contained text of a rule, for export: the tables it uses, then its own query. */
export function ruleText(query: string, uses: readonly string[], catalog: Catalog): string {
  let prelude = '';
  for (const u of uses) {
    if (u === 'WebServices') prelude += webServicesLet(catalog);
    else throw new Error(`Unknown rule table '${u}'.`);
  }
  return prelude + query;
}

/** The columns of webc2's allowlist, a watchlist in Sentinel's shape. */
export const ALLOWLIST_COLUMNS = [
  'SearchKey',
  'Process',
  'Path',
  'Signer',
  'Domain',
  'Device',
  'Account',
  'Reason',
] as const;

/** Empty watchlists for those a rule reads and the user did not give. */
export function defaultWatchlists(names: readonly string[]): Map<string, Table> {
  const m = new Map<string, Table>();
  for (const n of names)
    m.set(n, Table.empty(ALLOWLIST_COLUMNS.map((name) => ({ name, type: 'string' as const }))));
  return m;
}
