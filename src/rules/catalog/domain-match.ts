/**
 * The web-service domain catalogue and the host matcher built on it.
 *
 * A catalogue is a tab-separated file (domains.tsv beside this module is the built-in one):
 * a header line naming the columns `domain`, `match`, `service`, `categories` and `source`,
 * then one entry per line; `#` starts a comment line, blank lines are skipped, CRLF line ends
 * and a UTF-8 byte-order mark are accepted. The file's own header comment documents the
 * columns, the closed set of categories and how the built-in list was curated.
 *
 * Matching works on DNS label boundaries, never on substrings: `pastebin.com.evil.example`
 * and `xpastebin.com` are not Pastebin. A host is normalised once (lowercase, no trailing
 * dot, no port, no brackets; a URL gives its host), looked up whole, then each parent suffix
 * is looked up in turn, so the most specific entry wins and a lookup costs one Map probe per
 * label. An entry whose match is `none` stops the walk: the name and everything below it do
 * not match unless a more specific entry says so.
 *
 * Bad lines become diagnostics (codes CAT0001–CAT0009) with the file, line and column, and
 * the rest of the file is still used.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../diagnostics.js';

export const MATCH_STYLES = ['exact', 'subdomains', 'none'] as const;
export type MatchStyle = (typeof MATCH_STYLES)[number];

/** What a service lets an adversary do, then what kind of service it is; see domains.tsv. */
export const CATEGORIES = [
  'c2',
  'dead-drop',
  'download',
  'exfiltration',
  'paste',
  'file-sharing',
  'hosting',
  'tunnel',
  'url-shortener',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The columns a catalogue header must name, in the order the built-in file writes them. */
export const CATALOG_COLUMNS = ['domain', 'match', 'service', 'categories', 'source'] as const;
type Column = (typeof CATALOG_COLUMNS)[number];

export interface CatalogEntry {
  /** Lowercase host name without trailing dot. */
  readonly domain: string;
  readonly match: MatchStyle;
  readonly service: string;
  readonly categories: readonly Category[];
  /** Provenance as written, e.g. `seed;LOTS;Sigma` or a user's own note. */
  readonly source: string;
  /** The catalogue file the entry came from and its 1-based line, so a report can cite it. */
  readonly file: string;
  readonly line: number;
}

export interface Catalog {
  /** Entries by domain; `none` entries are kept, they shadow their parents. */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
}

export interface CatalogLoad {
  catalog: Catalog;
  diagnostics: Diagnostic[];
}

export interface HostMatch {
  /** The host as normalised for the lookup. */
  host: string;
  entry: CatalogEntry;
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);
const MATCH_SET: ReadonlySet<string> = new Set(MATCH_STYLES);
const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/**
 * Parses catalogue text. Never throws: each bad line is reported and skipped.
 *
 * @example
 * const { catalog } = parseCatalog('domain\tmatch\tservice\tcategories\tsource\n' +
 *   'pastebin.com\tsubdomains\tPastebin\tpaste\tlocal\n', 'mine.tsv');
 */
export function parseCatalog(text: string, file: string): CatalogLoad {
  const diagnostics: Diagnostic[] = [];
  const entries = new Map<string, CatalogEntry>();
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let columns: Map<Column, number> | undefined;
  let headerWidth = 0;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineNo = i + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = line.split('\t');
    if (columns === undefined) {
      const header = readHeader(fields, file, lineNo, diagnostics);
      if (header === undefined) return { catalog: { entries }, diagnostics };
      columns = header;
      headerWidth = fields.length;
      continue;
    }
    const entry = readEntry(fields, columns, headerWidth, file, lineNo, diagnostics);
    if (entry === undefined) continue;
    const earlier = entries.get(entry.domain);
    if (earlier !== undefined) {
      diagnostics.push({
        code: 'CAT0007',
        severity: 'warning',
        message: `${entry.domain} is listed again (line ${earlier.line}); this line replaces it`,
        hint: 'Keep one line per domain.',
        file,
        line: lineNo,
        column: 1,
      });
    }
    entries.set(entry.domain, entry);
  }
  if (columns === undefined) {
    diagnostics.push({
      code: 'CAT0001',
      severity: 'error',
      message: 'the catalogue has no header line',
      hint: `Start it with the tab-separated column names: ${CATALOG_COLUMNS.join(', ')}.`,
      file,
    });
  }
  return { catalog: { entries }, diagnostics };
}

function readHeader(
  fields: readonly string[],
  file: string,
  line: number,
  diagnostics: Diagnostic[],
): Map<Column, number> | undefined {
  const columns = new Map<Column, number>();
  const unknown: { name: string; column: number }[] = [];
  let column = 1;
  for (let i = 0; i < fields.length; i++) {
    const name = (fields[i] ?? '').trim().toLowerCase();
    if ((CATALOG_COLUMNS as readonly string[]).includes(name)) columns.set(name as Column, i);
    else if (name !== '') unknown.push({ name, column });
    column += (fields[i] ?? '').length + 1;
  }
  const missing = CATALOG_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    // Most likely a data line where the header should be: one error, not one per field.
    diagnostics.push({
      code: 'CAT0001',
      severity: 'error',
      message: `the header line lacks the columns: ${missing.join(', ')}`,
      hint: `Name the columns, separated by tabs: ${CATALOG_COLUMNS.join(', ')}.`,
      file,
      line,
      column: 1,
    });
    return undefined;
  }
  for (const u of unknown) {
    diagnostics.push({
      code: 'CAT0009',
      severity: 'warning',
      message: `unknown column "${u.name}" is ignored`,
      file,
      line,
      column: u.column,
    });
  }
  return columns;
}

