/**
 * The lists webc2-t1102 decides with, read from the rule's own KQL so that an export for
 * another language follows the rule when the rule changes: LOLBins, the other binaries that
 * fetch a URL they are given, interpreters, Office parents, browsers, security agents
 * (`let X = dynamic([...])`), the clients allowed to talk to their own services
 * (`let OwnClients = datatable(Process, Service) [...]`), the patterns for versioned
 * interpreter names and for the folders browsers, clients and agents live in
 * (`let BrowserPath = @"..."`), and the API-shaped URL patterns (the `ApiShape`
 * `case(AllUrls matches regex @"...", "name", ...)`).
 *
 * A rule text that no longer has one of these shapes is a programmer error: the exporter
 * throws, and the export tests fail, rather than writing a rule that silently lost a list.
 */

export interface RuleLists {
  /** The seed's LOLBins: the rule's `SuspiciousProcess` column. */
  lolbins: string[];
  /** Other binaries that download what they are given: they score as LOLBins do. */
  fetchLolbins: string[];
  interpreters: string[];
  officeParents: string[];
  browsers: string[];
  agents: string[];
  /** Client process name (lowercase) → the services it may contact. */
  ownClients: Map<string, string[]>;
  // Regular expressions as the rule writes them: RE2 syntax, `(?i)` prefix, `^` anchored.
  /** A file name (not a path) that is an interpreter under a versioned name (python3.11). */
  interpreterName: string;
  /** A whole path that is a browser inside its vendor's install folder. */
  browserPath: string;
  /** The start of a path inside a desktop client vendor's folder. */
  clientPath: string;
  tempPath: string;
  userWritable: string;
  agentPath: string;
  /** API-shaped URL patterns, in the rule's order: [regex, name]. */
  apiShapes: [string, string][];
}

function dynamicList(query: string, name: string): string[] {
  const m = new RegExp(`let ${name} = dynamic\\((\\[[^\\]]*\\])\\);`).exec(query);
  if (m === null) throw new Error(`The rule no longer defines ${name} as a dynamic list.`);
  return (JSON.parse(m[1]!) as unknown[]).map(String);
}

/** `@"..."` with `""` for a quote, as Kusto writes verbatim strings. */
function verbatim(query: string, name: string): string {
  const m = new RegExp(`let ${name} = @"((?:[^"]|"")*)";`).exec(query);
  if (m === null) throw new Error(`The rule no longer defines ${name} as a verbatim string.`);
  return m[1]!.replace(/""/g, '"');
}

function ownClients(query: string): Map<string, string[]> {
  const m = /let OwnClients = datatable\(Process:string, Service:string\)\s*\[([^\]]*)\];/.exec(
    query,
  );
  if (m === null) throw new Error('The rule no longer defines OwnClients as a datatable.');
  const cells = [...m[1]!.matchAll(/"([^"]*)"/g)].map((c) => c[1]!);
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < cells.length; i += 2) {
    const name = cells[i]!.toLowerCase();
    // The exports read Windows logs: the rule's Linux clients (no .exe) stay with the rule.
    if (!name.endsWith('.exe')) continue;
    const services = out.get(name) ?? [];
    if (!services.includes(cells[i + 1]!)) services.push(cells[i + 1]!);
    out.set(name, services);
  }
  return out;
}

function apiShapes(query: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of query.matchAll(/AllUrls matches regex @"((?:[^"]|"")*)", "([^"]+)"/g))
    out.push([m[1]!.replace(/""/g, '"'), m[2]!]);
  if (out.length === 0) throw new Error('The rule no longer names API-shaped URLs.');
  return out;
}

/** Reads the decision lists out of webc2-t1102's query. */
export function ruleLists(query: string): RuleLists {
  return {
    lolbins: dynamicList(query, 'Lolbins'),
    fetchLolbins: dynamicList(query, 'FetchLolbins'),
    interpreters: dynamicList(query, 'Interpreters'),
    officeParents: dynamicList(query, 'OfficeParents'),
    browsers: dynamicList(query, 'Browsers'),
    agents: dynamicList(query, 'Agents'),
    ownClients: ownClients(query),
    interpreterName: verbatim(query, 'InterpreterName'),
    browserPath: verbatim(query, 'BrowserPath'),
    clientPath: verbatim(query, 'ClientPath'),
    tempPath: verbatim(query, 'TempPath'),
    userWritable: verbatim(query, 'UserWritable'),
    agentPath: verbatim(query, 'AgentPath'),
    apiShapes: apiShapes(query),
  };
}

/** The Windows image names of a list (`.exe`), for languages that match Windows paths. */
export function windowsNames(names: readonly string[]): string[] {
  return names.filter((n) => n.endsWith('.exe'));
}

/**
 * Windows path patterns equivalent to the rule's simpler path regexes, as globs (`*` any run
 * of characters, `?` one character, `\` a literal backslash), for the languages whose globs
 * are cheaper than their regexes. The tests hold each glob against the rule's regex on sample
 * paths. The vendor folders of browsers and clients need alternatives and "one path segment",
 * which globs cannot say: those go to each language as a regex (path-regex.ts).
 */
export const PATH_GLOBS = {
  /** A Temp folder anywhere (the rule's TempPath). */
  temp: ['*\\Temp\\*', '*\\Tmp\\*'],
  /** Where the Defender engine and sensor live (the rule's AgentPath). */
  agent: [
    '?:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\*',
    '?:\\Program Files\\Windows Defender\\*',
    '?:\\Program Files\\Windows Defender Advanced Threat Protection\\*',
  ],
} as const;

/** A glob as a JavaScript RegExp (case-insensitive), for tests and for regex languages. */
export function globRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}
