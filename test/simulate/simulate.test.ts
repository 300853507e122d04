import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { loadInputs, type FileReport } from '../../src/formats/load.js';
import { Normalizer, USED_EVENT_IDS } from '../../src/normalize/normalizer.js';
import { formatsFor, type SimFile, type SimFormat } from '../../src/simulate/model.js';
import { SCENARIOS, scenarioById } from '../../src/simulate/scenarios/index.js';
import { DEFAULT_START, formatMismatch, simulate } from '../../src/simulate/simulate.js';
import type { Table } from '../../src/table/table.js';
import type { Scalar } from '../../src/table/types.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'webc2-simulate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const opts = (seed: number, background: number) => ({ seed, background, start: DEFAULT_START });

interface ReadBack {
  files: FileReport[];
  sink: DiagnosticSink;
  tables: Map<string, Table>;
}

let runs = 0;
async function readBack(files: readonly SimFile[]): Promise<ReadBack> {
  const dir = path.join(scratch, String(runs++));
  mkdirSync(dir);
  for (const f of files) writeFileSync(path.join(dir, f.name), f.text);
  const sink = new DiagnosticSink();
  const n = new Normalizer(sink);
  const loaded = await loadInputs(
    [dir],
    (e) => n.add(e),
    { wantsEventId: (id) => USED_EVENT_IDS.has(id) },
    sink,
  );
  return { files: loaded.files, sink, tables: n.finish() };
}

function rows(t: Map<string, Table>, name: string): Record<string, Scalar>[] {
  return [...t.get(name)!.rows()];
}

const READER_FORMAT: Record<SimFormat, string> = {
  'sysmon-json': 'json',
  'sysmon-xml': 'xml',
  'mde-json': 'json',
  auditd: 'auditd',
};

describe('simulate: determinism', () => {
  for (const s of SCENARIOS) {
    for (const f of formatsFor(s.platform)) {
      it(`${s.id} as ${f}: the same seed writes the same bytes, another seed others`, () => {
        const a = simulate(s, f, opts(7, 40));
        assert.deepEqual(simulate(s, f, opts(7, 40)), a);
        assert.notDeepEqual(simulate(s, f, opts(8, 40)), a);
      });
    }
  }

  it('places events from the start it is given, not the clock', () => {
    const s = scenarioById('pastebin-dead-drop')!;
    const text = simulate(s, 'sysmon-json', opts(1, 0))[0]!.text;
    assert.match(text, /"UtcTime":"2025-03-04 09:12:00\.\d{3}"/);
    const later = simulate(s, 'sysmon-json', { ...opts(1, 0), start: Date.UTC(2031, 0, 2) })[0]!
      .text;
    assert.match(later, /"UtcTime":"2031-01-02 00:12:00\.\d{3}"/);
    assert.doesNotMatch(later, /2025-03-04/);
  });

  it('adds exactly the background asked for, and leaves the scenario’s own events alone', () => {
    const s = scenarioById('telegram-python')!;
    const lines = (n: number): string[] =>
      simulate(s, 'sysmon-json', opts(3, n))[0]!.text.trim().split('\n');
    const bare = lines(0);
    const busy = lines(57);
    assert.equal(busy.length - bare.length, 57);
    const scenarioLines = (all: string[]) =>
      all
        .filter((l) => l.includes('api.telegram.org'))
        .map((l) => JSON.parse(l).CommandLine ?? JSON.parse(l).QueryName);
    assert.deepEqual(scenarioLines(busy), scenarioLines(bare));
  });

  it('refuses a format that does not fit the platform', () => {
    assert.match(
      formatMismatch(scenarioById('github-raw-curl')!, 'sysmon-xml')!,
      /runs on Linux; use auditd or mde-json/,
    );
    assert.match(formatMismatch(scenarioById('discord-webhook')!, 'auditd')!, /runs on Windows/);
    assert.equal(formatMismatch(scenarioById('discord-webhook')!, 'mde-json'), undefined);
    assert.throws(
      () => simulate(scenarioById('discord-webhook')!, 'auditd', opts(1, 0)),
      /auditd cannot carry/,
    );
  });
});

describe('simulate: every scenario in every format reads back with nothing rejected', () => {
  for (const s of SCENARIOS) {
    for (const f of formatsFor(s.platform)) {
      it(`${s.id} as ${f}`, async () => {
        const back = await readBack(simulate(s, f, opts(11, 150)));
        assert.ok(back.files.length > 0);
        for (const file of back.files) {
          assert.equal(file.format, READER_FORMAT[f], file.name);
          assert.equal(file.skipped, undefined, file.name);
          assert.equal(file.rejected, 0, file.name);
          assert.ok(file.read > 0, file.name);
        }
        assert.deepEqual(
          back.sink.items.filter((d) => d.severity !== 'info').map((d) => `${d.code} ${d.message}`),
          [],
        );
        const blamed = rows(back.tables, 'DeviceNetworkEvents').filter(
          (r) =>
            String(r['InitiatingProcessFileName']).toLowerCase() === s.expect.fileName &&
            r['RemoteUrl'] === s.expect.host,
        );
        assert.ok(
          blamed.length > 0,
          `no connection of ${s.expect.fileName} named ${s.expect.host}`,
        );
      });
    }
  }
});

