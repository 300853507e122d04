/**
 * `webc2 export <target>`: writes the built-in rules for another platform (Sentinel, Defender
 * XDR, Sigma, Splunk, Elastic). One file goes to stdout (or the file -o names); several go
 * into the folder -o names, each `<rule-id>.<ext>`. The same inputs always give the same
 * bytes.
 */

import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Diagnostic } from '../diagnostics.js';
import { formatLocation } from '../diagnostics.js';
import { EXPORT_TARGETS, exportRules, supportsRule, type ExportTarget } from '../export/index.js';
import { CatalogNestingError } from '../export/domain-sets.js';
import { builtinCatalog, loadCatalogFile, mergeCatalogs } from '../rules/catalog/domain-match.js';
import { builtinRules, type Rule } from '../rules/pack.js';
import { UsageError, type Io } from './io.js';
import { registerCommand } from './main.js';
import { readAllowlist } from './watchlist.js';

export interface ExportPlan {
  target: ExportTarget;
  /** A folder, a file, or undefined (stdout). */
  output: string | undefined;
  rules: Rule[];
  catalogFiles: string[];
  allowlist: string | undefined;
}

export const EXPORT_USAGE = `Usage: webc2 export <target> [options]

Writes webc2's rules for another platform, with the web-service catalogue built in.

Targets:
  sentinel   Microsoft Sentinel scheduled analytics rules: content-repository YAML and an
             ARM template (az deployment group create) per rule, and the allowlist
             watchlist's CSV (webc2-allowlist)
  defender   Microsoft Defender XDR advanced hunting queries, ready for custom detections
  sigma      Sigma rules from webc2-t1102: network_connection, dns_query, process_creation,
             and a temporal correlation of the last two
  splunk     SPL over Sysmon (Splunk Add-on for Sysmon) from webc2-t1102
  elastic    Elastic Security EQL rules from webc2-t1102, as NDJSON for Kibana's rule import

Options:
  -o, --output <dir|file>      where to write: a folder (created if missing) for several
                               files, a file or a folder for one; default stdout, one file only
  -r, --rule <id>              export only this rule (repeatable): seed-t1102, webc2-t1102
      --catalog <file.tsv>     your own web-service catalogue, laid over the built-in one
      --allowlist <file.csv>   allowlist rows to ship: inlined for defender, the watchlist CSV
                               for sentinel (columns Process, Path, Signer, Domain, Device,
                               Account, Reason)
  -h, --help                   show this help
`;

export function parseExport(argv: string[]): ExportPlan {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      rule: { type: 'string', short: 'r', multiple: true },
      catalog: { type: 'string', multiple: true },
      allowlist: { type: 'string' },
    },
  });
  const [target, ...extra] = positionals;
  if (target === undefined)
    throw new UsageError(`export needs a target: ${EXPORT_TARGETS.join(', ')}.`, 'export');
  if (!(EXPORT_TARGETS as readonly string[]).includes(target))
    throw new UsageError(
      `Unknown target '${target}'. Targets: ${EXPORT_TARGETS.join(', ')}.`,
      'export',
    );
  if (extra.length > 0)
    throw new UsageError(`export takes one target; got also '${extra.join(' ')}'.`, 'export');
  const t = target as ExportTarget;
  const all = builtinRules();
  const known = all.map((r) => r.id);
  for (const id of values.rule ?? [])
    if (!known.includes(id))
      throw new UsageError(`Unknown rule '${id}'. Rules: ${known.join(', ')}.`, 'export');
  const named = values.rule ?? [];
  const rules = all.filter((r) => named.length === 0 || named.includes(r.id));
  const unsupported = rules.filter((r) => !supportsRule(t, r));
  if (named.length > 0 && unsupported.length > 0)
    throw new UsageError(
      `${unsupported.map((r) => r.id).join(', ')} is exported only as KQL (sentinel, defender): ` +
        `${t} rules are generated from the web-service catalogue, which it does not use.`,
      'export',
    );
  if (values.allowlist !== undefined && t !== 'sentinel' && t !== 'defender')
    throw new UsageError(
      `--allowlist applies to sentinel and defender; ${t} has its own exceptions.`,
      'export',
    );
  return {
    target: t,
    output: values.output === '-' ? undefined : values.output,
    rules: rules.filter((r) => supportsRule(t, r)),
    catalogFiles: values.catalog ?? [],
    allowlist: values.allowlist,
  };
}

function packageVersion(): string {
  const file = fileURLToPath(new URL('../../../package.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(
      `Cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function renderProblem(d: Diagnostic): string {
  const where = formatLocation(d);
  return `${where ? where + ': ' : ''}${d.severity} ${d.code}: ${d.message}\n${d.hint ? `  hint: ${d.hint}\n` : ''}`;
}

export async function runExport(plan: ExportPlan, io: Io): Promise<number> {
  const problems: Diagnostic[] = [];
  const base = builtinCatalog();
  problems.push(...base.diagnostics);
  const overlays = plan.catalogFiles.map((f) => {
    const c = loadCatalogFile(f);
    problems.push(...c.diagnostics);
    return c.catalog;
  });
  const allowlist =
    plan.allowlist === undefined
      ? []
      : [...readAllowlist(plan.allowlist, problems).rows()].map((r) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])),
        );
  for (const p of problems) io.stderr.write(renderProblem(p));
  // An exported rule is deployed as written: one built from a half-read catalogue is refused.
  if (problems.some((p) => p.severity === 'error')) {
    io.stderr.write('webc2 export: nothing written; fix the errors above.\n');
    return 1;
  }
  let files;
  try {
    files = exportRules(plan.target, plan.rules, {
      catalog: mergeCatalogs(base.catalog, ...overlays),
      allowlist,
      version: packageVersion(),
    });
  } catch (err) {
    if (!(err instanceof CatalogNestingError)) throw err;
    io.stderr.write(`webc2 export: ${err.message}\n`);
    return 1;
  }
  const [only] = files;
  if (files.length === 1 && only !== undefined && plan.output === undefined) {
    io.stdout.write(only.text);
    return 0;
  }
  if (plan.output === undefined)
    throw new UsageError(
      `${plan.target} writes ${files.length} files (${files.map((f) => f.name).join(', ')}); ` +
        'name a folder with -o.',
    );
  if (files.length === 1 && only !== undefined && !isDirectory(plan.output)) {
    writeOut(plan.output, only.text);
    io.stderr.write(`webc2 export: wrote ${plan.output}\n`);
    return 0;
  }
  try {
    mkdirSync(plan.output, { recursive: true });
  } catch (err) {
    throw new UsageError(
      `Cannot create the folder ${plan.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  for (const f of files) writeOut(path.join(plan.output, f.name), f.text);
  io.stderr.write(
    `webc2 export: wrote ${files.length} files to ${plan.output}: ${files.map((f) => f.name).join(', ')}\n`,
  );
  return 0;
}

registerCommand('export', {
  summary: 'write the rules for Sentinel, Defender XDR, Sigma, Splunk or Elastic',
  usage: EXPORT_USAGE,
  run: (argv, io) => runExport(parseExport(argv), io),
});
