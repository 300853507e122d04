/**
 * The URLs and host names a command line asks for, and the tool that fetches them.
 *
 * Command lines reach webc2 as one string (Sysmon 1 `CommandLine`, Security 4688, Defender
 * `ProcessCommandLine`, auditd `EXECVE` joined), quoted by whoever wrote them: cmd.exe
 * (`"…"`, `^` escapes), PowerShell (`'…'`, `"…"`, backtick escapes, `'a'+'b'` joins), POSIX
 * shells, or a mix (`cmd /c "powershell -c \"…\""`). Rather than emulate each shell, the
 * extractor works in four passes over a de-obfuscated copy that remembers where each
 * character came from:
 *
 * 1. undo carets, backticks, `\"` and string concatenation;
 * 2. find every `scheme://` URL (and WebDAV `\\host@SSL\…` paths) in the text;
 * 3. find the fetching verbs (certutil, bitsadmin, Net.WebClient methods, iwr/irm, curl,
 *    wget, regsvr32, mshta, python's urllib …) and read the arguments that follow each one,
 *    which tells upload from download, names the bare hosts of `curl pastebin.com/raw/x`,
 *    and sets aside URLs that are not fetched (curl's `-x` proxy, `-e` referer, headers);
 * 4. decode PowerShell `-EncodedCommand` (base64 of UTF-16LE) and `FromBase64String('…')`
 *    literals, and run 1–3 on the result.
 *
 * Each URL is attributed to the nearest verb before it, or, for a URL stored in a variable
 * first (`$u='…'; iwr $u`), the first verb after it. Work is bounded: at most 32 KiB of a
 * command line (Windows caps them at 32,767 characters), 64 results and two levels of
 * base64. The functions never throw on any input.
 */

import { normaliseHost } from '../catalog/domain-match.js';

export const FETCH_TOOLS = [
  'certutil',
  'bitsadmin',
  'start-bitstransfer',
  'webclient',
  'httpclient',
  'xmlhttp',
  'invoke-webrequest',
  'invoke-restmethod',
  'curl',
  'wget',
  'regsvr32',
  'mshta',
  'rundll32',
  'wsh',
  'wmic',
  'msxsl',
  'msiexec',
  'python',
  'unknown',
] as const;
/** The tool that fetches a URL; `wsh` is cscript/wscript, `unknown` a URL with no verb. */
export type FetchTool = (typeof FETCH_TOOLS)[number];

export type Direction = 'download' | 'upload' | 'unknown';

export interface CmdlineUrl {
  /** The URL, or bare host and path, as written once obfuscation is undone. */
  url: string;
  /** The normalised host name (or IP address literal). */
  host: string;
  tool: FetchTool;
  direction: Direction;
  /**
   * Span [start, end) in the command line as given. For a URL found in decoded base64, the
   * span of the outermost base64 argument that holds it.
   */
  start: number;
  end: number;
  /** Written without a scheme (`curl pastebin.com/raw/x`, `\\host@SSL\…`). */
  schemeless: boolean;
  /** Found in decoded base64: a PowerShell `-EncodedCommand` or a `FromBase64String` literal. */
  encoded: boolean;
}

export const MAX_COMMAND_LINE = 32_768;
const MAX_RESULTS = 64;
const MAX_ENCODED_DEPTH = 2;

/**
 * Extracts the URLs and hosts a command line fetches or sends to.
 *
 * @example
 * extractCmdlineUrls('certutil -urlcache -split -f https://paste.ee/r/AbC12 a.exe')
 * // [{ url: 'https://paste.ee/r/AbC12', host: 'paste.ee', tool: 'certutil',
 * //    direction: 'download', start: 29, end: 53, schemeless: false, encoded: false }]
 */
export function extractCmdlineUrls(commandLine: string): CmdlineUrl[] {
  if (typeof commandLine !== 'string' || commandLine.length === 0) return [];
  const text =
    commandLine.length > MAX_COMMAND_LINE ? commandLine.slice(0, MAX_COMMAND_LINE) : commandLine;
  const results: CmdlineUrl[] = [];
  scan(text, 0, undefined, results);
  results.sort((a, b) => a.start - b.start || a.end - b.end);
  return results.slice(0, MAX_RESULTS);
}

