/**
 * webc2-t1102 as one Splunk search over Sysmon, as the Splunk Add-on for Sysmon indexes it
 * (`XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`, as sourcetype in older add-on
 * versions and as source in newer ones; fields named as in the event: Image, QueryName,
 * DestinationHostname, CommandLine, ProcessGuid…), and PowerShell's script-block events
 * (4104, `XmlWinEventLog:Microsoft-Windows-PowerShell/Operational`, as the Splunk Add-on for
 * Microsoft Windows indexes them: ScriptBlockText, ProcessID). Raw Sysmon rather than the CIM
 * data models: only the raw events carry ProcessGuid, which ties a lookup, a connection and a
 * command line to one process, and the parent and original file name that scoring needs.
 *
 * SPL can follow the rule further than Sigma: the catalogue becomes one `case()` with the
 * most specific entry first (so a `none` entry switches its names off exactly as in webc2),
 * the rule's own regexes run unchanged in `match()` (PCRE reads the rule's RE2), command lines
 * and scripts are undressed with `replace()` before URLs are read, the evidence is gathered
 * per process and service with `stats`, and the score, severity, confidence and technique are
 * computed the same way.
 */

import type { CatalogEntry } from '../rules/catalog/domain-match.js';
import type { ExportFile } from './model.js';
import { NOT_EXPRESSIBLE, quoted, wrapLines, type PortableRule } from './portable.js';

/** A double-quoted SPL string. */
const s = quoted;

function list(values: readonly string[]): string {
  return values.map(s).join(', ');
}

/** A JavaScript-style `(?i)` regex from the rule (RE2) is valid PCRE as it stands. */
const regex = s;

/** The test for one catalogue entry, on label boundaries. */
function entryTest(field: string, e: CatalogEntry): string {
  const exact = `${field}==${s(e.domain)}`;
  if (e.match === 'exact') return exact;
  // like() treats _ as a wildcard: a name with one is tested with a regex instead.
  const below = /[_%]/.test(e.domain)
    ? `match(${field}, ${regex(`\\.${e.domain.replace(/\./g, '\\.')}$`)})`
    : `like(${field}, ${s('%.' + e.domain)})`;
  return `${exact} OR ${below}`;
}

/** Entries most specific first (most labels), so the first test that holds decides. */
function catalogCase(field: string, entries: readonly CatalogEntry[]): string {
  const labels = (d: string): number => d.split('.').length;
  const ordered = [...entries].sort(
    (a, b) => labels(b.domain) - labels(a.domain) || (a.domain < b.domain ? -1 : 1),
  );
  const arms = ordered.map((e) => {
    const value =
      e.match === 'none' ? 'none' : `${e.domain}|${e.service}|${e.categories.join(';')}`;
    return `    ${entryTest(field, e)}, ${s(value)}`;
  });
  return `| eval webc2_entry=case(\n${arms.join(',\n')})`;
}

function ownClientTest(p: PortableRule): string {
  const arms = [...p.lists.ownClients]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([proc, services]) => `(webc2_name==${s(proc)} AND in(webc2_service, ${list(services)}))`);
  return arms.join('\n    OR ');
}

/** Everything up to the last slash or backslash: what replace() strips to leave a file name. */
const BASENAME = regex('^.*[\\\\/]');

const SYSMON =
  '(sourcetype="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" OR ' +
  'source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational")';

const POWERSHELL =
  '(sourcetype="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational" OR ' +
  'source="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational")';

function comment(lines: readonly string[]): string {
  return wrapLines(lines, 88)
    .map((l) => '``` ' + l + ' ```')
    .join('\n');
}

/** A command whose parts are wrapped onto continuation lines (SPL allows line breaks). */
function command(head: string, parts: readonly string[], sep = ' '): string {
  const lines: string[] = [];
  let line = head;
  for (const [i, part] of parts.entries()) {
    const piece = (i === 0 ? (head.endsWith('(') ? '' : ' ') : sep) + part;
    if (line.length + piece.length > 96 && line.trim() !== '') {
      lines.push(line + (sep.trim() === '' ? '' : sep.trim()));
      line = '    ' + part;
    } else line += piece;
  }
  lines.push(line);
  return lines.join('\n');
}

