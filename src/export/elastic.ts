/**
 * webc2-t1102 as Elastic Security detection rules, in the NDJSON that Kibana's rule import
 * (Security > Rules > Import) reads: one rule object per line. The event rules are EQL, the
 * language of Elastic's own rules for this behaviour, over Elastic Defend and Sysmon (Windows
 * integration or Winlogbeat) data, ECS field names:
 *
 * 1. a lookup or named connection to a web service by a non-browser process;
 * 2. `sequence by process.entity_id`: that lookup followed by a connection from the same
 *    process, the nearest EQL comes to webc2 naming a connection from its DNS answer;
 * 3. a LOLBin, download-capable binary or interpreter started with a web-service URL on its
 *    command line;
 * 4. a PowerShell script block (4104, Windows integration or Winlogbeat) naming a web-service
 *    URL. Its text is a full-text field, which EQL cannot compare: this one rule is KQL, as
 *    Elastic's own script-block rules are, and matches the words of the analysed text.
 *
 * EQL's `:` compares case-insensitively with `*` and `?` wildcards; host names use only the
 * label-boundary forms `"name"` and `"*.name"`. The vendor folders of browsers and clients are
 * the rule's own regexes, translated for `regex~` (Lucene syntax, whole value; path-regex.ts).
 */

import type { LabelMatch } from './domain-sets.js';
import type { ExportFile } from './model.js';
import {
  ATTACK_TAGS,
  FALSE_POSITIVES,
  NOT_EXPRESSIBLE,
  SCORE_FLOOR,
  scoreLevel,
  type PortableRule,
  quoted,
  TOOLS_IN_WORDS,
} from './portable.js';
import { luceneRegex } from './path-regex.js';
import { PATH_GLOBS } from './rule-lists.js';
import { commandLineForms } from './sigma.js';
import { exportedRuleId } from './uuid.js';

/** An EQL string literal. */
const str = quoted;

/** `field : ("a", "b", …)`, wrapped so each line stays readable. */
function anyOf(field: string, values: readonly string[], indent: string): string {
  if (values.length === 1) return `${field} : ${str(values[0]!)}`;
  const lines: string[] = [];
  let line = '';
  for (const v of values) {
    const piece = str(v) + ', ';
    if (line.length + piece.length > 96 - indent.length) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  lines.push(line.replace(/, $/, ''));
  return `${field} : (\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n${indent})`;
}

/** Label-boundary patterns of a match: the names, and `*.parent`. */
function hostPatterns(m: LabelMatch): string[] {
  return [...m.names, ...m.parents.map((d) => `*.${d}`)];
}

function hostTest(p: PortableRule, fields: readonly string[], indent: string): string {
  const one = (field: string): string => {
    let t = anyOf(field, hostPatterns(p.sets.included), indent);
    if (p.sets.shadowed.names.length > 0) {
      t = `(${t} and not ${anyOf(field, hostPatterns(p.sets.shadowed), indent)})`;
      if (p.sets.reincluded.names.length > 0)
        t = `(${t} or ${anyOf(field, hostPatterns(p.sets.reincluded), indent)})`;
    }
    return t;
  };
  return fields.length === 1 ? one(fields[0]!) : `(${fields.map(one).join(' or\n' + indent)})`;
}

/**
 * Browsers inside their vendor's install folder, clients inside their vendor's folder (not a
 * Temp folder in it) reaching their own services, and the Defender engine in its folders.
 */
function exclusions(p: PortableRule, fields: readonly string[], indent: string): string {
  const { lists } = p;
  const exe = 'process.executable';
  const own = p.ownClients.map((c) => {
    const host = fields
      .map((f) => anyOf(f, hostPatterns(c.match), indent + '  '))
      .join(` or\n${indent}  `);
    return `(process.name : ${str(c.process)} and (${host}))`;
  });
  const parts = [
    `not (${anyOf('process.name', lists.browsers, indent)} and\n${indent}` +
      `${exe} regex~ ${str(luceneRegex(lists.browserPath))})`,
    ...(own.length > 0
      ? [
          `not (${exe} regex~ ${str(luceneRegex(lists.clientPath))} and\n${indent}` +
            `not ${anyOf(exe, PATH_GLOBS.temp, indent)} and\n${indent}` +
            `(${own.join(` or\n${indent} `)}))`,
        ]
      : []),
    `not (${anyOf('process.name', lists.agents, indent)} and\n${indent}` +
      `${anyOf(exe, PATH_GLOBS.agent, indent)})`,
  ];
  return parts.join(` and\n${indent}`);
}

const PRIVATE_NETS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '::1/128',
  'fe80::/10',
  'fc00::/7',
];

