/**
 * Sigma rules from webc2-t1102, one file each, for the Sysmon-shaped Windows log sources:
 *
 * - `network_connection`: an outbound connection whose DestinationHostname is a web service;
 * - `dns_query`: a lookup of a web service (the evidence Sysmon's connections usually lack);
 * - `process_creation`: a LOLBin, download-capable binary or interpreter with a web-service
 *   URL on its command line, and (a rule of its own, being heavy for backends) with one in
 *   base64 there, as `-EncodedCommand` and `FromBase64String` carry it;
 * - `ps_script`: a PowerShell script block (event 4104) naming a web-service URL;
 * - a `temporal` correlation of the command-line and lookup rules by ProcessGuid: a tool that
 *   names a web service and resolves one (two kinds of evidence agreeing).
 *
 * Host names are matched on label boundaries only: a list of exact names and a list of
 * `|endswith: '.name'` parents. Browsers and the services' own clients are filters by name and
 * by their vendor's folder, the rule's own regexes under `|re|i`; the Defender engine by its
 * folder. Each file opens with the catalogue it came from and what Sigma cannot say that
 * webc2 does.
 */

import { Document, Scalar } from 'yaml';
import type { LabelMatch } from './domain-sets.js';
import type { ExportFile } from './model.js';
import {
  ATTACK_TAGS,
  FALSE_POSITIVES,
  NOT_EXPRESSIBLE,
  SCORE_FLOOR,
  scoreLevel,
  wrapLines,
  type PortableRule,
  TOOLS_IN_WORDS,
} from './portable.js';
import { caseless, nameOnPath } from './path-regex.js';
import { PATH_GLOBS } from './rule-lists.js';
import { exportedRuleId } from './uuid.js';

/** Fixed so that re-exports are byte-identical; the day the Sigma export was written. */
export const SIGMA_RULE_DATE = '2026-12-04';

type Detection = Record<string, unknown>;

/** A single-quoted YAML value, as Sigma rules write theirs. */
function q(value: string): Scalar {
  const s = new Scalar(value);
  s.type = 'QUOTE_SINGLE';
  return s;
}

/**
 * A Sigma glob: `*` and `?` stay wildcards, and a backslash before one of them (or before
 * another backslash) is doubled, because Sigma reads `\*` as a literal asterisk.
 */
export function sigmaGlob(glob: string): string {
  return glob.replace(/\\(?=[*?\\])/g, '\\\\');
}

/** `selection_<name>_names` / `_parents` for one field, leaving out empty lists. */
function hostBlocks(
  prefix: string,
  field: string,
  m: LabelMatch,
  extra: Detection = {},
): Detection {
  const out: Detection = {};
  if (m.names.length > 0) out[`${prefix}_names`] = { ...extra, [field]: m.names.map(q) };
  if (m.parents.length > 0)
    out[`${prefix}_parents`] = {
      ...extra,
      [`${field}|endswith`]: m.parents.map((p) => q('.' + p)),
    };
  return out;
}

/** The host part of a condition, with the catalogue's `none` entries when it has any. */
function hostCondition(p: PortableRule, field: string, detection: Detection): string {
  Object.assign(detection, hostBlocks('selection_service', field, p.sets.included));
  const shadowed = hostBlocks('filter_none', field, p.sets.shadowed);
  const below = hostBlocks('selection_belownone', field, p.sets.reincluded);
  if (Object.keys(shadowed).length === 0) return '1 of selection_service_*';
  Object.assign(detection, shadowed, below);
  const reinclude = Object.keys(below).length > 0 ? ' or 1 of selection_belownone_*' : '';
  return `((1 of selection_service_* and not 1 of filter_none_*)${reinclude})`;
}

function imageEndsWith(names: readonly string[]): Scalar[] {
  return names.map((n) => q('\\' + n));
}

/**
 * Browsers, own clients and the Defender engine, as filters on Image: a browser by name and
 * its vendor's install path, a client by name, service and its vendor's folder (not a Temp
 * folder inside it), the engine by name and folder.
 */