// The rule's UrlsIn, less its base64 decoding. `\x60` is a backtick and `\x22` a double
// quote: SPL reads backticks as macro calls, even inside strings. The en dash is written as
// itself, which PCRE matches with or without UTF-8 mode.
/** cmd's carets, PowerShell's backticks, en dashes, and `'+'` joins, undone in that order. */
const UNDRESS: [string, string][] = [
  ['\\^', ''],
  ['\\x60', ''],
  ['–', '-'],
  ["['\\x22]\\s*\\+\\s*['\\x22]", ''],
];

/** URLs with a scheme, as the rule reads them. */
const SCHEME_URL = "(?i)(?<webc2_scheme_url>(?:https?|ftps?)://[^\\s'\\x60<>|^\\x22)(\\]]+)";

/** A bare host (and path) after a fetching verb (`curl pastebin.com/raw/x`), past its options. */
const BARE_URL =
  "(?i)(?:^|[\\s\\\\/'\\x22])(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)(?:\\.exe)?" +
  "(?:\\s+-{1,2}[a-z][a-z-]*(?:\\s+[^\\s-][^\\s]*)?)*\\s+['\\x22]?" +
  "(?<webc2_bare_url>[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)+(?:/[^\\s'\\x22]*)?)";

/** The host of a URL, as the rule takes it: past the scheme and any user, up to a port or path. */
const URL_HOST = '^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]*@)?([^/:?#\\[\\]]+).*$';

/** What the rule keeps per process and service. */
const STATS = [
  'min(_time) as firstTime',
  'max(_time) as lastTime',
  'values(webc2_kind) as kinds',
  'values(webc2_host) as hosts',
  'values(webc2_url) as urls',
  'values(DestinationIp) as dest_ip',
  'values(DestinationPort) as dest_port',
  'values(User) as user',
  'values(webc2_parent) as parent',
  'values(webc2_original) as original',
  'values(webc2_cmdlines) as cmdlines',
  'values(webc2_categories) as categories',
  'max(webc2_client) as off_service',
  'by Computer ProcessGuid Image webc2_name webc2_service',
];

const OUTPUT = [
  'firstTime lastTime dest user Image service hosts dest_ip dest_port kinds',
  'severity confidence technique api_shape score parent original cmdlines ProcessGuid',
];

const BIDIRECTIONAL = [
  'Telegram bot API',
  'Discord webhook',
  'Slack webhook',
  'Graph drive path',
  'Dropbox files API',
  'Google Drive files API',
  'Notion API',
  'Firebase REST',
];

/** `replace(replace(x, a, b), c, d)…` for the UNDRESS steps. */
function undress(field: string): string {
  return UNDRESS.reduce((inner, [re, by]) => `replace(${inner}, ${regex(re)}, ${s(by)})`, field);
}

/** Script blocks take the ProcessGuid and Image of the last Sysmon event of their PID. */
function scriptBlockOwner(): string[] {
  return [
    comment([
      'A script block names its PowerShell process by PID only (4104 Execution ProcessID): it',
      'takes the ProcessGuid and Image of the latest Sysmon event of that PID on that computer',
      'before it, else stands alone as "pid N".',
    ]),
    '| eval webc2_pid=if(EventCode==4104, ProcessID, ProcessId)',
    command('| eval', [
      'webc2_pid_guid=if(EventCode==4104, null(), ProcessGuid),',
      'webc2_pid_image=if(EventCode==4104, null(), Image)',
    ]),
    '| sort 0 _time',
    command('| streamstats', [
      'last(webc2_pid_guid) as webc2_owner_guid',
      'last(webc2_pid_image) as webc2_owner_image',
      'by Computer webc2_pid',
    ]),
    command('| eval', [
      'ProcessGuid=if(EventCode==4104, coalesce(webc2_owner_guid, "pid ".webc2_pid), ProcessGuid),',
      'Image=if(EventCode==4104, coalesce(webc2_owner_image, ""), Image)',
    ]),
  ];
}