const INDEX = [
  'logs-endpoint.events.network-*',
  'logs-endpoint.events.process-*',
  'logs-windows.sysmon_operational-*',
  'winlogbeat-*',
];

/** Where the Windows integration and Winlogbeat put PowerShell's script-block events. */
const POWERSHELL_INDEX = ['logs-windows.powershell*', 'winlogbeat-*'];

const EVENT_SOURCES = ['Data Source: Elastic Defend', 'Data Source: Sysmon'];

const RISK = { low: 21, medium: 47, high: 73 } as const;

interface ElasticSpec {
  suffix: string;
  name: string;
  description: string;
  /** EQL unless said otherwise. */
  language?: 'kuery';
  index?: readonly string[];
  sources?: readonly string[];
  query: string;
  level: 'low' | 'medium' | 'high';
  note: string[];
}

function ruleObject(p: PortableRule, spec: ElasticSpec): Record<string, unknown> {
  const name = `${p.rule.id}-${spec.suffix}`;
  return {
    rule_id: exportedRuleId(`${name}-elastic`),
    name: spec.name,
    description: spec.description,
    type: spec.language === 'kuery' ? 'query' : 'eql',
    language: spec.language ?? 'eql',
    index: spec.index ?? INDEX,
    query: spec.query,
    severity: spec.level,
    risk_score: RISK[spec.level],
    from: 'now-9m',
    interval: '5m',
    max_signals: 100,
    enabled: false,
    author: ['webc2'],
    license: 'MIT',
    version: 1,
    references: ['https://attack.mitre.org/techniques/T1102/'],
    false_positives: FALSE_POSITIVES,
    note: [
      `Exported by webc2 from its rule ${p.rule.id} (${name}).`,
      '',
      `What ${p.rule.id} decides that this rule cannot say:`,
      ...spec.note.map((n) => `- ${n}`),
    ].join('\n'),
    tags: [
      'Domain: Endpoint',
      'OS: Windows',
      'Use Case: Threat Detection',
      'Tactic: Command and Control',
      ...(spec.sources ?? EVENT_SOURCES),
    ],
    threat: [
      {
        framework: 'MITRE ATT&CK',
        tactic: {
          id: ATTACK_TAGS.tactic.id,
          name: ATTACK_TAGS.tactic.name,
          reference: `https://attack.mitre.org/tactics/${ATTACK_TAGS.tactic.id}/`,
        },
        technique: [
          {
            id: ATTACK_TAGS.technique.id,
            name: ATTACK_TAGS.technique.name,
            reference: 'https://attack.mitre.org/techniques/T1102/',
            subtechnique: ATTACK_TAGS.subtechniques.map((s) => ({
              id: s.id,
              name: s.name,
              reference: `https://attack.mitre.org/techniques/${s.id.replace('.', '/')}/`,
            })),
          },
        ],
      },
    ],
  };
}

