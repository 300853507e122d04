import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers.js';
import { loadCases, runCase, runnable, type CaseOutcome } from './docs/run-case.js';
import path from 'node:path';

/*
 * Every example of the Kusto documentation that builds its own input, run through the
 * engine and compared with the table the docs print (see docs/compare.ts for how cells are
 * read). Cases that read the docs' sample tables, or whose result is not deterministic, are
 * counted and skipped. A case that differs for a known reason is listed in
 * docs-known-differences.json with that reason; a listed case that starts passing, or an
 * unlisted one that fails, fails this suite, so the list always says exactly what differs.
 */

const KNOWN_FILE = path.join(repoRoot, 'test', 'kql', 'docs-known-differences.json');
const known = JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Record<string, string>;

/** A reason says which kind of difference it is, and then exactly what. */
const REASON = /^(docs|function|operator|plugin|engine|binder|syntax) \S.*\S$/;

function category(reason: string): string {
  return /^\S+/.exec(reason)![0];
}

describe('Kusto documentation examples', () => {
  const cases = loadCases();
  const outcomes = new Map<string, CaseOutcome>();
  const skipped = { 'needs-tables': 0, nondeterministic: 0 };

  for (const c of cases) {
    const r = runnable(c);
    if (r !== 'run') {
      skipped[r]++;
      continue;
    }
    it(c.id, () => {
      const o = runCase(c);
      outcomes.set(c.id, o);
      const reason = known[c.id];
      if (reason === undefined) {
        assert.ok(o.pass, `${c.id} differs from the docs: ${o.detail}`);
      } else {
        assert.ok(
          !o.pass,
          `${c.id} now matches the docs: remove it from docs-known-differences.json`,
        );
      }
    });
  }

  it('lists only cases that exist and run, each with a specific reason', () => {
    const ids = new Set(cases.filter((c) => runnable(c) === 'run').map((c) => c.id));
    for (const [id, reason] of Object.entries(known)) {
      assert.ok(ids.has(id), `${id} in docs-known-differences.json is not a runnable case`);
      assert.match(reason, REASON, `${id}: the reason must start with its kind`);
    }
  });

  it('summarises the corpus', (t) => {
    const all = [...outcomes.entries()];
    const inScope = all.filter(([, o]) => o.inScope);
    const byReason = new Map<string, number>();
    for (const id of Object.keys(known)) {
      const k = category(known[id]!);
      byReason.set(k, (byReason.get(k) ?? 0) + 1);
    }
    // Where the docs print a wrong table, or the Kusto package rejects the docs' query, the
    // case says nothing about the engine: the rate that the brief sets leaves those out.
    const oracleWrong = ([id]: [string, CaseOutcome]): boolean =>
      /^(docs|binder) /.test(known[id] ?? '');
    const judged = inScope.filter((c) => !oracleWrong(c));
    const pct = (a: number, b: number): string =>
      b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`;
    const passed = (list: [string, CaseOutcome][]): number => list.filter(([, o]) => o.pass).length;
    t.diagnostic(
      `docs cases: ${cases.length} total, ${skipped['needs-tables']} need sample tables, ` +
        `${skipped.nondeterministic} not deterministic, ${all.length} run, ` +
        `pass ${passed(all)} (${pct(passed(all), all.length)}); ` +
        `in scope ${inScope.length}, pass ${passed(inScope)} ` +
        `(${pct(passed(inScope), inScope.length)}; ${pct(passed(judged), judged.length)} ` +
        `of the ${judged.length} whose docs and binder are right); known differences: ` +
        [...byReason].map(([k, n]) => `${k} ${n}`).join(', '),
    );
    // The goal: at least 90% of the cases inside the engine's operator and function lists,
    // counting every such case, those whose docs print a wrong table included; and every
    // case whose docs and binder are right.
    assert.ok(
      passed(inScope) >= 0.9 * inScope.length,
      `in-scope pass rate ${pct(passed(inScope), inScope.length)}`,
    );
    assert.equal(passed(judged), judged.length, 'every in-scope case with a right oracle passes');
  });
});