function exclusions(p: PortableRule, field: string, detection: Detection): string {
  const { lists } = p;
  detection['filter_browser'] = {
    'Image|endswith': imageEndsWith(lists.browsers),
    'Image|re|i': q(caseless(lists.browserPath)),
  };
  const own: Detection[] = [];
  for (const c of p.ownClients) {
    const image = { 'Image|endswith': q('\\' + c.process) };
    if (c.match.names.length > 0) own.push({ ...image, [field]: c.match.names.map(q) });
    if (c.match.parents.length > 0)
      own.push({ ...image, [`${field}|endswith`]: c.match.parents.map((d) => q('.' + d)) });
  }
  if (own.length > 0) {
    detection['filter_own_client'] = own;
    detection['filter_client_path'] = { 'Image|re|i': q(caseless(lists.clientPath)) };
    detection['filter_temp_path'] = { 'Image|contains': [q('\\Temp\\'), q('\\Tmp\\')] };
  }
  detection['filter_security_agent'] = {
    'Image|endswith': imageEndsWith(lists.agents),
    Image: PATH_GLOBS.agent.map((g) => q(sigmaGlob(g))),
  };
  return [
    'not filter_browser',
    ...(own.length > 0
      ? ['not (filter_own_client and filter_client_path and not filter_temp_path)']
      : []),
    'not filter_security_agent',
  ].join(' and ');
}

interface SigmaSpec {
  name: string;
  title: string;
  description: string;
  category: string;
  detection: Detection;
  level: string;
  falsepositives: string[];
  cannot: string[];
}

const TAGS = [
  'attack.command-and-control',
  `attack.${ATTACK_TAGS.technique.id.toLowerCase()}`,
  ...ATTACK_TAGS.subtechniques.map((s) => `attack.${s.id.toLowerCase()}`),
];

function header(p: PortableRule, spec: SigmaSpec): string {
  const entries = p.sets.entries.size;
  const lines = [
    `Sigma rule exported by webc2 from its rule ${p.rule.id}, with ${entries} web-service ` +
      'domains from its catalogue, matched on DNS label boundaries: exact names, ' +
      "'|endswith: .name' for names with subdomains, '://name/' and '.name/' in command " +
      'lines and scripts; never as bare substrings.',
    '',
    `What ${p.rule.id} decides that this rule cannot say:`,
    ...spec.cannot.map((c) => `- ${c}`),
  ];
  return (
    wrapLines(lines)
      .map((l) => (l === '' ? '#' : `# ${l}`))
      .join('\n') + '\n'
  );
}

/** A list written under two keys is written out twice: Sigma tools do not all read YAML aliases. */
const NO_ALIASES = { aliasDuplicateObjects: false } as const;

function sigmaDocument(p: PortableRule, spec: SigmaSpec, related: string[]): string {
  const doc = new Document(
    {
      title: spec.title,
      id: exportedRuleId(spec.name),
      name: spec.name,
      ...(related.length > 0
        ? { related: related.map((r) => ({ id: exportedRuleId(r), type: 'similar' })) }
        : {}),
      status: 'experimental',
      description: spec.description,
      references: ['https://attack.mitre.org/techniques/T1102/'],
      author: 'webc2',
      date: q(SIGMA_RULE_DATE),
      tags: TAGS,
      logsource: { category: spec.category, product: 'windows' },
      detection: spec.detection,
      falsepositives: spec.falsepositives,
      level: spec.level,
    },
    NO_ALIASES,
  );
  return header(p, spec) + doc.toString({ lineWidth: 0 });
}