function search(p: PortableRule): string {
  const { lists } = p;
  const lolbins = list([...lists.lolbins, ...lists.fetchLolbins]);
  const seedTools = list([...lists.lolbins, ...lists.interpreters]);
  const interpreters = list(lists.interpreters);
  const bidirectional = BIDIRECTIONAL.filter((n) => lists.apiShapes.some(([, name]) => name === n));
  const apiCase = lists.apiShapes
    .map(([re, name]) => `    match(webc2_urls, ${regex(re)}), ${s(name)}`)
    .join(',\n');
  // Positive entries and the `none` entries that switch some of their names off.
  const shadowing = new Set(p.sets.shadowed.names);
  const entries = [...p.catalog.entries.values()].filter(
    (e) => p.sets.entries.has(e.domain) || shadowing.has(e.domain),
  );
  const clientNames = list([...lists.ownClients.keys()].sort());
  const inClientFolder = `match(Image, ${regex(lists.clientPath)})\n    AND NOT match(Image, ${regex(lists.tempPath)})`;
  return [
    `index=* ((${SYSMON} (EventCode=1 OR EventCode=3 OR EventCode=22))\n    OR (${POWERSHELL} EventCode=4104))`,
    ...scriptBlockOwner(),
    comment(["Each process's creation event lends its parent, original name and command line."]),
    command('| eventstats', [
      'values(ParentImage) as webc2_parent',
      'values(OriginalFileName) as webc2_original',
      'values(CommandLine) as webc2_cmdlines',
      'by Computer ProcessGuid',
    ]),
    comment([
      'What each event names: the connection, the lookup, or URLs in the command line or',
      "script, once cmd's carets, PowerShell's backticks, en dashes and '+' joins are undone.",
    ]),
    command('| eval webc2_text=case(', [
      'EventCode==1, CommandLine,',
      'EventCode==4104, ScriptBlockText)',
    ]),
    `| eval webc2_text=${undress('webc2_text')}`,
    `| rex field=webc2_text max_match=20 ${regex(SCHEME_URL)}`,
    `| rex field=webc2_text max_match=20 ${regex(BARE_URL)}`,
    command('| eval webc2_kind=case(', [
      'EventCode==3, "connection",',
      'EventCode==22, "dns",',
      'EventCode==1, "command line",',
      'EventCode==4104, "script block")',
    ]),
    command('| eval webc2_url=case(', [
      'EventCode==3, DestinationHostname,',
      'EventCode==22, QueryName,',
      'true(), mvappend(webc2_scheme_url, webc2_bare_url))',
    ]),
    '| mvexpand webc2_url',
    `| eval webc2_host=rtrim(replace(lower(webc2_url), ${regex(URL_HOST)}, "\\1"), ".")`,
    comment([
      'The catalogue, most specific entry first, on DNS label boundaries: the name itself, or',
      "a name ending in '.' and the entry's domain. A none entry switches its names off.",
    ]),
    catalogCase('webc2_host', entries),
    '| where isnotnull(webc2_entry) AND webc2_entry!="none"',
    command('| eval', [
      'webc2_service=mvindex(split(webc2_entry, "|"), 1),',
      'webc2_categories=mvindex(split(webc2_entry, "|"), 2)',
    ]),
    `| eval webc2_name=lower(replace(Image, ${BASENAME}, ""))`,
    comment([
      "Set aside: browsers inside their vendor's install folder, clients inside their vendor's",
      'folder for their own services, the Defender engine in its folders; each only when its',
      'original file name (from its creation event) is the name it runs under.',
    ]),
    command('| eval webc2_genuine=if(', [
      'isnull(mvindex(webc2_original, 0)) OR mvindex(webc2_original, 0)==""',
      'OR lower(mvindex(webc2_original, 0))==webc2_name, 1, 0)',
    ]),
    `| eval webc2_client=if(webc2_genuine==1 AND in(webc2_name, ${clientNames})\n    AND ${inClientFolder}, 1, 0)`,
    `| where NOT (webc2_genuine==1 AND in(webc2_name, ${list(lists.browsers)})\n    AND match(Image, ${regex(lists.browserPath)}))`,
    `| where NOT (webc2_client==1 AND (${ownClientTest(p)}))`,
    `| where NOT (webc2_genuine==1 AND in(webc2_name, ${list(lists.agents)})\n    AND match(Image, ${regex(lists.agentPath)}))`,
    comment([
      'One row per process and service, with every contact. A client left after the last',
      'filter is reaching a service other than its own.',
    ]),
    command('| stats', STATS),
    comment(["webc2's score: high from 5 points, medium from 3."]),
    command('| eval', [
      'webc2_original=lower(mvindex(original, 0)),',
      `webc2_parent_name=lower(replace(mvindex(parent, 0), ${BASENAME}, "")),`,
      'webc2_urls=mvjoin(urls, " ")',
    ]),
    `| eval lolbin=if(in(webc2_name, ${lolbins})\n    OR in(webc2_original, ${lolbins}), 1, 0)`,
    `| eval interpreter=if(in(webc2_name, ${interpreters})\n    OR in(webc2_original, ${interpreters})\n    OR match(webc2_name, ${regex(lists.interpreterName)}), 1, 0)`,
    `| eval office_parent=if(in(webc2_parent_name, ${list(lists.officeParents)}), 1, 0)`,
    `| eval user_folder=if(match(Image, ${regex(lists.userWritable)}), 1, 0)`,
    command('| eval renamed=if(', [
      'isnotnull(webc2_original) AND webc2_original!="" AND webc2_original!=webc2_name',
      `AND in(webc2_original, ${seedTools}), 1, 0)`,
    ]),
    `| eval api_shape=case(\n${apiCase})`,
    '| eventstats min(firstTime) as pair_first by webc2_name webc2_service',
    '| eval first_pair=if(firstTime==pair_first, 1, 0)',
    command('| eval score=1', [
      '+ 2*lolbin + 2*interpreter + 2*office_parent + 2*off_service',
      '+ if(isnotnull(api_shape), 2, 0) + user_folder + renamed + first_pair',
    ]),
    '| eval severity=case(score>=5, "high", score>=3, "medium", true(), "low")',
    command('| eval confidence=case(', [
      'mvcount(kinds)>=2, "high",',
      'isnotnull(mvfind(kinds, "^(connection|dns)$")) OR isnotnull(api_shape) OR lolbin==1',
      'OR interpreter==1, "medium",',
      'true(), "low")',
    ]),
    command('| eval technique=case(', [
      `in(api_shape, ${list(bidirectional)}), "T1102.002",`,
      'in(api_shape, "raw paste", "raw GitHub content")',
      'OR isnotnull(mvfind(categories, "dead-drop")), "T1102.001",',
      'true(), "T1102")',
    ]),
    '| convert ctime(firstTime) ctime(lastTime)',
    '| rename Computer as dest, webc2_service as service',
    command('| table', OUTPUT),
    '| sort - score',
  ].join('\n');
}

