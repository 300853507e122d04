import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ingest } from '../../src/cli/ingest.js';
import { repoRoot, scratchDir, sharedPath } from '../helpers.js';
import { cli, jsonLines } from './run-cli.js';

const SEED_DOMAINS = [
  'pastebin.com',
  'paste.ee',
  'ghostbin.co',
  'api.github.com',
  'raw.githubusercontent.com',
  'gist.github.com',
  'graph.microsoft.com',
  'onedrive.live.com',
  'api.onedrive.com',
  'www.googleapis.com',
  'drive.google.com',
  'storage.googleapis.com',
  'api.dropboxapi.com',
  'content.dropboxapi.com',
  'discord.com',
  'discordapp.com',
  'cdn.discordapp.com',
  'api.telegram.org',
  'slack.com',
  'api.slack.com',
  'firebaseio.com',
  'firebase.googleapis.com',
  'api.notion.so',
  'gitee.com',
  'top4top.io',
];

/** Label-boundary match written independently of the product's matcher. */
function isSeedDomain(url: string): boolean {
  const host = url.toLowerCase().replace(/\.$/, '');
  return SEED_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}

describe('webc2 hunt over the Security-Datasets Sysmon archives', async () => {
  const dir = sharedPath('data', 'sysmon-json');
  const run = await cli('hunt', dir, '--format', 'jsonl', '--rule', 'webc2-t1102');
  const alerts = jsonLines(run.stdout);

  it('reads all nine archives without unpacking them, and completes', () => {
    assert.equal(run.code, 0);
    assert.match(run.stderr, /9 files read \(json 9\)/);
    assert.match(run.stderr, /112,076 read = /);
    assert.match(run.stderr, /0 rejected/);
  });

  it('reports every web-service connection of the seed’s domains, blamed on the process that made it', async () => {
    const data = await ingest([dir]);
    const net = data.tables.get('DeviceNetworkEvents')!;
    const expected = new Set<string>();
    let bitsJobs = 0;
    for (const r of net.rows()) {
      if (r['ActionType'] !== 'ConnectionSuccess' || !isSeedDomain(String(r['RemoteUrl'])))
        continue;
      // The BITS service downloads on behalf of bitsadmin: the requester is blamed, never the service.
      if (/-s BITS/i.test(String(r['InitiatingProcessCommandLine']))) {
        bitsJobs++;
        expected.add(`bitsadmin.exe ${String(r['RemoteUrl'])}`);
        continue;
      }
      expected.add(
        `${String(r['InitiatingProcessFileName']).toLowerCase()} ${String(r['RemoteUrl'])}`,
      );
    }
    assert.ok(expected.size >= 3, `expected several positives, found ${expected.size}`);
    assert.ok(bitsJobs > 0, 'the bitsadmin dataset has BITS service traffic');
    const found = new Set<string>();
    for (const a of alerts) {
      for (const h of a['Hosts'] as string[])
        found.add(`${String(a['FileName']).toLowerCase()} ${h}`);
    }
    for (const e of expected) assert.ok(found.has(e), `no alert for ${e}`);
    assert.ok(!alerts.some((a) => String(a['FileName']).toLowerCase() === 'svchost.exe'));
  });

  it('raises nothing for the Azure agents’ blob storage or the Defender engine’s GitHub avatars', () => {
    assert.ok(!alerts.some((a) => String(a['RemoteUrl']).endsWith('.blob.core.windows.net')));
    assert.ok(!alerts.some((a) => String(a['FileName']).toLowerCase() === 'msmpeng.exe'));
  });
});