// ---------------------------------------------------------------------------------------
// Pass 1: de-obfuscation with a position map.

interface Clean {
  text: string;
  /** For each character of `text`, its index in the input. */
  pos: number[];
}

/** Removes cmd carets, PowerShell backticks, `\"` escapes and `'a'+'b'` joins. */
export function deobfuscate(input: string): Clean {
  const chars: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as string;
    const next = input[i + 1];
    if ((c === '^' || c === '`') && next !== undefined) {
      chars.push(next);
      pos.push(i + 1);
      i++;
      continue;
    }
    if (c === '\\' && next === '"') continue;
    chars.push(c);
    pos.push(i);
  }
  // Joins: a closing quote, `+`, and an opening quote of the same kind vanish.
  const out: string[] = [];
  const outPos: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (chars[j] === ' ') j++;
      if (chars[j] === '+') {
        j++;
        while (chars[j] === ' ') j++;
        if (chars[j] === c) {
          i = j;
          continue;
        }
      }
    }
    out.push(c);
    outPos.push(pos[i] as number);
  }
  return { text: out.join(''), pos: outPos };
}

// ---------------------------------------------------------------------------------------
// Pass 2: URLs with a scheme, and WebDAV UNC paths.

interface Found {
  start: number;
  end: number;
  url: string;
  host: string;
  schemeless: boolean;
}

const URL_RE = /\b(?:https?|ftps?|wss?):\/\/[^\s"'`<>|;,(){}\\^]+/gi;
const WEBDAV_RE = /\\\\([a-z0-9.-]+)@ssl(?:@\d+)?\\[^\s"'`<>|;,(){}]*/gi;

function findUrls(text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0]);
    const host = normaliseHost(url);
    if (host === undefined) continue;
    found.push({ start: m.index, end: m.index + url.length, url, host, schemeless: false });
  }
  for (const m of text.matchAll(WEBDAV_RE)) {
    const host = normaliseHost(m[1] ?? '');
    if (host === undefined) continue;
    found.push({ start: m.index, end: m.index + m[0].length, url: m[0], host, schemeless: true });
  }
  return found;
}

/** Drops sentence punctuation and an unbalanced closing bracket from a URL's end. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c === '.' || c === ':' || c === '!' || c === '?') end--;
    else if (c === ']' && !url.includes('[')) end--;
    else break;
  }
  return url.slice(0, end);
}

// ---------------------------------------------------------------------------------------
// Pass 3: verbs and their arguments.

type ArgStyle = 'curl' | 'wget' | 'powershell' | 'certutil' | 'bitsadmin' | 'bits-cmdlet' | 'none';

interface VerbSpec {
  tool: FetchTool;
  pattern: string;
  args: ArgStyle;
  /** Direction before the arguments are read; `by-name` decides from the matched text. */
  direction: Direction | 'by-name';
}

// Program and cmdlet names must stand alone: not preceded by a word character, a dot, `$`
// or `-` (so `bot.py`, `$iwr` and `renamed-curl.exe` are not verbs).
const program = (name: string): string => `(?<![\\w.$-])(?:${name})(?:\\.exe)?(?![\\w-])`;
const method = (name: string): string => `\\.(?:${name})(?=\\s*\\()`;

const WEBCLIENT_METHODS =
  '(?:Download(?:String|File|Data)|OpenRead|Upload(?:String|File|Data|Values)|OpenWrite)' +
  '(?:Async|TaskAsync)?';
const HTTPCLIENT =
  method('(?:Get(?:String|ByteArray|Stream)?|Post|Put|Patch|Send)Async') +
  '|WebRequest\\]::Create(?:Http)?';