function readEntry(
  fields: readonly string[],
  columns: ReadonlyMap<Column, number>,
  headerWidth: number,
  file: string,
  line: number,
  diagnostics: Diagnostic[],
): CatalogEntry | undefined {
  const at = (name: Column): { value: string; column: number } => {
    const index = columns.get(name) ?? 0;
    let column = 1;
    for (let i = 0; i < index; i++) column += (fields[i] ?? '').length + 1;
    return { value: (fields[index] ?? '').trim(), column };
  };
  const report = (code: string, message: string, column: number, hint?: string): undefined => {
    const d: Diagnostic = { code, severity: 'error', message, file, line, column };
    if (hint !== undefined) d.hint = hint;
    diagnostics.push(d);
    return undefined;
  };

  // Trailing empty fields are tolerated so that `example.com<TAB>none` is a whole line.
  let width = fields.length;
  while (width > headerWidth && (fields[width - 1] ?? '').trim() === '') width--;
  if (width > headerWidth) {
    return report(
      'CAT0002',
      `the line has ${width} fields, the header names ${headerWidth}`,
      1,
      'Separate the columns with single tabs; a service name may contain spaces, not tabs.',
    );
  }

  const domainField = at('domain');
  const domain = checkDomain(domainField.value);
  if (typeof domain !== 'string') {
    return report(
      'CAT0003',
      `"${domainField.value}" is not a host name: ${domain.reason}`,
      domainField.column,
      domain.hint,
    );
  }

  const matchField = at('match');
  const match = matchField.value.toLowerCase();
  if (!MATCH_SET.has(match)) {
    return report(
      'CAT0004',
      `unknown match style "${matchField.value}" for ${domain}`,
      matchField.column,
      `Use one of: ${MATCH_STYLES.join(', ')}.`,
    );
  }

  const categoriesField = at('categories');
  const categories: Category[] = [];
  for (const part of categoriesField.value.split(';')) {
    const name = part.trim().toLowerCase();
    if (name === '') continue;
    if (!CATEGORY_SET.has(name)) {
      return report(
        'CAT0005',
        `unknown category "${part.trim()}" for ${domain}`,
        categoriesField.column,
        `Use categories from: ${CATEGORIES.join(', ')}.`,
      );
    }
    if (!categories.includes(name as Category)) categories.push(name as Category);
  }

  const service = at('service');
  const source = at('source');
  // A `none` line only switches a name off, so it needs nothing beyond domain and match.
  if (match !== 'none') {
    const required: [string, boolean, number][] = [
      ['service', service.value !== '', service.column],
      ['categories', categories.length > 0, categoriesField.column],
      ['source', source.value !== '', source.column],
    ];
    for (const [name, present, column] of required) {
      if (present) continue;
      return report(
        'CAT0006',
        `${domain} has no ${name}`,
        column,
        `Fill in the ${name} column, or match none to switch the domain off.`,
      );
    }
  }

  return {
    domain,
    match: match as MatchStyle,
    service: service.value,
    categories,
    source: source.value,
    file,
    line,
  };
}

/** Checks a catalogue domain; returns it lowercased without a trailing dot, or why not. */
function checkDomain(value: string): string | { reason: string; hint: string } {
  const lowered = value.toLowerCase().replace(/\.$/, '');
  if (lowered === '')
    return { reason: 'it is empty', hint: 'Put the host name in the first column.' };
  if (lowered.includes('*') || lowered.startsWith('.')) {
    return {
      reason: 'wildcards are not used here',
      hint: 'Write the bare name (example.com) and match subdomains.',
    };
  }
  if (/[\s/:@?#[\]]/.test(lowered)) {
    return {
      reason: 'it contains a space, scheme, port or path',
      hint: 'Write only the host name, and separate columns with tabs.',
    };
  }
  if (!isHostName(lowered)) {
    return {
      reason: 'labels must be 1–63 letters, digits, hyphens or underscores',
      hint: 'Check the spelling.',
    };
  }
  return lowered;
}

/** True for a lowercase dotted name whose labels are 1–63 of [a-z0-9_-]. */
function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > MAX_HOST_LENGTH) return false;
  let labelLength = 0;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 0x2e) {
      if (labelLength === 0) return false;
      labelLength = 0;
      continue;
    }
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
    if (!ok || ++labelLength > MAX_LABEL_LENGTH) return false;
  }
  return labelLength > 0;
}

