import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
