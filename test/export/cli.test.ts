import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseExport } from '../../src/cli/export.js';
import { cli } from '../cli/run-cli.js';
import { scratchDir } from '../helpers.js';

const tmp = (): string => scratchDir('webc2-export-');

describe('webc2 export', () => {
  it('prints its usage on --help to stdout', async () => {
    const run = await cli('export', '--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: webc2 export <target>/);
    assert.equal(run.stderr, '');
  });

  it('is a usage error (exit 2, stderr) without a target, with an unknown one, or a bad rule', async () => {
    for (const args of [
      [],
      ['splunkk'],
      ['sigma', 'elastic'],
      ['defender', '--rule', 'nope'],
      ['sigma', '--rule', 'seed-t1102'],
      ['sigma', '--allowlist', 'allow.csv'],
      ['defender', '--bogus'],
    ]) {
      const run = await cli('export', ...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
      assert.match(run.stderr, /^webc2 export: .+\n\nUsage: webc2 export/, args.join(' '));
    }
  });

  it('plans the rules a target can carry', () => {
    assert.deepEqual(
      parseExport(['sigma']).rules.map((r) => r.id),
      ['webc2-t1102'],
    );
    assert.deepEqual(
      parseExport(['sentinel']).rules.map((r) => r.id),
      ['seed-t1102', 'webc2-t1102'],
    );
    assert.equal(parseExport(['splunk', '-o', '-']).output, undefined);
  });

  it('writes one file to stdout, the same bytes every time', async () => {
    const a = await cli('export', 'splunk');
    const b = await cli('export', 'splunk');
    assert.equal(a.code, 0);
    assert.equal(a.stderr, '');
    assert.match(a.stdout, /^``` webc2-t1102 for Splunk/);
    assert.equal(a.stdout, b.stdout);
  });

  it('asks for a folder when a target writes several files', async () => {
    const run = await cli('export', 'sigma');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /sigma writes 6 files .*name a folder with -o/);
  });

  it('writes several files into -o DIR, each named after its rule', async () => {
    const dir = path.join(tmp(), 'out');
    const run = await cli('export', 'sentinel', '--rule', 'webc2-t1102', '-o', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(dir).sort(), [
      'webc2-allowlist.csv',
      'webc2-t1102.json',
      'webc2-t1102.yaml',
    ]);
    assert.match(run.stderr, /wrote 3 files to /);
    const arm = JSON.parse(readFileSync(path.join(dir, 'webc2-t1102.json'), 'utf8')) as {
      resources: { type: string }[];
    };
    assert.deepEqual(
      arm.resources.map((r) => r.type),
      [
        'Microsoft.OperationalInsights/workspaces/savedSearches',
        'Microsoft.OperationalInsights/workspaces/savedSearches',
        'Microsoft.OperationalInsights/workspaces/providers/alertRules',
      ],
    );
  });

  it('writes one file to -o FILE, and inlines an allowlist for Defender', async () => {
    const dir = tmp();
    const allow = path.join(dir, 'allow.csv');
    writeFileSync(
      allow,
      'Process,Path,Signer,Domain,Device,Account,Reason\ngit.exe,C:\\Tools\\*,,github.com,,,"build, nightly"\n',
    );
    const out = path.join(dir, 'rule.kql');
    const run = await cli(
      'export',
      'defender',
      '-r',
      'webc2-t1102',
      '--allowlist',
      allow,
      '-o',
      out,
    );
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(
      text,
      /"git\.exe", "git\.exe", "C:\\\\Tools\\\\\*", "", "github\.com", "", "", "build, nightly"/,
    );
    assert.doesNotMatch(text, /_GetWatchlist/);
  });

  it('refuses to export from a catalogue with errors, and writes nothing', async () => {
    const dir = tmp();
    const bad = path.join(dir, 'mine.tsv');
    writeFileSync(
      bad,
      'domain\tmatch\tservice\tcategories\tsource\nexample.org\tsometimes\tX\tc2\tlocal\n',
    );
    const out = path.join(dir, 'out');
    const run = await cli('export', 'sigma', '--catalog', bad, '-o', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /mine\.tsv:2:\d+: error CAT0004/);
    assert.throws(() => readdirSync(out));
  });
});