const XMLHTTP =
  '(?:Msxml2\\.(?:Server)?XMLHTTP|Microsoft\\.XMLHTTP|WinHttp\\.WinHttpRequest)(?:\\.[\\d.]+)?';
const PYTHON =
  program('python(?:[23](?:\\.\\d+)?)?w?|py') +
  '|\\burl(?:open|retrieve)\\b|\\brequests\\.(?:get|post|put|patch)\\b';

const verb = (
  tool: FetchTool,
  pattern: string,
  args: ArgStyle,
  direction: VerbSpec['direction'],
): VerbSpec => ({ tool, pattern, args, direction });

// prettier-ignore
const VERBS: readonly VerbSpec[] = [
  verb('certutil', program('certutil'), 'certutil', 'download'),
  verb('bitsadmin', program('bitsadmin'), 'bitsadmin', 'download'),
  verb('start-bitstransfer', program('start-bitstransfer'), 'bits-cmdlet', 'download'),
  verb('webclient', method(WEBCLIENT_METHODS), 'none', 'by-name'),
  verb('httpclient', HTTPCLIENT, 'none', 'by-name'),
  verb('xmlhttp', XMLHTTP, 'none', 'by-name'),
  verb('invoke-webrequest', program('invoke-webrequest|iwr'), 'powershell', 'download'),
  verb('invoke-restmethod', program('invoke-restmethod|irm'), 'powershell', 'download'),
  verb('curl', program('curl'), 'curl', 'download'),
  verb('wget', program('wget'), 'wget', 'download'),
  verb('regsvr32', program('regsvr32'), 'none', 'download'),
  verb('mshta', program('mshta'), 'none', 'download'),
  verb('rundll32', program('rundll32'), 'none', 'download'),
  // A script host runs a local script; what it does with a URL argument is the script's.
  verb('wsh', program('cscript|wscript'), 'none', 'unknown'),
  verb('wmic', program('wmic'), 'none', 'download'),
  verb('msxsl', program('msxsl'), 'none', 'download'),
  verb('msiexec', program('msiexec'), 'none', 'download'),
  verb('python', PYTHON, 'none', 'by-name'),
];

// One pass over the text finds every verb; the capture group that matched names it.
const VERB_RE = new RegExp(VERBS.map((v) => `(${v.pattern})`).join('|'), 'gi');

interface Verb {
  spec: VerbSpec;
  start: number;
  end: number;
  name: string;
}

function findVerbs(text: string, urls: readonly Found[]): Verb[] {
  const verbs: Verb[] = [];
  for (const m of text.matchAll(VERB_RE)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const spec = VERBS[group - 1];
    if (spec === undefined) continue;
    const start = m.index;
    // A verb inside a URL (`https://x/curl/a`) is part of the URL, not a command.
    if (urls.some((u) => start >= u.start && start < u.end)) continue;
    verbs.push({ spec, start, end: start + m[0].length, name: m[0].toLowerCase() });
  }
  return verbs;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const STOPS = '|;&\n';
const DELIMITERS = ' \t\r(),{}';
const WORD_BREAKS = `${STOPS}${DELIMITERS}"'`;

/** Splits a verb's argument region into tokens; stops at an unquoted `|`, `;`, `&` or newline. */
function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i] as string;
    if (STOPS.includes(c)) break;
    if (DELIMITERS.includes(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote with no partner before the region ends is a stray from an outer layer
      // (`cmd /c "… iwr x"`): skip it rather than swallow the rest.
      const close = text.indexOf(c, i + 1);
      const paired = close !== -1 && close < to;
      if (paired) tokens.push({ text: text.slice(i + 1, close), start: i + 1, end: close });
      i = paired ? close + 1 : i + 1;
      continue;
    }
    let j = i;
    while (j < to && !WORD_BREAKS.includes(text[j] as string)) j++;
    tokens.push({ text: text.slice(i, j), start: i, end: j });
    i = j;
  }
  return tokens;
}

interface Args {
  /** Tokens in a URL position: every fetch target, with or without scheme. */
  targets: Token[];
  /** Spans whose URLs are not fetched: proxies, referers, headers, output files. */
  excluded: Token[];
  upload: boolean;
}