function lookupRule(p: PortableRule): ElasticSpec {
  const fields = ['dns.question.name', 'destination.domain'];
  const i = '  ';
  return {
    suffix: 'lookup-or-connection',
    name: 'Web service resolved or contacted by a non-browser process',
    description:
      "A process other than an installed browser, the service's own client or the Defender " +
      'engine looked up or connected to a web service adversaries use for command and control, ' +
      'dead drops, payload staging or exfiltration (Pastebin, GitHub raw content, OneDrive and ' +
      'Microsoft Graph, Google Drive, Dropbox, Discord, Telegram, Slack, Firebase, Notion…).',
    query: [
      'network where host.os.type == "windows" and',
      `${i}${hostTest(p, fields, i)} and`,
      `${i}${exclusions(p, fields, i)}`,
    ].join('\n'),
    level: scoreLevel(SCORE_FLOOR.contact),
    note: [
      NOT_EXPRESSIBLE.perProcess,
      NOT_EXPRESSIBLE.bits,
      NOT_EXPRESSIBLE.genuine,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

function sequenceRule(p: PortableRule): ElasticSpec {
  const fields = ['dns.question.name'];
  const i = '    ';
  const nets = PRIVATE_NETS.map(str).join(', ');
  return {
    suffix: 'lookup-then-connection',
    name: 'Web service resolved, then a connection, by the same non-browser process',
    description:
      "A process other than an installed browser, the service's own client or the Defender " +
      'engine looked up a web service adversaries use for command and control and then ' +
      'connected to a public address within a minute: the lookup names the connection.',
    query: [
      'sequence by process.entity_id with maxspan=1m',
      '  [network where host.os.type == "windows" and',
      `${i}${hostTest(p, fields, i)} and`,
      `${i}${exclusions(p, fields, i)}]`,
      '  [network where host.os.type == "windows" and destination.ip != null and',
      `${i}not cidrmatch(destination.ip, ${nets})]`,
    ].join('\n'),
    level: scoreLevel(SCORE_FLOOR.contact),
    note: [
      'Tying the connection to the address the lookup answered: EQL joins events only on ' +
        'equal keys, so any public connection of the same process within a minute follows.',
      NOT_EXPRESSIBLE.bits,
      NOT_EXPRESSIBLE.genuine,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

/**
 * A text field's test for the catalogue's forms: the included ones, less the `none` entries'
 * (and the names below those, again), as the host tests do.
 */
function textTest(p: PortableRule, forms: (m: LabelMatch) => string): string {
  let t = forms(p.sets.included);
  if (p.sets.shadowed.names.length > 0) {
    t = `(${t} and not ${forms(p.sets.shadowed)})`;
    if (p.sets.reincluded.names.length > 0) t = `(${t} or ${forms(p.sets.reincluded)})`;
  }
  return t;
}

function processRule(p: PortableRule): ElasticSpec {
  const i = '  ';
  const field = 'process.command_line';
  const url = textTest(p, (m) =>
    anyOf(
      field,
      commandLineForms(m).map((f) => `*${f}*`),
      i,
    ),
  );
  const versioned = str(luceneRegex(p.lists.interpreterName));
  return {
    suffix: 'fetching-tool',
    name: 'Fetching tool started with a web-service URL',
    description:
      `${TOOLS_IN_WORDS} was started with the URL of a web service adversaries use for ` +
      'command and control, dead drops or payload staging. Renamed binaries are caught by ' +
      'their original file name.',
    query: [
      'process where host.os.type == "windows" and event.type == "start" and',
      `${i}(${anyOf('process.name', p.tools, i)} or`,
      `${i} ${anyOf('process.pe.original_file_name', p.tools, i)} or`,
      `${i} process.name regex~ ${versioned}) and`,
      `${i}${url}`,
    ].join('\n'),
    level: scoreLevel(SCORE_FLOOR.tool),
    note: [
      NOT_EXPRESSIBLE.commandLine,
      'Base64 on the command line (-EncodedCommand, FromBase64String) is not decoded: EQL ' +
        'has no function for it.',
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

/** KQL `field : (a or b …)`, wrapped; quoted values are phrases, bare ones wildcards. */
function kqlAnyOf(field: string, values: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const v of values) {
    const piece = (line === '' ? '' : 'or ') + v + ' ';
    if (line.length + piece.length > 96 - indent.length && line !== '') {
      lines.push(line.trimEnd());
      line = 'or ' + v + ' ';
    } else line += piece;
  }
  lines.push(line.trimEnd());
  return `${field} : (\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n${indent})`;
}

/**
 * The script-block forms of a label match on analysed text, where a host name is one word:
 * a URL with a scheme and the name (the phrase `"https://name"`, scheme word then name
 * word), and any word ending in `.name` for names with subdomains.
 */
function scriptForms(m: LabelMatch): string[] {
  return [
    ...m.names.flatMap((d) => [`"http://${d}"`, `"https://${d}"`]),
    ...m.parents.map((d) => `*.${d}`),
  ];
}

/**
 * Whether Elasticsearch's standard analyser splits a name into several words: at a hyphen,
 * and before a label that starts with a digit. No single word then ends in `.name`, so
 * `*.name` cannot find the name's subdomains.
 */
function splitByAnalyser(name: string): boolean {
  return name.includes('-') || /(^|\.)[0-9]/.test(name);
}

function scriptBlockRule(p: PortableRule): ElasticSpec {
  const i = '  ';
  const field = 'powershell.file.script_block_text';
  const unseen = new Set<string>();
  const url = textTest(p, (m) => {
    for (const d of m.parents) if (splitByAnalyser(d)) unseen.add(d);
    return kqlAnyOf(field, scriptForms(m), i);
  });
  return {
    suffix: 'script-block',
    name: 'PowerShell script block names a web-service URL',
    description:
      'A PowerShell script block (script block logging, event 4104) names the URL of a web ' +
      'service adversaries use for command and control, dead drops or payload staging. ' +
      'PowerShell logs the decoded text of -EncodedCommand and of code it builds and runs.',
    language: 'kuery',
    index: POWERSHELL_INDEX,
    sources: ['Data Source: PowerShell Logs'],
    query: ['event.category:process and host.os.type:windows and', `${i}${url}`].join('\n'),
    // PowerShell writes the script block, and PowerShell is a LOLBin in the rule's scoring.
    level: scoreLevel(SCORE_FLOOR.tool),
    note: [
      'Script text is a full-text field: it is matched word by word, as Elasticsearch ' +
        'analyses it, not as written. A name counts after http:// or https:// (a URL with ' +
        'a port or path still counts, one with a user before the host does not), or, for ' +
        'names with subdomains, as any word ending in .name. webc2 also reads ftp URLs and ' +
        'bare hosts after iwr, irm, curl and wget.',
      "Nothing is undone: webc2 first removes PowerShell's backticks and '+' string joins " +
        "and decodes FromBase64String('...'). Code that PowerShell decodes and then runs is " +
        'logged, and matched, as a script block of its own; a URL kept in base64 is not.',
      ...(unseen.size > 0
        ? [
            `Subdomains of ${[...unseen].sort().join(', ')} are not found: the analyser cuts ` +
              'these names into several words (at a hyphen, or before a label that starts ' +
              'with a digit), so no word ends in the name. Their own names still count after ' +
              'http:// or https://.',
          ]
        : []),
      NOT_EXPRESSIBLE.scriptProcess,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

/** The Elastic rules of one portable rule, as one NDJSON file for Kibana's import. */
export function elasticFiles(p: PortableRule): ExportFile[] {
  const specs = [lookupRule(p), sequenceRule(p), processRule(p), scriptBlockRule(p)];
  const rules = specs.map((s) => ruleObject(p, s));
  return [
    { name: `${p.rule.id}.ndjson`, text: rules.map((r) => JSON.stringify(r)).join('\n') + '\n' },
  ];
}
