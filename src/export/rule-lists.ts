/**
 * The lists webc2-t1102 decides with, read from the rule's own KQL so that an export for
 * another language follows the rule when the rule changes: LOLBins, interpreters, Office
 * parents, browsers, security agents (`let X = dynamic([...])`), the clients allowed to talk
 * to their own services (`let OwnClients = datatable(Process, Service) [...]`), the path
 * patterns (`let InstallPath = @"..."`) and the API-shaped URL patterns (the `ApiShape`
 * `case(AllUrls matches regex @"...", "name", ...)`).
 *
 * A rule text that no longer has one of these shapes is a programmer error: the exporter
 * throws, and the export tests fail, rather than writing a rule that silently lost a list.
 */

export interface RuleLists {
  lolbins: string[];
  interpreters: string[];
  officeParents: string[];
  browsers: string[];
  agents: string[];
  /** Client process name (lowercase) → the services it may contact. */
  ownClients: Map<string, string[]>;
  /** Regular expressions as the rule writes them (RE2 syntax, `(?i)` prefix). */
  installPath: string;
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
    interpreters: dynamicList(query, 'Interpreters'),
    officeParents: dynamicList(query, 'OfficeParents'),
    browsers: dynamicList(query, 'Browsers'),
    agents: dynamicList(query, 'Agents'),
    ownClients: ownClients(query),
    installPath: verbatim(query, 'InstallPath'),
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
 * Windows path patterns equivalent to the rule's path regexes, as globs (`*` any run of
 * characters, `?` one character, `\` a literal backslash). Globs cannot say "one path
 * segment", so `\Users\*\AppData\` also accepts deeper folders; the tests hold each glob
 * against the rule's regex on sample paths.
 */
export const PATH_GLOBS = {
  /** Where installed software lives (the rule's InstallPath). */
  install: [
    '?:\\Program Files\\*',
    '?:\\Program Files (x86)\\*',
    '?:\\Users\\*\\AppData\\Local\\*',
    '?:\\Users\\*\\AppData\\Roaming\\*',
  ],
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