const words = (...lines: string[]): Set<string> => new Set(lines.join(' ').split(' '));

// curl: short options taking a value; long options taking a value; the ones that send data.
const CURL_SHORT_VALUE = new Set('dFTXHouAexbcKmrwUECzYyPQt');
const CURL_LONG_VALUE = words(
  'data data-binary data-raw data-ascii data-urlencode form form-string upload-file json',
  'request header output user user-agent referer proxy preproxy socks4 socks4a socks5',
  'socks5-hostname proxy-user cookie cookie-jar config max-time range write-out cert cacert',
  'key continue-at connect-timeout retry retry-delay resolve connect-to interface limit-rate',
  'output-dir dns-servers noproxy max-filesize time-cond speed-limit speed-time url variable',
);
const CURL_UPLOAD = words(
  'd F T data data-binary data-raw data-ascii data-urlencode form form-string upload-file json',
);
const WGET_SHORT_VALUE = new Set('OoaPUetTwiBQlDXIAR');
const WGET_LONG_VALUE = words(
  'post-data post-file body-data body-file method output-document output-file append-output',
  'directory-prefix user-agent header execute tries timeout wait input-file base quota level',
  'domains user password http-user http-password proxy-user proxy-password load-cookies',
  'save-cookies referer ca-certificate certificate private-key bind-address limit-rate',
  'accept reject',
);
const WGET_UPLOAD = words('post-data post-file body-data body-file');
// Values that name something other than the fetched resource.
const NOT_A_TARGET = words(
  'x proxy preproxy socks4 socks4a socks5 socks5-hostname e referer execute',
  'H header A user-agent',
);

// PowerShell web cmdlet parameters (lowercase). Like PowerShell, an abbreviation counts when
// it is unique (`-Me` is -Method, `-Ur` is -Uri).
const PS_VALUE_PARAMS = [
  ...words(
    'uri outfile method body infile form headers useragent proxy proxycredential contenttype',
    'websession sessionvariable credential timeoutsec maximumredirection maximumretrycount',
    'retryintervalsec certificatethumbprint certificate transferencoding custommethod',
    'authentication token httpversion sslprotocol outvariable erroraction',
  ),
];
const PS_SWITCHES = [
  ...words(
    'usebasicparsing usedefaultcredentials disablekeepalive passthru skipcertificatecheck',
    'skipheadervalidation skiphttperrorcheck noproxy proxyusedefaultcredentials',
    'allowunencryptedauthentication preserveauthorizationonredirect resume verbose',
  ),
];

/** The PowerShell parameter an option names (exact, or a unique prefix), if any. */
function psParameter(
  option: string,
  minPrefix = 2,
): { name: string; takesValue: boolean } | undefined {
  const key = option.replace(/^-+/, '').replace(/:$/, '').toLowerCase();
  const all = [...PS_VALUE_PARAMS, ...PS_SWITCHES];
  const exact = all.find((p) => p === key);
  if (exact === undefined && key.length < minPrefix) return undefined;
  const hits = exact !== undefined ? [exact] : all.filter((p) => p.startsWith(key));
  const name = hits[0];
  if (name === undefined || hits.length > 1) return undefined;
  return { name, takesValue: PS_VALUE_PARAMS.includes(name) };
}

function readArgs(style: ArgStyle, tokens: readonly Token[]): Args {
  const args: Args = { targets: [], excluded: [], upload: false };
  switch (style) {
    case 'curl':
    case 'wget':
      readUnixArgs(style, tokens, args);
      break;
    case 'powershell':
      readPowerShellArgs(tokens, 0, args, true);
      break;
    case 'certutil':
      readCertutilArgs(tokens, args);
      break;
    case 'bitsadmin':
      args.upload = tokens.some((t) => t.text.toLowerCase() === '/upload');
      break;
    case 'bits-cmdlet':
      args.upload = tokens.some(
        (t, i) => /^-transfertype$/i.test(t.text) && /^upload/i.test(tokens[i + 1]?.text ?? ''),
      );
      break;
    case 'none':
      break;
  }
  return args;
}

