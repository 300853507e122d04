/**
 * The benchmark's queries: each in KQL for webc2 and in SQL for DuckDB, written to return the
 * same rows. The first is the seed rule verbatim, read from ../shared/seeds; its lists of
 * domains and process names are read out of it for the SQL and for the generator.
 *
 * Translating `has`: Kusto's `x has "pastebin.com"` is a case-insensitive match of whole
 * terms (the needle is not touched by a letter or digit on either side). In SQL that is a
 * case-insensitive regular expression with a non-alphanumeric character or an end of string
 * on each side (DuckDB runs it on RE2; measured faster there than `lower()` first, and much
 * faster than screening with `contains` or `ILIKE`). Kusto counts Unicode letters and digits
 * as term characters; the generated data is ASCII, where `[^0-9a-z]` ignoring case is the
 * same test. `in~` is `lower(x) IN`.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TICKS_PER_HOUR, TICKS_PER_MS } from '../../src/table/datetime.js';

export interface Seed {
  file: string;
  query: string;
  webServices: string[];
  browsers: string[];
  excluded: string[];
  suspicious: string[];
  scripting: string[];
  unusualParents: string[];
}

/** The rule text from the seed page: from its first `let` to the line before the severity. */
export function readSeed(dir: string): Seed {
  const name = readdirSync(dir).find((f) => /^000_.*\.txt$/.test(f));
  if (name === undefined) throw new Error(`no seed rule (000_*.txt) in ${dir}`);
  const file = path.join(dir, name);
  const lines = readFileSync(file, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.startsWith('let '));
  const to = lines.findIndex((l, i) => i > from && /severity/.test(l));
  if (from < 0 || to < 0) throw new Error(`cannot find the KQL rule in ${file}`);
  const query = lines.slice(from, to).join('\n').trim();
  const list = (re: RegExp): string[] => {
    const m = re.exec(query);
    if (m === null) throw new Error(`the seed rule has changed: ${re} no longer matches`);
    return [...m[1]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
  };
  return {
    file,
    query,
    webServices: list(/let WebServiceDomains = dynamic\(\[([^\]]*)\]\)/),
    browsers: list(/let LegitBrowsers = dynamic\(\[([^\]]*)\]\)/),
    excluded: list(/FileName !in~ \(([^)]*)\)/),
    suspicious: list(/SuspiciousProcess = FileName in~ \(([^)]*)\)/),
    scripting: list(/ScriptingProcess = FileName in~ \(([^)]*)\)/),
    unusualParents: list(/UnusualParent = InitiatingProcessFileName in~ \(([^)]*)\)/),
  };
}

export interface BenchQuery {
  id: string;
  title: string;
  /** Whether the product's goal (within 2x of DuckDB on filters and joins) applies. */
  goal: boolean;
  kql: string;
  sql: string;
  /** The input tables, for rows per second. */
  inputs: string[];
  /** Result columns hashed to compare the two engines' rows (as a multiset). */
  digest: string[];
  /** The result is sorted by this column, descending: its first and last values must agree. */
  sortedBy?: string;
}

function sqlList(items: readonly string[]): string {
  return items.map((s) => `'${s.toLowerCase().replace(/'/g, "''")}'`).join(', ');
}

