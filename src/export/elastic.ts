/**
 * webc2-t1102 as Elastic Security detection rules, in the NDJSON that Kibana's rule import
 * (Security > Rules > Import) reads: one rule object per line. The queries are EQL, the
 * language of Elastic's own rules for this behaviour, over Elastic Defend and Sysmon
 * (Windows integration or Winlogbeat) data, ECS field names:
 *
 * 1. a lookup or named connection to a web service by a non-browser process;
 * 2. `sequence by process.entity_id`: that lookup followed by a connection from the same
 *    process, the nearest EQL comes to webc2 naming a connection from its DNS answer;
 * 3. a LOLBin or interpreter started with a web-service URL on its command line.
 *
 * EQL's `:` compares case-insensitively with `*` and `?` wildcards; host names use only the
 * label-boundary forms `"name"` and `"*.name"`.
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
} from './portable.js';
import { PATH_GLOBS } from './rule-lists.js';
import { commandLineForms } from './sigma.js';
import { exportedRuleId } from './uuid.js';

/** An EQL string literal. */
function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

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

function exclusions(p: PortableRule, fields: readonly string[], indent: string): string {
  const installed =
    `${anyOf('process.executable', PATH_GLOBS.install, indent)} and\n${indent}` +
    `not ${anyOf('process.executable', PATH_GLOBS.temp, indent)}`;
  const own = p.ownClients.map((c) => {
    const host = fields
      .map((f) => anyOf(f, hostPatterns(c.match), indent + '  '))
      .join(` or\n${indent}  `);
    return `(process.name : ${str(c.process)} and (${host}))`;
  });
  const parts = [
    `not (${anyOf('process.name', p.lists.browsers, indent)} and\n${indent}${installed})`,
    ...(own.length > 0
      ? [`not (${installed} and\n${indent}(${own.join(` or\n${indent} `)}))`]
      : []),
    `not (${anyOf('process.name', p.lists.agents, indent)} and\n${indent}` +
      `${anyOf('process.executable', PATH_GLOBS.agent, indent)})`,
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

const RISK = { low: 21, medium: 47, high: 73 } as const;

interface ElasticSpec {
  suffix: string;
  name: string;
  description: string;
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
    type: 'eql',
    language: 'eql',
    index: INDEX,
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
      'Data Source: Elastic Defend',
      'Data Source: Sysmon',
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
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
      NOT_EXPRESSIBLE.globs,
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
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
      NOT_EXPRESSIBLE.globs,
    ],
  };
}

function processRule(p: PortableRule): ElasticSpec {
  const i = '  ';
  let url = anyOf(
    'process.command_line',
    commandLineForms(p.sets.included).map((f) => `*${f}*`),
    i,
  );
  if (p.sets.shadowed.names.length > 0) {
    const none = commandLineForms(p.sets.shadowed).map((f) => `*${f}*`);
    url = `(${url} and not ${anyOf('process.command_line', none, i)})`;
  }
  return {
    suffix: 'fetching-tool',
    name: 'Fetching tool started with a web-service URL',
    description:
      'A LOLBin or script interpreter (certutil, bitsadmin, mshta, regsvr32, rundll32, ' +
      'PowerShell, curl, wget, cscript, wscript, python…) was started with the URL of a web ' +
      'service adversaries use for command and control, dead drops or payload staging. ' +
      'Renamed binaries are caught by their original file name.',
    query: [
      'process where host.os.type == "windows" and event.type == "start" and',
      `${i}(${anyOf('process.name', p.tools, i)} or`,
      `${i} ${anyOf('process.pe.original_file_name', p.tools, i)}) and`,
      `${i}${url}`,
    ].join('\n'),
    level: scoreLevel(SCORE_FLOOR.tool),
    note: [NOT_EXPRESSIBLE.commandLine, NOT_EXPRESSIBLE.scoring, NOT_EXPRESSIBLE.allowlist],
  };
}

/** The Elastic rules of one portable rule, as one NDJSON file for Kibana's import. */
export function elasticFiles(p: PortableRule): ExportFile[] {
  const rules = [lookupRule(p), sequenceRule(p), processRule(p)].map((s) => ruleObject(p, s));
  return [
    { name: `${p.rule.id}.ndjson`, text: rules.map((r) => JSON.stringify(r)).join('\n') + '\n' },
  ];
}
