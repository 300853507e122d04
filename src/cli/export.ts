/**
 * `webc2 export <target>`: writes the built-in rules for another platform (Sentinel, Defender
 * XDR, Sigma, Splunk, Elastic). One file goes to stdout, to the file -o names, or into the
 * folder -o names (an existing one, or any path ending in `/`); several always go into a
 * folder, each `<rule-id>.<ext>`. The same inputs always give the same bytes.
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
import { OutputError } from './output.js';
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
  sigma      Sigma rules from webc2-t1102: network_connection, dns_query, process_creation
             (URLs, and URLs in base64 after -EncodedCommand), ps_script, and a temporal
             correlation of a fetching tool's start and its lookup
  splunk     SPL over Sysmon (Splunk Add-on for Sysmon) and PowerShell 4104 from webc2-t1102
  elastic    Elastic Security rules from webc2-t1102, as NDJSON for Kibana's rule import:
             EQL over network and process events, KQL over PowerShell script blocks

Options:
  -o, --output <dir/|file>     where to write: a folder (created if missing) for several
                               files; for one, a file, or a folder if it exists or the path
                               ends in /; default stdout, one file only
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

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Where the files go: each file's path, and the folder to create first if any. */
export interface Placement {
  folder: string | undefined;
  paths: string[];
}

/**
 * Places an export's files for `-o`: one file to that path, unless it names a folder (one
 * that exists, or any path ending in a separator, created if missing); several files into
 * the folder it names. `look` answers whether a path is a folder, and whether it exists.
 */
export function placeFiles(
  target: ExportTarget,
  output: string,
  names: readonly string[],
  look: { isDirectory(p: string): boolean; exists(p: string): boolean },
): Placement {
  const asFolder = output.endsWith('/') || output.endsWith(path.sep) || look.isDirectory(output);
  const [only] = names;
  if (names.length === 1 && only !== undefined && !asFolder)
    return { folder: undefined, paths: [output] };
  if (!asFolder && look.exists(output))
    throw new UsageError(
      `${target} writes ${names.length} files (${names.join(', ')}); -o must name a folder, ` +
        `and ${output} is a file.`,
    );
  return { folder: output, paths: names.map((n) => path.join(output, n)) };
}

function failure(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

function writeOut(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new OutputError(`Cannot write ${file}: ${failure(err)}`);
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
  if (plan.output === undefined) {
    if (files.length === 1 && only !== undefined) {
      io.stdout.write(only.text);
      return 0;
    }
    throw new UsageError(
      `${plan.target} writes ${files.length} files (${files.map((f) => f.name).join(', ')}); ` +
        'name a folder with -o.',
    );
  }
  const names = files.map((f) => f.name);
  const place = placeFiles(plan.target, plan.output, names, { isDirectory, exists });
  if (place.folder !== undefined) {
    try {
      mkdirSync(place.folder, { recursive: true });
    } catch (err) {
      throw new OutputError(`Cannot create the folder ${place.folder}: ${failure(err)}`);
    }
  }
  for (const [i, f] of files.entries()) writeOut(place.paths[i]!, f.text);
  io.stderr.write(
    place.folder === undefined
      ? `webc2 export: wrote ${place.paths[0]}\n`
      : `webc2 export: wrote ${files.length} file${files.length === 1 ? '' : 's'} to ` +
          `${place.folder}: ${names.join(', ')}\n`,
  );
  return 0;
}

registerCommand('export', {
  summary: 'write the rules for Sentinel, Defender XDR, Sigma, Splunk or Elastic',
  usage: EXPORT_USAGE,
  run: (argv, io) => runExport(parseExport(argv), io),
});