export function splunkFiles(p: PortableRule): ExportFile[] {
  const head = comment([
    `${p.rule.id} for Splunk, exported by webc2: ${p.rule.name}. Sysmon as the Splunk ` +
      'Add-on for Sysmon indexes it (EventCode 1, 3 and 22) and PowerShell script blocks as ' +
      'the Splunk Add-on for Microsoft Windows indexes them (EventCode 4104); schedule it over ' +
      'the last hour or day. Not carried over from webc2:',
    '- ' + NOT_EXPRESSIBLE.bits,
    '- ' + NOT_EXPRESSIBLE.allowlist + ' A lookup of known-good rows can do it here.',
    '- Connections are named by DestinationHostname only: one that only a DNS answer names ' +
      'is not tied to that answer, though the lookup itself counts as evidence.',
    '- Base64 is not decoded: webc2 decodes it after -EncodedCommand and inside ' +
      'FromBase64String(...). With script block logging on, PowerShell logs the decoded ' +
      'text of -EncodedCommand as a 4104 script block, which this search reads.',
    '- A script block whose PowerShell process has no Sysmon event before it in the time ' +
      'range stands alone, by PID, with no name to score.',
  ]);
  return [{ name: `${p.rule.id}.spl`, text: head + '\n' + search(p) + '\n' }];
}