describe('simulate: the seed’s expected signals are there', () => {
  // [scenario, format, command-line words, DNS expected, script block expected]
  // prettier-ignore
  const cases: [string, SimFormat, string[], boolean, boolean][] = [
    ['pastebin-dead-drop', 'sysmon-json', ['Net.WebClient', 'pastebin.com'], true, true],
    ['pastebin-dead-drop', 'sysmon-xml', ['Net.WebClient', 'pastebin.com'], true, true],
    ['onedrive-graph', 'sysmon-json', ['Invoke-RestMethod', 'graph.microsoft.com'], true, false],
    ['discord-webhook', 'sysmon-xml', ['Invoke-RestMethod', 'discord.com/api/webhooks/'], true, false],
    ['telegram-python', 'sysmon-json', ['api.telegram.org'], true, false],
    ['pastebin-api-post', 'sysmon-json', ['api_post.php', '-Method Post'], true, true],
    ['fileio-curl-upload', 'mde-json', ['-F', 'file=@', 'file.io'], true, false],
    ['paste-shell-loop', 'auditd', ['-F', 'content=<-', 'dpaste.com/api/v2/'], false, false],
  ];
  for (const [id, format, words, dns, script] of cases) {
    it(`${id} as ${format}`, async () => {
      const s = scenarioById(id)!;
      const { tables } = await readBack(simulate(s, format, opts(5, 0)));
      const proc = rows(tables, 'DeviceProcessEvents').find(
        (r) =>
          String(r['FileName']).toLowerCase() === s.expect.fileName &&
          words.every((w) => String(r['ProcessCommandLine']).includes(w)),
      );
      assert.ok(proc, `no ${s.expect.fileName} process with ${words.join(', ')}`);
      const conn = rows(tables, 'DeviceNetworkEvents').find(
        (r) => r['InitiatingProcessId'] === proc['ProcessId'] && r['RemoteUrl'] === s.expect.host,
      );
      assert.equal(conn?.['RemotePort'], 443);
      assert.equal(conn?.['RemoteIPType'], 'Public');
      const events = rows(tables, 'DeviceEvents');
      assert.equal(
        events.some(
          (r) => r['ActionType'] === 'DnsQueryResponse' && r['RemoteUrl'] === s.expect.host,
        ),
        dns,
      );
      assert.equal(
        events.some((r) => r['ActionType'] === 'PowerShellCommand'),
        script,
      );
    });
  }

  it('github-raw-curl in auditd: curl’s execve, a GitHub CDN address on 443, a file under /tmp', async () => {
    const s = scenarioById('github-raw-curl')!;
    const { tables } = await readBack(simulate(s, 'auditd', opts(5, 0)));
    const curl = rows(tables, 'DeviceProcessEvents').find((r) => r['FileName'] === 'curl')!;
    assert.match(
      String(curl['ProcessCommandLine']),
      /^curl -fsSL -o \/tmp\/\S+ https:\/\/raw\.githubusercontent\.com\//,
    );
    assert.equal(curl['InitiatingProcessFileName'], '');
    const conn = rows(tables, 'DeviceNetworkEvents').filter(
      (r) => r['InitiatingProcessId'] === curl['ProcessId'],
    );
    assert.deepEqual(
      conn.map((r) => [
        r['RemotePort'],
        r['RemoteUrl'],
        /^185\.199\.(108|109|110|111)\.133$/.test(String(r['RemoteIP'])) || r['RemoteIP'],
      ]),
      [
        [53, '', '127.0.0.53'],
        [443, 'raw.githubusercontent.com', true],
      ],
    );
    const created = rows(tables, 'DeviceFileEvents');
    assert.deepEqual(
      created.map((r) => [r['FolderPath'], r['InitiatingProcessFileName']]),
      [['/tmp/webc2-test-payload.txt', 'curl']],
    );
  });

  it('paste-shell-loop in auditd: the pipeline’s records interleave and every process is still whole', async () => {
    const s = scenarioById('paste-shell-loop')!;
    const text = simulate(s, 'auditd', opts(5, 0))[0]!.text;
    const serials = text
      .split('\n')
      .filter(Boolean)
      .map((l) => /:(\d+)\):/.exec(l)![1]);
    const switches = serials.filter((x, i) => i > 0 && x !== serials[i - 1]).length;
    const distinct = new Set(serials).size;
    assert.ok(switches > distinct - 1, 'records of concurrent events interleave');
    const { tables } = await readBack([{ name: 'a.log', text }]);
    assert.deepEqual(
      rows(tables, 'DeviceProcessEvents').map(
        (r) => `${r['InitiatingProcessFileName']}>${r['FileName']}`,
      ),
      ['>dash', 'dash>curl', 'dash>dash', 'dash>curl', 'dash>id', 'dash>uname'],
    );
  });
});
