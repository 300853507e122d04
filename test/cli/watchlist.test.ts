import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics.js';
import { readAllowlist, readWatchlist } from '../../src/cli/watchlist.js';
import { repoRoot, scratchDir } from '../helpers.js';
import { cli, jsonLines } from './run-cli.js';

function file(text: string): string {
  const p = path.join(scratchDir('webc2-wl-'), 'list.csv');
  writeFileSync(p, text);
  return p;
}

describe('allowlists', () => {
  it('match headers without case, read semicolons, and drop rows that name nothing', () => {
    const problems: Diagnostic[] = [];
    const t = readAllowlist(file('process;DOMAIN;Note\ngit.exe;github.com;x\n;;\n'), problems);
    assert.deepEqual(
      [...t.rows()].map((r) => [r['Process'], r['Domain']]),
      [['git.exe', 'github.com']],
    );
    assert.deepEqual(
      problems.map((d) => d.code),
      ['WL0002', 'WL0003'],
    );
  });

  it('refuse a file that names none of the columns', () => {
    assert.throws(() => readAllowlist(file('foo,bar\n1,2\n'), []), /names none of the columns/);
  });

  it('never silence every alert with an empty row', async () => {
    const allow = file('Process,Path,Signer,Domain,Device,Account,Reason\n,,,,,,\n');
    const run = await cli(
      'hunt',
      path.join(repoRoot, 'examples'),
      '-r',
      'webc2-t1102',
      '--allowlist',
      allow,
      '-f',
      'jsonl',
    );
    assert.equal(jsonLines(run.stdout).length, 1);
    assert.match(run.stderr, /WL0003/);
  });

  it('keep a generic watchlist as it is, a SearchKey first', () => {
    const t = readWatchlist(file('Name\tReason\na\tb\n'));
    assert.deepEqual(
      t.specs.map((s) => s.name),
      ['SearchKey', 'Name', 'Reason'],
    );
    assert.deepEqual(t.row(0), { SearchKey: 'a', Name: 'a', Reason: 'b' });
  });
});
