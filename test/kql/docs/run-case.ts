/** Runs one documentation case through the engine and judges it against the docs' table. */

import { readFileSync } from 'node:fs';
import { KqlEngine, QueryError } from '../../../src/kql/engine.js';
import type { Node } from '../../../src/kql/syntax.js';
import type { Scalar } from '../../../src/table/types.js';
import { sharedPath } from '../../helpers.js';
import { NOW } from '../run.js';
import { compareResult, type DocsCase } from './compare.js';
import { classify, isOrdered } from './scope.js';

export interface CaseOutcome {
  pass: boolean;
  /** Why it failed: the engine's error or the first difference from the docs. */
  detail: string;
  inScope: boolean;
  outside: string[];
}

export function loadCases(): DocsCase[] {
  const text = readFileSync(sharedPath('data', 'kql', 'docs-cases.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DocsCase);
}

/** Whether a case can run here: it builds its own input and its result is deterministic. */
export function runnable(c: DocsCase): 'run' | 'needs-tables' | 'nondeterministic' {
  if (!c.inline_input || c.uses.length > 0) return 'needs-tables';
  if (!c.deterministic) return 'nondeterministic';
  return 'run';
}

const engine = new KqlEngine(new Map(), { now: NOW, limits: { maxRows: 200_000 } });

export function runCase(c: DocsCase): CaseOutcome {
  const { code } = engine.analyze(c.kql);
  const root = code.Syntax as unknown as Node;
  const scope = classify(root);
  const base = { inScope: scope.inScope, outside: scope.outside };
  try {
    const { table } = engine.run(c.kql);
    const specs = table.specs;
    const rows: Scalar[][] = [];
    for (let i = 0; i < table.length; i++) {
      rows.push(specs.map((_, j) => table.column(j).get(i)));
    }
    const diff = compareResult(c, specs, rows, isOrdered(root));
    return { ...base, pass: diff === null, detail: diff ?? '' };
  } catch (e) {
    if (e instanceof QueryError) {
      const d = e.diagnostics[0];
      return { ...base, pass: false, detail: `${d?.code ?? 'error'}: ${e.message}` };
    }
    return { ...base, pass: false, detail: `crash: ${(e as Error).stack ?? String(e)}` };
  }
}
