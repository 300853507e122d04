/**
 * What the single-event languages (Sigma, SPL, EQL) are generated from: webc2-t1102's
 * catalogue flattened to label-boundary lists, its decision lists read from its KQL, the
 * clients paired with their own services' domains, and the facts every export states (score
 * floors, false positives, what the language cannot say).
 */

import type { Catalog } from '../rules/catalog/domain-match.js';
import type { Rule } from '../rules/pack.js';
import { domainSets, serviceMatch, type DomainSets, type LabelMatch } from './domain-sets.js';
import { ruleLists, windowsNames, type RuleLists } from './rule-lists.js';

export interface PortableRule {
  rule: Rule;
  catalog: Catalog;
  sets: DomainSets;
  lists: RuleLists;
  /** Each client (lowercase image name) with the domains of the services it may contact. */
  ownClients: { process: string; match: LabelMatch }[];
  /**
   * Windows image names of the rule's LOLBins, download-capable binaries and interpreters:
   * the fetching tools (versioned interpreter names are the rule's InterpreterName regex).
   */
  tools: string[];
}

/** Rules the portable languages can carry: those matching the web-service catalogue. */
export function isPortable(rule: Rule): boolean {
  return rule.uses.includes('WebServices');
}

export function portableRule(rule: Rule, catalog: Catalog): PortableRule {
  const sets = domainSets(catalog);
  const lists = ruleLists(rule.query);
  const ownClients = [...lists.ownClients]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([process, services]) => ({ process, match: serviceMatch(sets, services) }))
    .filter((c) => c.match.names.length > 0);
  const tools = [
    ...new Set(windowsNames([...lists.lolbins, ...lists.fetchLolbins, ...lists.interpreters])),
  ].sort();
  return { rule, catalog, sets, lists, ownClients, tools };
}

/** webc2's severity for a score (the rule's table: high from 5 points, medium from 3). */
export function scoreLevel(points: number): 'low' | 'medium' | 'high' {
  return points >= 5 ? 'high' : points >= 3 ? 'medium' : 'low';
}

/** Points every match of an event-level rule is sure to score. */
export const SCORE_FLOOR = {
  /** A non-browser process contacting a web service. */
  contact: 1,
  /** The same, by a LOLBin or script interpreter (+2). */
  tool: 3,
} as const;

/** Known benign sources of matches, after the seed page's tuning notes. */
export const FALSE_POSITIVES = [
  'Developer tools and build pipelines calling the GitHub, Firebase or Google APIs',
  'Management and monitoring agents that fetch settings from, or send telemetry to, cloud APIs',
  'In-house applications built on cloud-storage SDKs (OneDrive, Google Drive, Dropbox)',
  'Administrators running scripts that upload logs or reports to cloud storage',
  'Security products sending telemetry to collectors hosted on these services',
];

export const ATTACK_TAGS = {
  tactic: { id: 'TA0011', name: 'Command and Control' },
  technique: { id: 'T1102', name: 'Web Service' },
  subtechniques: [
    { id: 'T1102.001', name: 'Dead Drop Resolver' },
    { id: 'T1102.002', name: 'Bidirectional Communication' },
  ],
} as const;

/**
 * What webc2-t1102 decides that a single-event rule cannot, said once for the exports that
 * share it. Each sentence must stay true of every rule that quotes it.
 */
export const NOT_EXPRESSIBLE = {
  fusion:
    'Naming a connection from the DNS answer that gave its address (same process within an ' +
    'hour, else same host within ten minutes, CNAMEs followed): Sysmon leaves most ' +
    'connections without a host name, so the DNS rule carries that evidence on its own.',
  perProcess:
    'One alert per process and service gathering every connection, lookup, command line and ' +
    'script block, and the confidence that comes from two kinds agreeing.',
  bits:
    'BITS: downloads the BITS service (svchost.exe) makes for bitsadmin or ' +
    'Start-BitsTransfer are blamed on svchost here; webc2 hands them to the process that asked.',
  scoring:
    "Scoring: the level is the floor of webc2's score for any match; the points webc2 adds " +
    'for what this rule does not require (a LOLBin or interpreter, an Office or PDF parent, a ' +
    'client reaching a service other than its own, a user-writable folder, a renamed binary, ' +
    'an API-shaped URL, the first process-service pair) are not added.',
  allowlist: "The allowlist (watchlist webc2-allowlist): use the platform's own exceptions.",
  genuine:
    'A browser or client is set aside only when its original file name is the name it runs ' +
    'under: connection and lookup events do not carry the original file name, so here a ' +
    "renamed binary placed in a browser's or client's folder is set aside too.",
  commandLine:
    'Command lines are matched as written (`://host/`, and `.host/` for names with ' +
    "subdomains). webc2 first undoes cmd's carets, PowerShell's backticks, '+' string joins " +
    'and en dashes, and also reads hosts followed by a port, a quote or nothing, and bare ' +
    'hosts after curl, wget, iwr and irm. Only LOLBins, download-capable binaries and ' +
    "interpreters are checked; webc2 reads every process's command line.",
  scriptProcess:
    'Script blocks: the event does not name the process that ran the script, so it is not ' +
    "joined to that process's connections and lookups. The level counts the PowerShell " +
    "engine as a LOLBin (+2) and leaves out webc2's other points for the process.",
} as const;

/** Wraps comment lines at `width`, continuing a `- ` item under its text. */
export function wrapLines(lines: readonly string[], width = 96): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const indent = line.startsWith('- ') ? '  ' : '';
    let rest = line;
    while (rest.length > width) {
      const cut = rest.lastIndexOf(' ', width);
      if (cut <= indent.length) break;
      out.push(rest.slice(0, cut));
      rest = indent + rest.slice(cut + 1);
    }
    out.push(rest);
  }
  return out;
}

/**
 * A double-quoted string with backslash escapes, as EQL and SPL both write them: `\\` for a
 * backslash, `\"` for a quote.
 */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The tools the command-line rules check, in words, for descriptions. */
export const TOOLS_IN_WORDS =
  'A LOLBin, download-capable binary or script interpreter (certutil, bitsadmin, mshta, ' +
  'regsvr32, rundll32, msiexec, PowerShell, curl, wget, cscript, wscript, python…)';
