import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSimulate } from '../../src/cli/simulate.js';
import { SCENARIOS } from '../../src/simulate/scenarios/index.js';
import { cli } from './run-cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'webc2-cli-simulate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('webc2 simulate', () => {
  it('--list prints one scenario a line, its id first', async () => {
    const run = await cli('simulate', '--list');
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      SCENARIOS.map((s) => s.id),
    );
    assert.match(lines[2]!, /^github-raw-curl\s+linux\s+auditd,mde-json\s+curl fetching/);
  });

  it('writes the files, names them on stdout, and the same seed writes the same bytes', async () => {
    const a = path.join(scratch, 'a');
    const b = path.join(scratch, 'b');
    const one = await cli(
      'simulate',
      'paste-shell-loop',
      '-f',
      'auditd',
      '-o',
      a,
      '--seed',
      '42',
      '--background',
      '25',
    );
    const two = await cli(
      'simulate',
      'paste-shell-loop',
      '--format=auditd',
      '--output',
      b,
      '--seed=42',
      '--background=25',
    );
    assert.equal(one.code, 0);
    assert.equal(two.code, 0);
    assert.equal(one.stdout, `${path.join(a, 'paste-shell-loop.audit.log')}\n`);
    assert.match(
      one.stderr,
      /paste-shell-loop as auditd \(seed 42, 25 background events\): 1 file written/,
    );
    assert.deepEqual(readdirSync(b), ['paste-shell-loop.audit.log']);
    assert.equal(
      readFileSync(path.join(a, 'paste-shell-loop.audit.log'), 'utf8'),
      readFileSync(path.join(b, 'paste-shell-loop.audit.log'), 'utf8'),
    );
  });

  it('writes one file per Defender table for mde-json', async () => {
    const dir = path.join(scratch, 'mde');
    const run = await cli(
      'simulate',
      'github-raw-curl',
      '-f',
      'mde-json',
      '-o',
      dir,
      '--background',
      '0',
    );
    assert.equal(run.code, 0);
    assert.deepEqual(readdirSync(dir).sort(), [
      'github-raw-curl.DeviceFileEvents.json',
      'github-raw-curl.DeviceNetworkEvents.json',
      'github-raw-curl.DeviceProcessEvents.json',
    ]);
  });

  // [arguments, message on stderr]
  // prettier-ignore
  const misuse: [string[], RegExp][] = [
    [['github-raw-curl', '-f', 'sysmon-json', '-o', 'x'], /sysmon-json cannot carry scenario 'github-raw-curl': it runs on Linux; use auditd or mde-json/],
    [['discord-webhook', '-f', 'auditd', '-o', 'x'], /auditd cannot carry scenario 'discord-webhook': it runs on Windows/],
    [['no-such-scenario', '-o', 'x'], /Unknown scenario 'no-such-scenario'/],
    [['discord-webhook', '-f', 'evtx', '-o', 'x'], /--format must be one of/],
    [['discord-webhook'], /needs -o <dir>/],
    [['discord-webhook', '-o', 'x', '--seed=-3'], /--seed takes a whole number/],
    [['discord-webhook', '-o', 'x', '--background', 'many'], /--background takes a whole number/],
    [['discord-webhook', '-o', 'x', '--start', 'tomorrow'], /--start takes an ISO 8601 datetime/],
    [[], /one scenario id/],
  ];
  for (const [argv, message] of misuse) {
    it(`refuses ${argv.join(' ') || '(nothing)'} with exit 2`, async () => {
      const run = await cli('simulate', ...argv);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: webc2 simulate/);
    });
  }

  it('--help goes to stdout', async () => {
    const run = await cli('simulate', '--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: webc2 simulate --list/);
  });

  it('parses defaults into a plan', () => {
    const plan = parseSimulate(['telegram-python', '-o', 'out', '--start', '2026-01-01T00:00:00Z']);
    assert.ok(plan.kind === 'write');
    assert.deepEqual(
      [plan.scenario.id, plan.format, plan.seed, plan.background, plan.start],
      ['telegram-python', 'sysmon-json', 1, 100, Date.UTC(2026, 0, 1)],
    );
  });
});