describe('field cases', () => {
  const out = scratchDir('webc2-fc-');
  for (const name of [
    'F05-lookalike-domains',
    'F06-dns-cname-fusion',
    'F07-unknown-process-dns',
    'F09-bad-files',
  ]) {
    it(`${name} passes the shared checker`, async () => {
      const caseDir = sharedPath('field-cases', name);
      const run = await cli('hunt', caseDir, '--format', 'jsonl');
      assert.equal(run.code, 0, run.stderr);
      const file = path.join(out, `${name}.jsonl`);
      writeFileSync(file, run.stdout);
      const verdict = execFileSync(
        'python3',
        [sharedPath('tools', 'check_field_case.py'), caseDir, file],
        { encoding: 'utf8' },
      );
      assert.equal(verdict.trim(), 'ok');
    });
  }

  it('F05: the seed rule, verbatim, matches pastebin.com.cdn-edge.example by term semantics; webc2-t1102 does not', async () => {
    const run = await cli(
      'hunt',
      sharedPath('field-cases', 'F05-lookalike-domains'),
      '--format',
      'jsonl',
    );
    const alerts = jsonLines(run.stdout);
    const seed = alerts.filter((a) => a['RuleId'] === 'seed-t1102').map((a) => a['RemoteUrl']);
    assert.ok(seed.includes('pastebin.com.cdn-edge.example'));
    assert.ok(!alerts.some((a) => a['RuleId'] === 'webc2-t1102'));
  });

  it('F09: every bad file and line is named, and the good records are used', async () => {
    const run = await cli('hunt', sharedPath('field-cases', 'F09-bad-files'), '--format', 'jsonl');
    assert.match(run.stderr, /empty\.evtx.*empty/);
    assert.match(run.stderr, /truncated\.evtx/);
    assert.match(run.stderr, /events\.json:4: Not valid JSON/);
    assert.match(run.stderr, /events\.json:5: Not valid JSON/);
    // The records the truncated log's header promises and its chunks no longer hold.
    assert.match(run.stderr, /records 125–565 are missing \(441\)/);
    const m =
      /records: (\d+) read \(441 of them missing from damaged EVTX files\) = (\d+) kept \+ (\d+) not used by any table \+ (\d+) rejected/.exec(
        run.stderr,
      );
    assert.ok(m, run.stderr);
    const [read, kept, notUsed, rejected] = m.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    assert.equal(read, kept + notUsed + rejected);
    assert.equal(rejected, 441 + 2);
    assert.ok(
      jsonLines(run.stdout).some(
        (a) => a['RuleId'] === 'webc2-t1102' && a['RemoteUrl'] === 'paste.ee',
      ),
    );
  });
});

describe('the README quick start', () => {
  it('prints the dead-drop alert from examples/', async () => {
    const run = await cli('hunt', path.join(repoRoot, 'examples'), '--format', 'jsonl');
    assert.equal(run.code, 0);
    const hit = jsonLines(run.stdout).find(
      (a) => a['RuleId'] === 'webc2-t1102' && a['RemoteUrl'] === 'pastebin.com',
    );
    assert.ok(hit, 'no webc2-t1102 alert for pastebin.com');
    assert.equal(hit['FileName'], 'powershell.exe');
    assert.equal(hit['Severity'], 'high');
  });
});

describe('exit status', () => {
  it('is 2 for usage errors, with the message on stderr', async () => {
    for (const argv of [
      [],
      ['hunt'],
      ['hunt', '--format', 'xml', 'x'],
      ['hunt', '--now', 'yesterday', 'x'],
      ['nope'],
      ['hunt', '--bogus', 'x'],
    ]) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '');
      assert.notEqual(r.stderr, '');
    }
  });
  it('is 0 with help on stdout for --help', async () => {
    const r = await cli('hunt', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: webc2 hunt/);
  });
  it('is 1 when the output cannot be written, with the reason and no usage text', async () => {
    const examples = path.join(repoRoot, 'examples');
    const notAFolder = path.join(repoRoot, 'package.json', 'alerts.html');
    for (const argv of [
      ['hunt', examples, '-f', 'html', '-o', notAFolder],
      ['query', 'DeviceProcessEvents | take 1', examples, '-f', 'csv', '-o', notAFolder],
    ]) {
      const r = await cli(...argv, '-q');
      assert.equal(r.code, 1, argv.join(' '));
      assert.match(r.stderr, /Cannot write .*alerts\.html: ENOTDIR/);
      assert.doesNotMatch(r.stderr, /Usage:/);
    }
  });
  it('is 1 when nothing could be read', async () => {
    const r = await cli('hunt', path.join(tmpdir(), 'webc2-does-not-exist'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /IN0001/);
  });
});