/** `col has_any (needles)` in SQL; every needle must begin and end with a letter or digit. */
function hasAnySql(col: string, needles: readonly string[]): string {
  const alt = needles.map((n) => {
    if (!/^[0-9a-z].*[0-9a-z]$|^[0-9a-z]$/i.test(n)) {
      throw new Error(
        `cannot translate has "${n}": it does not begin and end with a term character`,
      );
    }
    return n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return `regexp_matches(${col}, '(^|[^0-9a-z])(${alt.join('|')})([^0-9a-z]|$)', 'i')`;
}

function sqlTimestamp(ticks: bigint): string {
  const iso = new Date(Number(ticks / TICKS_PER_MS)).toISOString();
  return `TIMESTAMP '${iso.replace('T', ' ').replace('Z', '')}'`;
}

/** The host of a URL: the optional scheme skipped, up to the first `/`, `:`, `?` or `#`. */
const HOST_PATTERN = '^(?:[a-z]+://)?([^/:?#]+)';

export function benchQueries(seed: Seed, now: bigint): BenchQuery[] {
  const since = sqlTimestamp(now - 24n * TICKS_PER_HOUR);
  const webLet = /let WebServiceDomains = dynamic\(\[[^\]]*\]\);/.exec(seed.query)![0];
  return [
    {
      id: 'seed',
      title: '1 seed rule (join on DeviceId, sort)',
      goal: true,
      kql: seed.query,
      sql: `SELECT n.Timestamp, n.DeviceName, p.AccountName, p.FileName, p.ProcessCommandLine,
  n.InitiatingProcessFileName, n.RemoteUrl, n.RemoteIP, n.RemotePort,
  lower(p.FileName) IN (${sqlList(seed.suspicious)}) AS SuspiciousProcess,
  lower(p.FileName) IN (${sqlList(seed.scripting)}) AS ScriptingProcess,
  lower(n.InitiatingProcessFileName) IN (${sqlList(seed.unusualParents)}) AS UnusualParent,
  p.SHA256
FROM DeviceNetworkEvents n JOIN DeviceProcessEvents p ON n.DeviceId = p.DeviceId
WHERE n.Timestamp > ${since}
  AND (${hasAnySql('n.RemoteUrl', seed.webServices)} OR n.RemoteIPType = 'Public')
  AND p.Timestamp > ${since}
  AND ${hasAnySql('n.RemoteUrl', seed.webServices)}
  AND NOT ${hasAnySql('n.InitiatingProcessFileName', seed.browsers)}
  AND NOT ${hasAnySql('p.FileName', seed.browsers)}
  AND lower(p.FileName) NOT IN (${sqlList(seed.excluded)})
ORDER BY n.Timestamp DESC`,
      inputs: ['DeviceNetworkEvents', 'DeviceProcessEvents'],
      digest: [
        'Timestamp',
        'DeviceName',
        'AccountName',
        'FileName',
        'ProcessCommandLine',
        'RemoteUrl',
        'RemotePort',
        'SuspiciousProcess',
        'ScriptingProcess',
        'UnusualParent',
        'SHA256',
      ],
      sortedBy: 'Timestamp',
    },
    {
      id: 'summarize',
      title: '2 where port, count by host',
      goal: true,
      kql: 'DeviceNetworkEvents | where RemotePort == 443 | summarize n = count() by DeviceName',
      sql: `SELECT DeviceName, count(*) AS n FROM DeviceNetworkEvents WHERE RemotePort = 443 GROUP BY DeviceName`,
      inputs: ['DeviceNetworkEvents'],
      digest: ['DeviceName', 'n'],
    },
    {
      id: 'leftanti',
      title: '3 leftanti join, allowlist',
      goal: true,
      kql: `DeviceNetworkEvents
| join kind=leftanti AllowedProcesses on $left.InitiatingProcessFileName == $right.FileName
| project Timestamp, DeviceName, InitiatingProcessFileName, RemoteUrl`,
      sql: `SELECT n.Timestamp, n.DeviceName, n.InitiatingProcessFileName, n.RemoteUrl
FROM DeviceNetworkEvents n ANTI JOIN AllowedProcesses a ON n.InitiatingProcessFileName = a.FileName`,
      inputs: ['DeviceNetworkEvents', 'AllowedProcesses'],
      digest: ['Timestamp', 'DeviceName', 'InitiatingProcessFileName', 'RemoteUrl'],
    },
    {
      id: 'extract',
      title: '4 extract host, count by it',
      goal: false,
      kql: `DeviceNetworkEvents
| extend Domain = extract(@"${HOST_PATTERN}", 1, RemoteUrl)
| summarize Connections = count() by Domain`,
      sql: `SELECT regexp_extract(RemoteUrl, '${HOST_PATTERN}', 1) AS Domain, count(*) AS Connections
FROM DeviceNetworkEvents GROUP BY Domain`,
      inputs: ['DeviceNetworkEvents'],
      digest: ['Domain', 'Connections'],
    },
    {
      id: 'has_any',
      title: '5 where has_any (filter only)',
      goal: true,
      kql: `${webLet}
DeviceNetworkEvents
| where RemoteUrl has_any (WebServiceDomains)`,
      sql: `SELECT * FROM DeviceNetworkEvents WHERE ${hasAnySql('RemoteUrl', seed.webServices)}`,
      inputs: ['DeviceNetworkEvents'],
      digest: ['Timestamp', 'DeviceId', 'RemoteUrl', 'InitiatingProcessFileName', 'RemotePort'],
    },
  ];
}