/**
 * Reduces a host name, `host:port`, `[v6]:port` or URL to the lowercase host a catalogue
 * is keyed by, or undefined when nothing host-like is there. IDNA is not applied: the
 * telemetry webc2 reads logs names in their ASCII form.
 *
 * @example normaliseHost('https://PasteBin.com.:443/raw/x') // 'pastebin.com'
 */
export function normaliseHost(input: string): string | undefined {
  let s = input.trim();
  const scheme = schemeLength(s);
  if (scheme > 0) s = s.slice(scheme);
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // '/', '?', '#' and '\' end the authority.
    if (c === 0x2f || c === 0x3f || c === 0x23 || c === 0x5c) {
      end = i;
      break;
    }
  }
  s = s.slice(0, end);
  const at = s.lastIndexOf('@');
  if (at !== -1) s = s.slice(at + 1);
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    return close > 1 ? s.slice(1, close).toLowerCase() : undefined;
  }
  const colon = s.indexOf(':');
  if (colon !== -1) {
    // Two colons and no brackets: a bare IPv6 address, which no catalogue entry names.
    if (s.indexOf(':', colon + 1) !== -1) return s.toLowerCase();
    s = s.slice(0, colon);
  }
  s = s.toLowerCase();
  while (s.endsWith('.')) s = s.slice(0, -1);
  return isHostName(s) ? s : undefined;
}

/** Length of a leading `scheme://`, or 0. */
function schemeLength(s: string): number {
  for (let i = 0; i < s.length && i < 32; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) continue;
    if (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) continue;
    return i > 0 && s.startsWith('://', i) ? i + 3 : 0;
  }
  return 0;
}

/**
 * The catalogue entry a host belongs to, or undefined. Matches on label boundaries: the
 * whole name first, then each parent suffix for `subdomains` entries; the most specific
 * entry wins and a `none` entry stops the walk.
 *
 * @example
 * matchHost(catalog, 'x-default-rtdb.firebaseio.com')?.entry.domain // 'firebaseio.com'
 * matchHost(catalog, 'pastebin.com.evil.example') // undefined
 */
export function matchHost(catalog: Catalog, host: string): HostMatch | undefined {
  const name = normaliseHost(host);
  if (name === undefined) return undefined;
  const entries = catalog.entries;
  let suffix = name;
  for (;;) {
    const entry = entries.get(suffix);
    if (entry !== undefined) {
      if (entry.match === 'none') return undefined;
      if (entry.match === 'subdomains' || suffix.length === name.length)
        return { host: name, entry };
    }
    const dot = suffix.indexOf('.');
    if (dot === -1) return undefined;
    suffix = suffix.slice(dot + 1);
  }
}

/** A new catalogue: `base` with each overlay's entries laid over it, later overlays winning. */
export function mergeCatalogs(base: Catalog, ...overlays: readonly Catalog[]): Catalog {
  const entries = new Map(base.entries);
  for (const overlay of overlays)
    for (const [domain, entry] of overlay.entries) entries.set(domain, entry);
  return { entries };
}

/** Reads and parses a catalogue file; a file that cannot be read is a CAT0008 diagnostic. */
export function loadCatalogFile(path: string): CatalogLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { catalog: { entries: new Map() }, diagnostics: [unreadable(path, error)] };
  }
  return parseCatalog(text, path);
}

function unreadable(path: string, error: unknown): Diagnostic {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  return {
    code: 'CAT0008',
    severity: 'error',
    message: `cannot read the catalogue ${path} (${reason})`,
    hint: 'Check the path and its permissions.',
    file: path,
  };
}

// The TSV lives in src/ and is not copied by tsc: from dist/src/rules/catalog/ it is four
// levels up, then down into src/. Running from src/ directly (a TS loader) finds it beside.
const BUILTIN_CANDIDATES = [
  new URL('./domains.tsv', import.meta.url),
  new URL('../../../../src/rules/catalog/domains.tsv', import.meta.url),
];

let builtin: (CatalogLoad & { path: string }) | undefined;

/** The path of the built-in domains.tsv this module reads, or undefined when none is found. */
export function builtinCatalogPath(): string | undefined {
  return loadBuiltin().path || undefined;
}

/**
 * The built-in catalogue, read once on first use. Its diagnostics are empty unless the
 * file is missing (CAT0008) or was edited into an invalid state.
 */
export function builtinCatalog(): CatalogLoad {
  const { catalog, diagnostics } = loadBuiltin();
  return { catalog, diagnostics: [...diagnostics] };
}

function loadBuiltin(): CatalogLoad & { path: string } {
  if (builtin !== undefined) return builtin;
  let lastError: unknown;
  for (const url of BUILTIN_CANDIDATES) {
    const path = fileURLToPath(url);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      lastError = error;
      continue;
    }
    builtin = { ...parseCatalog(text, 'src/rules/catalog/domains.tsv'), path };
    return builtin;
  }
  const tried = BUILTIN_CANDIDATES.map((u) => fileURLToPath(u)).join(', ');
  builtin = {
    catalog: { entries: new Map() },
    diagnostics: [
      {
        ...unreadable(tried, lastError),
        hint: 'Ship src/rules/catalog/domains.tsv with the build.',
      },
    ],
    path: '',
  };
  return builtin;
}
