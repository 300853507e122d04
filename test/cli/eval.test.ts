import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from '../helpers.js';
import { cli, jsonLines } from './run-cli.js';

describe('webc2 eval on the field cases and public data sets', async () => {
  const run = await cli('eval', '--format', 'jsonl');
  const rows = jsonLines(run.stdout);
  const perCase = rows.filter((r) => 'case' in r);
  const total = (rule: string): Record<string, unknown> =>
    rows.find((r) => r['rule'] === rule && !('case' in r))!;

  it('covers every labelled case with both rules', () => {
    assert.equal(run.code, 0);
    assert.ok(perCase.length >= 48, `${perCase.length} case results`);
  });

  it('webc2-t1102 finds every positive, blames no innocent process and raises nothing medium+ on benign data', () => {
    const bad = perCase.filter(
      (r) => r['rule'] === 'webc2-t1102' && (r['fp'] !== 0 || r['fn'] !== 0),
    );
    assert.deepEqual(
      bad.map((r) => `${String(r['case'])}: ${String(r['verdict'])}`),
      [],
    );
    const t = total('webc2-t1102');
    assert.ok((t['tp'] as number) >= 18);
  });

  it('shows where the seed rule misses and blames the wrong process', () => {
    const t = total('seed-t1102');
    assert.ok((t['fn'] as number) > 0, 'the seed misses command-line-only and BITS evidence');
    assert.ok((t['fp'] as number) > 0, 'the seed blames every process of the device');
    const bits = perCase.find(
      (r) => r['rule'] === 'seed-t1102' && String(r['case']).includes('bitsadmin'),
    )!;
    assert.match(String(bits['verdict']), /blames svchost\.exe/);
  });
});

describe('webc2 eval when data is missing', () => {
  it('names each case whose data is not there and exits 1, with no usage text', async () => {
    const dir = scratchDir('webc2-eval-');
    const labels = path.join(dir, 'labels.yaml');
    writeFileSync(
      labels,
      'cases:\n' +
        '  - id: field/F99-gone\n    path: ../nowhere/F99-gone\n    fieldCase: true\n' +
        '  - id: public/gone\n    path: ../nowhere/gone.zip\n    benign: true\n',
    );
    const run = await cli('eval', labels);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /field\/F99-gone: the data is not there: .*F99-gone\n/);
    assert.match(run.stderr, /public\/gone: the data is not there: .*gone\.zip\n/);
    assert.match(run.stderr, /none of the 2 cases' data could be read.*beside the repository/);
    assert.doesNotMatch(run.stderr, /Usage:/);
  });

  it('says a labels file it cannot read, and exits 1', async () => {
    const run = await cli('eval', path.join(scratchDir('webc2-eval-'), 'none.yaml'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /cannot read the labels .*none\.yaml: ENOENT/);
  });
});