/** curl and wget (also when PowerShell aliases them to Invoke-WebRequest). */
function readUnixArgs(style: 'curl' | 'wget', tokens: readonly Token[], args: Args): void {
  const shortValue = style === 'curl' ? CURL_SHORT_VALUE : WGET_SHORT_VALUE;
  const longValue = style === 'curl' ? CURL_LONG_VALUE : WGET_LONG_VALUE;
  const uploads = style === 'curl' ? CURL_UPLOAD : WGET_UPLOAD;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const t = token.text;
    if (t === '-' || t === '--' || !t.startsWith('-')) {
      if (t !== '-' && t !== '--') args.targets.push(token);
      continue;
    }
    // PowerShell aliases curl and wget to Invoke-WebRequest. Its parameters are told from
    // curl's flag clusters (`-sSL`, `-fsSLo`) by length: four letters or a full name.
    if (/^-[A-Za-z]{3,}:?$/.test(t) && psParameter(t, 4) !== undefined) {
      i = readPowerShellArgs(tokens, i, args, false) - 1;
      continue;
    }
    let name: string;
    let value: Token | undefined;
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      name = (eq === -1 ? t.slice(2) : t.slice(2, eq)).toLowerCase();
      if (eq !== -1) value = { text: t.slice(eq + 1), start: token.start + eq + 1, end: token.end };
      else if (longValue.has(name)) value = tokens[++i];
    } else {
      // A cluster of short flags (`-sSLo out`): the first letter that takes a value takes
      // the rest of the cluster, or the next token.
      name = '';
      for (let k = 1; k < t.length; k++) {
        const letter = t[k] as string;
        if (!shortValue.has(letter)) continue;
        name = letter;
        value =
          k + 1 < t.length
            ? { text: t.slice(k + 1), start: token.start + k + 1, end: token.end }
            : tokens[++i];
        break;
      }
    }
    if (uploads.has(name)) args.upload = true;
    if (
      (name === 'X' || name === 'request' || name === 'method') &&
      /^(post|put|patch)$/i.test(value?.text ?? '')
    ) {
      args.upload = true;
    }
    if (value === undefined) continue;
    if (name === 'url') args.targets.push(value);
    else if (NOT_A_TARGET.has(name)) args.excluded.push(value);
  }
}

/**
 * Invoke-WebRequest / Invoke-RestMethod parameters from `tokens[from]`. With `all`, reads to
 * the end and takes the first positional argument as -Uri; otherwise reads one parameter.
 * Returns the index after what it read.
 */
function readPowerShellArgs(
  tokens: readonly Token[],
  from: number,
  args: Args,
  all: boolean,
): number {
  let positional = false;
  let i = from;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    i++;
    if (!token.text.startsWith('-') || /^-\d/.test(token.text)) {
      if (all && !positional) {
        args.targets.push(token);
        positional = true;
      }
      if (!all) return i;
      continue;
    }
    const param = psParameter(token.text);
    if (param?.takesValue) {
      const value = tokens[i];
      i++;
      if (value !== undefined) {
        if (param.name === 'uri') args.targets.push(value);
        else if (param.name === 'proxy' || param.name === 'headers') args.excluded.push(value);
        else if (param.name === 'outfile') args.excluded.push(value);
        if (param.name === 'method' && /^(post|put|patch)$/i.test(value.text)) args.upload = true;
      }
      if (param.name === 'body' || param.name === 'infile' || param.name === 'form')
        args.upload = true;
    }
    if (!all) return i;
  }
  return i;
}

/** certutil fetches only with -urlcache or -verifyctl; its first plain argument is the URL. */
function readCertutilArgs(tokens: readonly Token[], args: Args): void {
  const fetches = tokens.some((t) => /^[-/](urlcache|verifyctl)$/i.test(t.text));
  if (!fetches) return;
  const first = tokens.find((t) => !t.text.startsWith('-') && !t.text.startsWith('/'));
  if (first !== undefined) args.targets.push(first);
}

