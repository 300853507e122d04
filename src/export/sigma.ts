/**
 * Sigma rules from webc2-t1102, one file each, for the Sysmon-shaped Windows log sources:
 *
 * - `network_connection`: an outbound connection whose DestinationHostname is a web service;
 * - `dns_query`: a lookup of a web service (the evidence Sysmon's connections usually lack);
 * - `process_creation`: a LOLBin or interpreter with a web-service URL on its command line;
 * - a `temporal` correlation of the last two by ProcessGuid: a tool that names a web service
 *   and resolves one (two kinds of evidence agreeing).
 *
 * Host names are matched on label boundaries only: a list of exact names and a list of
 * `|endswith: '.name'` parents. Browsers (by name and install path), the services' own
 * clients (per service) and the Defender engine (by folder) are filters. Each file opens with
 * the catalogue it came from and what Sigma cannot say that webc2 does.
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
} from './portable.js';
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

/** Browsers, own clients and the Defender engine, as filters on Image. */
function exclusions(p: PortableRule, field: string, detection: Detection): string {
  const { lists } = p;
  detection['filter_browser'] = { 'Image|endswith': imageEndsWith(lists.browsers) };
  detection['filter_install_path'] = { Image: PATH_GLOBS.install.map((g) => q(sigmaGlob(g))) };
  detection['filter_temp_path'] = { 'Image|contains': [q('\\Temp\\'), q('\\Tmp\\')] };
  const own: Detection[] = [];
  for (const c of p.ownClients) {
    const image = { 'Image|endswith': q('\\' + c.process) };
    if (c.match.names.length > 0) own.push({ ...image, [field]: c.match.names.map(q) });
    if (c.match.parents.length > 0)
      own.push({ ...image, [`${field}|endswith`]: c.match.parents.map((d) => q('.' + d)) });
  }
  if (own.length > 0) detection['filter_own_client'] = own;
  detection['filter_security_agent'] = {
    'Image|endswith': imageEndsWith(lists.agents),
    Image: PATH_GLOBS.agent.map((g) => q(sigmaGlob(g))),
  };
  return [
    'not (filter_browser and filter_install_path and not filter_temp_path)',
    ...(own.length > 0
      ? ['not (filter_own_client and filter_install_path and not filter_temp_path)']
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
      'lines; never as bare substrings.',
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

function sigmaDocument(p: PortableRule, spec: SigmaSpec, related: string[]): string {
  const doc = new Document({
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
  });
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
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
      NOT_EXPRESSIBLE.globs,
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
      NOT_EXPRESSIBLE.scoring,
      NOT_EXPRESSIBLE.allowlist,
      NOT_EXPRESSIBLE.globs,
    ],
  };
}

/** Command-line forms of a label match: `://name/`, and `.name/` for names with subdomains. */
export function commandLineForms(m: LabelMatch): string[] {
  return [...m.names.map((d) => `://${d}/`), ...m.parents.map((d) => `.${d}/`)];
}

function processRule(p: PortableRule): SigmaSpec {
  const detection: Detection = {
    selection_tool_image: { 'Image|endswith': imageEndsWith(p.tools) },
    selection_tool_original: { OriginalFileName: p.tools.map(q) },
    selection_url_service: { 'CommandLine|contains': commandLineForms(p.sets.included).map(q) },
  };
  let url = 'selection_url_service';
  if (p.sets.shadowed.names.length > 0) {
    detection['filter_url_none'] = {
      'CommandLine|contains': commandLineForms(p.sets.shadowed).map(q),
    };
    url = '(selection_url_service and not filter_url_none)';
    if (p.sets.reincluded.names.length > 0) {
      detection['selection_url_belownone'] = {
        'CommandLine|contains': commandLineForms(p.sets.reincluded).map(q),
      };
      url = `(${url} or selection_url_belownone)`;
    }
  }
  detection['condition'] = `1 of selection_tool_* and ${url}`;
  return {
    name: `${p.rule.id}-process-creation`,
    title: 'Fetching tool started with a web-service URL',
    description:
      'A LOLBin or script interpreter (certutil, bitsadmin, mshta, regsvr32, rundll32, ' +
      'PowerShell, curl, wget, cscript, wscript, python…) was started with the URL of a web ' +
      'service adversaries use for command and control, dead drops or payload staging on its ' +
      'command line. Renamed binaries are caught by their original file name.',
    category: 'process_creation',
    detection,
    level: scoreLevel(SCORE_FLOOR.tool),
    falsepositives: [
      ...FALSE_POSITIVES,
      'Installers and setup scripts that download from GitHub releases or raw content',
    ],
    cannot: [NOT_EXPRESSIBLE.commandLine, NOT_EXPRESSIBLE.scoring, NOT_EXPRESSIBLE.allowlist],
  };
}

function correlationDocument(p: PortableRule, rules: string[]): ExportFile {
  const name = `${p.rule.id}-fetch-and-resolve`;
  const doc = new Document({
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
  });
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
  const specs = [networkRule(p), dnsRule(p), processRule(p)];
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
