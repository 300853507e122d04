/**
 * The built-in rules. Each is a YAML file in src/rules/pack/ in the shape of a Microsoft
 * Sentinel scheduled analytics rule (name, description, severity, tactics, techniques,
 * query…) plus a `webc2` block: the rule's short id and the tables webc2 supplies before the
 * query (`uses`, e.g. the web-service catalogue as `WebServices`). Keeping Sentinel's shape
 * means the query webc2 tests locally is the query an export deploys.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

export interface Rule {
  /** Short id used in alerts and on the command line, e.g. `webc2-t1102`. */
  id: string;
  /** Sentinel rule GUID. */
  guid: string;
  name: string;
  description: string;
  /** Rule-level severity; a query may refine it per row with a `Severity` column. */
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  tactics: string[];
  techniques: string[];
  requiredTables: string[];
  queryFrequency: string;
  queryPeriod: string;
  /** Tables webc2 defines before the query (`WebServices`). */
  uses: string[];
  /** Watchlists the query reads with `_GetWatchlist()`; webc2 supplies empty ones when the user gives none. */
  watchlists: string[];
  /** A column naming why a row is suppressed (an allowlist entry): such rows are counted, not reported. */
  suppressedColumn: string | undefined;
  query: string;
  file: string;
}

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;

function packDir(): string {
  for (const rel of ['./pack/', '../../../src/rules/pack/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    try {
      if (readdirSync(dir).some((f) => f.endsWith('.yaml'))) return dir;
    } catch {
      // Try the next candidate: compiled code lives in dist/, the YAML beside the sources.
    }
  }
  throw new Error('webc2 cannot find its rule pack (src/rules/pack).');
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** Parses one rule file's text; problems come back as diagnostics, never thrown. */
export function parseRule(text: string, file: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const e = err as { linePos?: { line: number; col: number }[]; message: string };
    diagnostics.push({
      code: 'RULE0001',
      severity: 'error',
      file,
      ...(e.linePos?.[0] ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
      message: `The rule is not valid YAML: ${e.message.split('\n')[0]}`,
    });
    return { diagnostics };
  }
  const webc2 = (doc['webc2'] ?? {}) as Record<string, unknown>;
  const severity = String(doc['severity'] ?? 'Medium');
  const missing = ['id', 'name', 'query'].filter(
    (k) => typeof doc[k] !== 'string' || doc[k] === '',
  );
  if (typeof webc2['ruleId'] !== 'string') missing.push('webc2.ruleId');
  if (missing.length > 0) {
    diagnostics.push({
      code: 'RULE0002',
      severity: 'error',
      file,
      message: `The rule lacks ${missing.join(', ')}.`,
    });
    return { diagnostics };
  }
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    diagnostics.push({
      code: 'RULE0003',
      severity: 'error',
      file,
      message: `Unknown severity '${severity}'.`,
      hint: `Use one of ${SEVERITIES.join(', ')}.`,
    });
    return { diagnostics };
  }
  return {
    rule: {
      id: String(webc2['ruleId']),
      guid: String(doc['id']),
      name: String(doc['name']),
      description: String(doc['description'] ?? '').trim(),
      severity: severity as Rule['severity'],
      tactics: asStrings(doc['tactics']),
      techniques: asStrings(doc['relevantTechniques']),
      requiredTables: asStrings(doc['requiredTables']),
      queryFrequency: String(doc['queryFrequency'] ?? '1h'),
      queryPeriod: String(doc['queryPeriod'] ?? '24h'),
      uses: asStrings(webc2['uses']),
      watchlists: asStrings(webc2['watchlists']),
      suppressedColumn:
        typeof webc2['suppressedColumn'] === 'string' ? webc2['suppressedColumn'] : undefined,
      query: String(doc['query']),
      file,
    },
    diagnostics,
  };
}

let builtin: Rule[] | null = null;

/** The built-in rules, read once. */
export function builtinRules(): Rule[] {
  if (builtin !== null) return builtin;
  const dir = packDir();
  const out: Rule[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const { rule, diagnostics } = parseRule(readFileSync(dir + f, 'utf8'), `src/rules/pack/${f}`);
    if (rule === undefined)
      throw new Error(`Built-in rule ${f} is broken: ${diagnostics[0]?.message ?? ''}`);
    out.push(rule);
  }
  builtin = out;
  return out;
}