function networkRule(p: PortableRule): SigmaSpec {
  const detection: Detection = { selection_outbound: { Initiated: q('true') } };
  const host = hostCondition(p, 'DestinationHostname', detection);
  const not = exclusions(p, 'DestinationHostname', detection);
  detection['condition'] = `selection_outbound and ${host} and ${not}`;
  return {
    name: `${p.rule.id}-network-connection`,
    title: 'Web service contacted by a non-browser process',
    description:
      "A process other than an installed browser, the service's own client or the Defender " +
      'engine connected to a web service adversaries use for command and control, dead drops, ' +
      'payload staging or exfiltration (Pastebin, GitHub raw content, OneDrive and Microsoft ' +
      'Graph, Google Drive, Dropbox, Discord, Telegram, Slack, Firebase, Notion and more).',
    category: 'network_connection',
    detection,
    level: scoreLevel(SCORE_FLOOR.contact),
    falsepositives: FALSE_POSITIVES,
    cannot: [
      NOT_EXPRESSIBLE.fusion,
      NOT_EXPRESSIBLE.perProcess,
      NOT_EXPRESSIBLE.bits,
      NOT_EXPRESSIBLE.genuine,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

function dnsRule(p: PortableRule): SigmaSpec {
  const detection: Detection = {};
  const host = hostCondition(p, 'QueryName', detection);
  const not = exclusions(p, 'QueryName', detection);
  detection['condition'] = `${host} and ${not}`;
  return {
    name: `${p.rule.id}-dns-query`,
    title: 'Web service resolved by a non-browser process',
    description:
      "A process other than an installed browser, the service's own client or the Defender " +
      'engine looked up a web service adversaries use for command and control, dead drops, ' +
      'payload staging or exfiltration. Sysmon names few connections, so the lookup is often ' +
      'the only place the service appears.',
    category: 'dns_query',
    detection,
    level: scoreLevel(SCORE_FLOOR.contact),
    falsepositives: FALSE_POSITIVES,
    cannot: [
      NOT_EXPRESSIBLE.perProcess,
      NOT_EXPRESSIBLE.bits,
      NOT_EXPRESSIBLE.genuine,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

/** Command-line forms of a label match: `://name/`, and `.name/` for names with subdomains. */
export function commandLineForms(m: LabelMatch): string[] {
  return [...m.names.map((d) => `://${d}/`), ...m.parents.map((d) => `.${d}/`)];
}

/**
 * The URL part of a text rule: `selection_<name>` holds the catalogue's forms under each key
 * (several keys are any-of), with the `none` entries' forms as a filter and the names below
 * them re-included, as for host names.
 */
function textCondition(
  p: PortableRule,
  name: string,
  keys: readonly string[],
  detection: Detection,
): string {
  const search = (m: LabelMatch): Detection | Detection[] => {
    const forms = commandLineForms(m).map(q);
    const maps = keys.map((k) => ({ [k]: forms }));
    return maps.length === 1 ? maps[0]! : maps;
  };
  detection[`selection_${name}`] = search(p.sets.included);
  if (p.sets.shadowed.names.length === 0) return `selection_${name}`;
  detection[`filter_${name}_none`] = search(p.sets.shadowed);
  let cond = `(selection_${name} and not filter_${name}_none)`;
  if (p.sets.reincluded.names.length > 0) {
    detection[`selection_${name}_belownone`] = search(p.sets.reincluded);
    cond = `(${cond} or selection_${name}_belownone)`;
  }
  return cond;
}

/** The fetching tools by image name, versioned interpreter name and original file name. */
function toolSelections(p: PortableRule): Detection {
  return {
    selection_tool_image: { 'Image|endswith': imageEndsWith(p.tools) },
    selection_tool_versioned: { 'Image|re|i': q(nameOnPath(p.lists.interpreterName)) },
    selection_tool_original: { OriginalFileName: p.tools.map(q) },
  };
}

function processRule(p: PortableRule): SigmaSpec {
  const detection = toolSelections(p);
  const url = textCondition(p, 'url_service', ['CommandLine|contains'], detection);
  detection['condition'] = `1 of selection_tool_* and ${url}`;
  return {
    name: `${p.rule.id}-process-creation`,
    title: 'Fetching tool started with a web-service URL',
    description:
      `${TOOLS_IN_WORDS} was started with the URL of a web service adversaries use for ` +
      'command and control, dead drops or payload staging on its command line. Renamed ' +
      'binaries are caught by their original file name.',
    category: 'process_creation',
    detection,
    level: scoreLevel(SCORE_FLOOR.tool),
    falsepositives: [
      ...FALSE_POSITIVES,
      'Installers and setup scripts that download from GitHub releases or raw content',
    ],
    cannot: [
      NOT_EXPRESSIBLE.commandLine,
      `Base64 on the command line is looked for by ${p.rule.id}-encoded-command.`,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

function encodedRule(p: PortableRule): SigmaSpec {
  const detection = toolSelections(p);
  const keys = ['CommandLine|wide|base64offset|contains', 'CommandLine|base64offset|contains'];
  const url = textCondition(p, 'encoded_url', keys, detection);
  detection['condition'] = `1 of selection_tool_* and ${url}`;
  return {
    name: `${p.rule.id}-encoded-command`,
    title: 'Fetching tool started with a web-service URL in base64',
    description:
      `${TOOLS_IN_WORDS} was started with a command line holding, in base64, the URL of a ` +
      'web service adversaries use for command and control, dead drops or payload staging: ' +
      'PowerShell -EncodedCommand (UTF-16) or a FromBase64String argument (UTF-8).',
    category: 'process_creation',
    detection,
    level: scoreLevel(SCORE_FLOOR.tool),
    falsepositives: [...FALSE_POSITIVES, 'Management tools that pass their scripts encoded'],
    cannot: [
      'Base64 is matched wherever it stands on the command line, at each of its three ' +
        'alignments, as UTF-16LE and as UTF-8, and only for the URL forms spelled as the ' +
        'catalogue spells them (lowercase). webc2 decodes the base64 after -EncodedCommand ' +
        '(any abbreviation) or inside FromBase64String(...), then reads the decoded text ' +
        'whatever its letter case and through its disguises.',
      'Only LOLBins, download-capable binaries and interpreters are checked; webc2 reads ' +
        "every process's command line.",
      'The rule is separate from the plain command-line rule because a backend expands each ' +
        'form into six encoded patterns.',
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

function scriptBlockRule(p: PortableRule): SigmaSpec {
  const detection: Detection = {};
  const url = textCondition(p, 'script_url', ['ScriptBlockText|contains'], detection);
  detection['condition'] = url;
  return {
    name: `${p.rule.id}-script-block`,
    title: 'PowerShell script block names a web-service URL',
    description:
      'A PowerShell script block (script block logging, event 4104) names the URL of a web ' +
      'service adversaries use for command and control, dead drops or payload staging. ' +
      'PowerShell logs the decoded text of -EncodedCommand and of code it builds and runs.',
    category: 'ps_script',
    detection,
    // PowerShell writes the script block, and PowerShell is a LOLBin in the rule's scoring.
    level: scoreLevel(SCORE_FLOOR.tool),
    falsepositives: [
      ...FALSE_POSITIVES,
      'Scripts that only mention a service, in a comment or a help text',
    ],
    cannot: [
      "Script text is matched as written (`://host/`, `.host/`): webc2 first undoes PowerShell's " +
        "backticks and '+' string joins, decodes FromBase64String('...'), and also reads hosts " +
        'followed by a port, a quote or nothing, and bare hosts after iwr, irm, curl and wget. ' +
        'Code that PowerShell decodes and then runs is logged, and matched, as a script block ' +
        'of its own; a URL kept in base64 is not.',
      NOT_EXPRESSIBLE.scriptProcess,
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
    ],
  };
}

function correlationDocument(p: PortableRule, rules: string[]): ExportFile {
  const name = `${p.rule.id}-fetch-and-resolve`;
  const doc = new Document(
    {
      title: 'Fetching tool names a web service and resolves one',
      id: exportedRuleId(name),
      name,
      status: 'experimental',
      description:
        'The same process (ProcessGuid) was started with a web-service URL on its command line ' +
        'and looked up a web service within five minutes: two kinds of evidence agree, which ' +
        'webc2 rates high confidence. The two rules it joins alert on their own as well.',
      references: ['https://attack.mitre.org/techniques/T1102/'],
      author: 'webc2',
      date: q(SIGMA_RULE_DATE),
      correlation: {
        type: 'temporal',
        rules,
        'group-by': ['ProcessGuid'],
        timespan: '5m',
      },
      falsepositives: FALSE_POSITIVES,
      level: scoreLevel(SCORE_FLOOR.tool),
      generate: true,
    },
    NO_ALIASES,
  );
  const head = wrapLines([
    `Sigma correlation exported by webc2 from its rule ${p.rule.id}. It needs the rules it`,
    'names (same folder) and a backend that supports temporal correlations. The lookup may be',
    'of another service than the URL names; webc2 pairs them per service.',
  ]);
  return {
    name: `${name}.yml`,
    text: head.map((l) => `# ${l}`).join('\n') + '\n' + doc.toString({ lineWidth: 0 }),
  };
}

/** The Sigma files for one portable rule. */
export function sigmaFiles(p: PortableRule): ExportFile[] {
  const specs = [networkRule(p), dnsRule(p), processRule(p), encodedRule(p), scriptBlockRule(p)];
  const names = specs.map((s) => s.name);
  const files = specs.map((spec) => ({
    name: `${spec.name}.yml`,
    text: sigmaDocument(
      p,
      spec,
      names.filter((n) => n !== spec.name),
    ),
  }));
  files.push(correlationDocument(p, [`${p.rule.id}-process-creation`, `${p.rule.id}-dns-query`]));
  return files;
}