function verbDirection(verb: Verb, args: Args, region: string): Direction {
  if (args.upload) return 'upload';
  const { spec, name } = verb;
  if (spec.direction !== 'by-name') return spec.direction;
  switch (spec.tool) {
    case 'webclient':
      return /upload|openwrite/.test(name) ? 'upload' : 'download';
    case 'httpclient':
      if (/^\.get/.test(name)) return 'download';
      return /^\.(post|put|patch)/.test(name) ? 'upload' : 'unknown';
    case 'xmlhttp':
      if (/["'](post|put)["']/i.test(region)) return 'upload';
      return /["']get["']/i.test(region) ? 'download' : 'unknown';
    case 'python':
      if (/requests\.(post|put|patch)|\bdata\s*=/.test(name + region)) return 'upload';
      return /url(open|retrieve)|requests\.get|urllib/.test(name + region) ? 'download' : 'unknown';
    default:
      return 'unknown';
  }
}

// A bare target is taken for a host only when it looks like one: dotted labels ending in an
// alphabetic top-level label, and, unless a path or port follows, that label is not a common
// file extension (`curl -T a.txt` sends a file, `curl pastebin.com` fetches a site).
const FILE_EXTENSIONS = words(
  'exe dll sys ps1 psm1 psd1 bat cmd vbs vbe js jse wsf wsh hta sct inf msi lnk txt log csv',
  'xml json yaml yml ini cfg conf md html htm zip 7z rar gz tgz bz2 xz tar iso img dat bin',
  'tmp py pyc sh pl rb php jar class doc docx docm xls xlsx xlsm ppt pptx pdf rtf png jpg',
  'jpeg gif bmp ico svg c h cpp go rs ts so dylib out key pem crt cer der pfx p12 bak db',
);

function bareHost(token: Token): Found | undefined {
  const t = token.text;
  if (t.includes('://') || t.includes('\\') || /^[@.~/$%]/.test(t) || /^[a-z]:/i.test(t))
    return undefined;
  const cut = t.search(/[/?#]/);
  const authority = cut === -1 ? t : t.slice(0, cut);
  const host = normaliseHost(authority);
  if (host === undefined) return undefined;
  const labels = host.split('.');
  if (labels.length < 2) return undefined;
  const top = labels[labels.length - 1] as string;
  const isIPv4 = labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l));
  if (!isIPv4 && !/^[a-z]{2,63}$/.test(top)) return undefined;
  const hasPathOrPort = cut !== -1 || authority.includes(':');
  if (!isIPv4 && !hasPathOrPort && FILE_EXTENSIONS.has(top)) return undefined;
  return { start: token.start, end: token.end, url: t, host, schemeless: true };
}

// ---------------------------------------------------------------------------------------
// Pass 4: base64 (PowerShell -EncodedCommand and FromBase64String literals), and the driver
// that ties the passes together.

// Any abbreviation PowerShell accepts for -EncodedCommand (-e, -en, -enc … and -ec), then a
// base64 argument.
const optionalPrefixes = (rest: string): string =>
  rest === '' ? '' : `(?:${rest[0]}${optionalPrefixes(rest.slice(1))})?`;
const ENCODED_RE = new RegExp(
  String.raw`(?<![\w-])[-/](?:ec|e${optionalPrefixes('ncodedcommand')})` +
    String.raw`\s+["']?([A-Za-z0-9+/]{8,}={0,2})`,
  'gi',
);
// Stagers hide their server one level down: `[Convert]::FromBase64String('aAB0AHQAcAA…')`.
const BASE64_LITERAL_RE = /FromBase64String\s*\(\s*["']([A-Za-z0-9+/]{8,}={0,2})["']/gi;

/**
 * Decodes base64 that holds text: UTF-16LE (what -EncodedCommand always is) or ASCII/UTF-8.
 * Returns undefined for binary, compressed or non-base64 input.
 */
export function decodeBase64Text(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 2) return undefined;
  let zeros = 0;
  for (let i = 1; i < bytes.length; i += 2) if (bytes[i] === 0) zeros++;
  // Script text is almost all ASCII: in UTF-16LE nearly every high byte is zero.
  if (zeros >= (bytes.length >> 1) * 0.8) return bytes.toString('utf16le', 0, bytes.length & ~1);
  let printable = 0;
  for (const b of bytes)
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  return printable >= bytes.length * 0.95 ? bytes.toString('utf8') : undefined;
}

interface Parsed {
  verb: Verb;
  args: Args;
  direction: Direction;
}

/** The verb a URL at `position` belongs to: the nearest before it, else the first after. */
function ownerAt(parsed: readonly Parsed[], position: number): Parsed | undefined {
  let owner: Parsed | undefined;
  for (const p of parsed) if (p.verb.start < position) owner = p;
  return owner ?? parsed.find((p) => p.verb.start > position);
}

function scan(
  input: string,
  depth: number,
  outer: readonly [number, number] | undefined,
  out: CmdlineUrl[],
): void {
  const clean = deobfuscate(input);
  const { text } = clean;
  const span = (start: number, end: number): readonly [number, number] =>
    outer ?? [clean.pos[start] ?? 0, (clean.pos[Math.max(start, end - 1)] ?? 0) + 1];

  const urls = findUrls(text);
  const verbs = findVerbs(text, urls);
  const parsed: Parsed[] = verbs.map((verb, k) => {
    const regionEnd = verbs[k + 1]?.start ?? text.length;
    const args = readArgs(verb.spec.args, tokenize(text, verb.end, regionEnd));
    const direction = verbDirection(verb, args, text.slice(verb.end, regionEnd));
    return { verb, args, direction };
  });
  const excluded = parsed.flatMap((p) => p.args.excluded);

  const emit = (found: Found, tool: FetchTool, direction: Direction): void => {
    if (out.length >= MAX_RESULTS) return;
    const [start, end] = span(found.start, found.end);
    const scriptMoniker =
      text.slice(Math.max(0, found.start - 7), found.start).toLowerCase() === 'script:';
    out.push({
      url: found.url,
      host: found.host,
      tool,
      direction: scriptMoniker && direction === 'unknown' ? 'download' : direction,
      start,
      end,
      schemeless: found.schemeless,
      encoded: outer !== undefined,
    });
  };

  for (const url of urls) {
    if (excluded.some((t) => url.start >= t.start && url.start < t.end)) continue;
    const owner = ownerAt(parsed, url.start);
    emit(url, owner?.verb.spec.tool ?? 'unknown', owner?.direction ?? 'unknown');
  }
  for (const p of parsed) {
    for (const target of p.args.targets) {
      const host = bareHost(target);
      if (host !== undefined) emit(host, p.verb.spec.tool, p.direction);
    }
  }

  if (depth >= MAX_ENCODED_DEPTH) return;
  for (const re of [ENCODED_RE, BASE64_LITERAL_RE]) {
    for (const m of text.matchAll(re)) {
      const b64 = m[1] as string;
      const decoded = decodeBase64Text(b64);
      if (decoded === undefined) continue;
      const at = m.index + m[0].indexOf(b64);
      const inner: CmdlineUrl[] = [];
      scan(decoded, depth + 1, outer ?? span(at, at + b64.length), inner);
      // A decoded literal is an argument of the code around it: a URL with no verb of its
      // own belongs to that code's verb (`$s = …FromBase64String(…); $wc.DownloadData($s)`).
      const owner = re === BASE64_LITERAL_RE ? ownerAt(parsed, at) : undefined;
      for (const r of inner) {
        if (out.length >= MAX_RESULTS) return;
        if (r.tool === 'unknown' && owner !== undefined) {
          r.tool = owner.verb.spec.tool;
          r.direction = owner.direction;
        }
        out.push(r);
      }
    }
  }
}
