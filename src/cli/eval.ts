/**
 * `webc2 eval [labels.yaml]`: runs every rule over labelled data and prints, per case and
 * rule, what was expected and what was found, then true and false positives and negatives
 * per rule side by side. The default labels are eval/public-datasets.yaml (the field cases
 * and the public data sets under ../shared).
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { KqlEngine } from '../kql/engine.js';
import { builtinCatalog } from '../rules/catalog/domain-match.js';
import { scoreCase, type CaseLabels, type CaseScore, type Expected } from '../rules/eval.js';
import { builtinRules } from '../rules/pack.js';
import { defaultWatchlists, ruleTables } from '../rules/prelude.js';
import { runRule } from '../rules/run.js';
import { forTerminal } from '../report/sanitize.js';
import { ingest } from './ingest.js';
import { UsageError, type Io } from './io.js';
import { registerCommand } from './main.js';

export const EVAL_USAGE = `Usage: webc2 eval [options] [labels.yaml]

Runs every built-in rule over labelled data and compares: per case, what was expected and
what each rule found; then true positives, false positives and false negatives per rule.
Without a file, uses eval/public-datasets.yaml (field cases and public data sets).

Options:
  -f, --format <table|jsonl>   output format (default: table)
  -h, --help                   show this help
`;

interface LabelFileCase {
  id: string;
  path: string;
  fieldCase?: boolean;
  positives?: Expected[];
  notBlamed?: string[];
  benign?: boolean;
}

function defaultLabels(): string {
  return fileURLToPath(new URL('../../../eval/public-datasets.yaml', import.meta.url));
}

interface FieldExpectation {
  alerts: 'none' | 'none_or_low' | { FileName: string; RemoteUrl: string }[];
  not_blamed?: string[];
}

export function loadLabels(file: string): { id: string; path: string; labels: CaseLabels }[] {
  const doc = parse(readFileSync(file, 'utf8')) as { cases?: LabelFileCase[] };
  const base = path.dirname(file);
  return (doc.cases ?? []).map((c) => {
    const where = path.resolve(base, c.path);
    // A field case's data missing is said when the case runs, like any unreadable case.
    if (c.fieldCase && existsSync(where)) {
      const exp = JSON.parse(
        readFileSync(path.join(where, 'expected.json'), 'utf8'),
      ) as FieldExpectation;
      const alerts = exp.alerts;
      return {
        id: c.id,
        path: where,
        labels: {
          id: c.id,
          positives: Array.isArray(alerts)
            ? alerts.map((a) => ({ FileName: a.FileName, RemoteUrl: a.RemoteUrl }))
            : [],
          notBlamed: exp.not_blamed ?? [],
          noAlerts: alerts === 'none',
          benign: alerts === 'none_or_low',
          exhaustive: false,
        },
      };
    }
    return {
      id: c.id,
      path: where,
      labels: {
        id: c.id,
        positives: c.positives ?? [],
        notBlamed: c.notBlamed ?? [],
        noAlerts: false,
        benign: c.benign ?? false,
        exhaustive: true,
      },
    };
  });
}

function describe(s: CaseScore, labels: CaseLabels): string {
  const parts: string[] = [];
  if (labels.positives.length) parts.push(`found ${s.tp}/${labels.positives.length}`);
  for (const m of s.missed) parts.push(`missed ${m.FileName} → ${m.RemoteUrl}`);
  const wrongBy = new Map<string, number>();
  for (const w of s.wrong) {
    const k = `${w.why}: ${String(w.alert['FileName'])} → ${String(w.alert['RemoteUrl'])}`;
    wrongBy.set(k, (wrongBy.get(k) ?? 0) + 1);
  }
  for (const [k, n] of wrongBy) parts.push(n > 1 ? `${k} ×${n}` : k);
  if (parts.length === 0)
    parts.push(
      labels.noAlerts || labels.benign || labels.positives.length === 0
        ? 'nothing raised, as expected'
        : 'ok',
    );
  return parts.join('; ');
}

export async function runEval(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' } },
  });
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'jsonl')
    throw new UsageError('--format must be table or jsonl.', 'eval');
  const file = positionals[0] ?? defaultLabels();
  let cases;
  try {
    cases = loadLabels(file);
  } catch (err) {
    io.stderr.write(`webc2 eval: cannot read the labels ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const rules = builtinRules();
  const catalog = builtinCatalog().catalog;
  const totals = new Map(rules.map((r) => [r.id, { tp: 0, fp: 0, fn: 0, cases: 0, clean: 0 }]));
  const lines: string[] = [];
  let unreadable = 0;
  for (const c of cases) {
    if (!existsSync(c.path)) {
      unreadable++;
      io.stderr.write(`webc2 eval: ${c.id}: the data is not there: ${c.path}\n`);
      continue;
    }
    const data = await ingest([c.path]);
    if (data.read === 0) {
      // A case whose data cannot be read says nothing about the rules: it is an error, not a miss.
      unreadable++;
      io.stderr.write(`webc2 eval: ${c.id}: nothing could be read from ${c.path}\n`);
      continue;
    }
    const engine = new KqlEngine(
      new Map([
        ...data.tables,
        ...ruleTables(
          rules.flatMap((r) => r.uses),
          catalog,
        ),
      ]),
      {
        now: data.stats.latest ?? 0n,
        watchlists: defaultWatchlists(rules.flatMap((r) => r.watchlists)),
      },
    );
    for (const rule of rules) {
      const out = runRule(rule, engine);
      const score = scoreCase(c.labels, out.alerts);
      const t = totals.get(rule.id)!;
      t.tp += score.tp;
      t.fp += score.fp;
      t.fn += score.fn;
      t.cases++;
      if (score.fp === 0 && score.fn === 0 && !out.error) t.clean++;
      const verdict = out.error
        ? `failed: ${out.error[0]?.message ?? ''}`
        : describe(score, c.labels);
      if (format === 'jsonl') {
        lines.push(
          JSON.stringify({
            case: c.id,
            rule: rule.id,
            tp: score.tp,
            fp: score.fp,
            fn: score.fn,
            alerts: out.alerts.length,
            verdict,
          }),
        );
      } else {
        const mark = score.fp === 0 && score.fn === 0 && !out.error ? 'ok  ' : 'FAIL';
        lines.push(`${mark}  ${c.id.padEnd(58)} ${rule.id.padEnd(12)} ${forTerminal(verdict)}`);
      }
    }
  }
  if (format === 'table') {
    lines.push(
      '',
      `${'rule'.padEnd(14)} ${'cases ok'.padStart(9)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)}  precision  recall`,
    );
    for (const [id, t] of totals) {
      const ratio = (a: number, b: number): string => (b === 0 ? '-' : (a / b).toFixed(2));
      const precision = ratio(t.tp, t.tp + t.fp);
      const recall = ratio(t.tp, t.tp + t.fn);
      lines.push(
        `${id.padEnd(14)} ${`${t.clean}/${t.cases}`.padStart(9)} ${String(t.tp).padStart(5)} ${String(t.fp).padStart(5)} ${String(t.fn).padStart(5)}  ${precision.padStart(9)}  ${recall.padStart(6)}`,
      );
    }
  } else {
    for (const [id, t] of totals) lines.push(JSON.stringify({ rule: id, ...t }));
  }
  if (unreadable === cases.length && cases.length > 0) {
    io.stderr.write(
      `webc2 eval: none of the ${cases.length} cases' data could be read. The built-in labels ` +
        'name the shared data set (field-cases/ and data/) in a folder `shared` beside the repository.\n',
    );
    return 1;
  }
  io.stdout.write(lines.join('\n') + '\n');
  return unreadable > 0 ? 1 : 0;
}

registerCommand('eval', {
  summary: 'measure the rules on labelled data (field cases, public data sets)',
  usage: EVAL_USAGE,
  run: runEval,
});
