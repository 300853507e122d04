import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import {
  README_END,
  README_START,
  coverageMarkdown,
  matrixRows,
  parseCoverage,
  readmeSection,
  withSection,
} from '../../src/cli/coverage.js';
import { DEFAULT_BACKGROUND, DEFAULT_SEED } from '../../src/cli/simulate.js';
import { builtinRules } from '../../src/rules/pack.js';
import { blames, coverage, type CoverageCell } from '../../src/simulate/coverage.js';
import { formatsFor } from '../../src/simulate/model.js';
import { SCENARIOS, scenarioById } from '../../src/simulate/scenarios/index.js';
import { DEFAULT_START } from '../../src/simulate/simulate.js';
import { repoRoot } from '../helpers.js';

describe('webc2 coverage', () => {
  let cells: CoverageCell[] = [];
  before(async () => {
    cells = await coverage({
      seed: DEFAULT_SEED,
      background: DEFAULT_BACKGROUND,
      start: DEFAULT_START,
    });
  });

  it('has one cell per scenario, format and rule, each read back without rejects', () => {
    const rules = builtinRules().map((r) => r.id);
    const expected = SCENARIOS.flatMap((s) =>
      formatsFor(s.platform).flatMap((f) => rules.map((r) => `${s.id} ${f} ${r}`)),
    );
    assert.deepEqual(
      cells.map((c) => `${c.scenario} ${c.format} ${c.rule}`),
      expected,
    );
    assert.deepEqual(
      cells.filter((c) => c.rejected > 0),
      [],
    );
    for (const c of cells)
      assert.equal(c.detected, c.severity !== '', `${c.scenario} ${c.format} ${c.rule}`);
  });

  it('webc2-t1102 detects every scenario in every format', () => {
    const missed = cells.filter((c) => c.rule === 'webc2-t1102' && !c.detected);
    assert.deepEqual(
      missed.map((c) => `${c.scenario} ${c.format}${c.error ? `: ${c.error}` : ''}`),
      [],
    );
  });

  it('webc2-t1102 raises nothing on the benign background; the seed rule does', () => {
    const noisy = (rule: string): string[] =>
      cells
        .filter((c) => c.rule === rule && c.backgroundAlerts > 0)
        .map((c) => `${c.scenario} ${c.format}: ${c.backgroundAlerts}`);
    assert.deepEqual(noisy('webc2-t1102'), []);
    // The device-wide join pairs the attack's connection with background processes.
    assert.ok(noisy('seed-t1102').length > 0);
  });

  it('lays the matrix out as rows of scenario and format, a column per rule', () => {
    const { rows, columns } = matrixRows(cells);
    assert.deepEqual(columns, [
      'Scenario',
      'Platform',
      'Format',
      'Expected',
      ...builtinRules().map((r) => r.id),
    ]);
    assert.equal(
      rows.length,
      SCENARIOS.reduce((n, s) => n + formatsFor(s.platform).length, 0),
    );
    for (const r of rows)
      for (const rule of builtinRules())
        assert.match(
          String(r[rule.id]),
          /^(informational|low|medium|high|missed|error)( \(\+\d+ on background\))?$/,
        );
  });

  it('README.md carries the current matrix', (t) => {
    const file = path.join(repoRoot, 'README.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const section = readmeSection(text);
    if (section === undefined) {
      t.skip(`README.md has no ${README_START} … ${README_END} section yet`);
      return;
    }
    assert.equal(
      section.trim(),
      coverageMarkdown(cells, DEFAULT_SEED, DEFAULT_BACKGROUND).trim(),
      'stale: run `webc2 coverage --update-readme README.md`',
    );
  });
});

describe('coverage pieces', () => {
  const s = scenarioById('paste-shell-loop')!;
  // [alert, blames]
  // prettier-ignore
  const alerts: [Record<string, unknown>, boolean][] = [
    [{ FileName: 'curl', RemoteUrl: 'dpaste.com' }, true],
    [{ FileName: 'CURL', RemoteUrl: 'https://www.dpaste.com/api/v2/' }, true],
    [{ FileName: 'curl', RemoteUrl: 'dpaste.com.' }, true],
    [{ FileName: 'curl', RemoteUrl: 'notdpaste.com' }, false],
    [{ FileName: 'dash', RemoteUrl: 'dpaste.com' }, false],
    [{ FileName: 'curl', RemoteUrl: 'github.com', Hosts: ['github.com', 'dpaste.com'] }, true],
    [{ FileName: 'curl', RemoteUrl: '' }, false],
  ];
  for (const [alert, yes] of alerts)
    it(`${JSON.stringify(alert)} ${yes ? 'blames' : 'does not blame'} curl for dpaste.com`, () =>
      assert.equal(blames(alert as never, s), yes));

  const cell = (
    rule: string,
    detected: boolean,
    severity: string,
    error?: string,
  ): CoverageCell => ({
    scenario: 'paste-shell-loop',
    format: 'auditd',
    rule,
    detected,
    severity,
    alerts: detected ? 1 : 0,
    allAlerts: 3,
    backgroundAlerts: rule === 'b' ? 2 : 0,
    rejected: 0,
    ...(error ? { error } : {}),
  });

  it('renders the markdown section with its words explained and failures listed', () => {
    const md = coverageMarkdown(
      [cell('a', true, 'low'), cell('b', false, ''), cell('c', false, '', 'no | table')],
      1,
      10,
    );
    assert.match(
      md,
      /^Generated by `webc2 coverage --update-readme README.md` \(seed 1, 10 background events per run/,
    );
    assert.match(
      md,
      /\n\| Scenario \| Platform \| Format \| Expected \| a \| b \| c \|\n\|---\|---\|---\|---\|---\|---\|---\|\n/,
    );
    assert.match(
      md,
      /\n\| `paste-shell-loop` \| linux \| auditd \| curl → dpaste\.com \| low \| missed \(\+2 on background\) \| error \|\n/,
    );
    assert.match(md, /- `c`: no \| table/);
  });

  it('replaces only what lies between the markers', () => {
    const readme = `# webc2\n\nintro\n\n${README_START}\nold\n${README_END}\n\nmore\n`;
    const next = withSection(readme, 'new matrix');
    assert.equal(next, `# webc2\n\nintro\n\n${README_START}\nnew matrix\n${README_END}\n\nmore\n`);
    assert.equal(readmeSection(next)?.trim(), 'new matrix');
    assert.equal(readmeSection('# no markers'), undefined);
    assert.equal(readmeSection(`${README_END} ${README_START}`), undefined);
  });

  it('parses its options', () => {
    assert.deepEqual(parseCoverage(['-f', 'markdown', '--seed', '3']), {
      format: 'markdown',
      seed: 3,
      background: DEFAULT_BACKGROUND,
      updateReadme: undefined,
      checkReadme: undefined,
    });
    assert.throws(
      () => parseCoverage(['--format', 'html']),
      /--format must be one of table, jsonl, csv, markdown/,
    );
    assert.throws(() => parseCoverage(['extra']), /takes no arguments/);
  });
});
