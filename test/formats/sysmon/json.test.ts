import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJson } from '../../../src/formats/sysmon/json.js';
import { collect } from '../collect.js';

const line = (o: unknown): string => JSON.stringify(o);

describe('JSON event reader', () => {
  it('reads flat Sysmon events; numbers may be strings', () => {
    const c = collect(
      readJson,
      [
        line({
          EventID: 3,
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Hostname: 'H1',
          UtcTime: '2020-10-23 06:36:42.306',
          DestinationPort: '443',
          ProcessId: '4584',
        }),
        line({
          EventID: '22',
          SourceName: 'Microsoft-Windows-Sysmon',
          Computer: 'H2',
          QueryName: 'pastebin.com',
        }),
      ].join('\n'),
    );
    assert.equal(c.events.length, 2);
    const [a, b] = c.events as {
      kind: string;
      eventId: number;
      computer: string;
      provider: string;
      data: Record<string, string>;
    }[];
    assert.equal(a!.eventId, 3);
    assert.equal(a!.provider, 'Microsoft-Windows-Sysmon');
    assert.equal(a!.data['DestinationPort'], '443');
    assert.equal(b!.eventId, 22);
    assert.equal(b!.computer, 'H2');
  });

  it('reports each broken line with its number and reads the rest', () => {
    const c = collect(
      readJson,
      [
        line({ EventID: 1, Hostname: 'H' }),
        '{"EventID": 1, "Image": "C:\\\\bro',
        'not json at all',
        '',
        line({ EventID: 3, Hostname: 'H' }),
      ].join('\n'),
    );
    assert.equal(c.events.length, 2);
    assert.equal(c.stats.read, 4);
    assert.equal(c.stats.rejected, 2);
    assert.deepEqual(
      c.sink.items.map((d) => [d.code, d.line]),
      [
        ['JSON0001', 2],
        ['JSON0001', 3],
      ],
    );
  });

  it('counts lines of unused event ids without parsing them, but parses lines it cannot pre-read', () => {
    // The first record is always decoded: it tells the file's shape.
    const c = collect(
      readJson,
      [
        line({ EventID: 1, Hostname: 'H' }),
        line({ EventID: 10, Hostname: 'H' }),
        line({ EventID: '7', Hostname: 'H' }),
        '{"EventID": 10, broken',
      ].join('\n'),
      (id) => id === 1,
    );
    assert.equal(c.events.length, 1);
    assert.equal(c.stats.passed, 2);
    assert.equal(c.stats.rejected, 1, 'a broken line is reported even when its id is unused');
  });

  it('reads Defender rows: an array, {"Results": …}, JSON lines, and the streaming API', () => {
    const row = {
      Timestamp: '2024-01-01T00:00:00Z',
      DeviceName: 'h',
      RemoteIP: '1.2.3.4',
      RemotePort: 443,
      LocalIP: '10.0.0.1',
      RemoteUrl: 'x',
    };
    for (const text of [
      line([row, row]),
      line({ Results: [row, row] }),
      `${line(row)}\n${line(row)}`,
    ]) {
      const c = collect(readJson, text);
      assert.equal(c.events.length, 2, text.slice(0, 30));
      assert.ok(c.events.every((e) => e.kind === 'defender' && e.table === 'DeviceNetworkEvents'));
    }
    const api = collect(
      readJson,
      line({
        records: [
          {
            time: '2024-01-01T00:00:00Z',
            category: 'AdvancedHunting-DeviceProcessEvents',
            properties: { DeviceName: 'h', FileName: 'a.exe' },
          },
        ],
      }),
    );
    assert.equal(api.events.length, 1);
    const e = api.events[0]!;
    assert.ok(
      e.kind === 'defender' &&
        e.table === 'DeviceProcessEvents' &&
        e.row['Timestamp'] === '2024-01-01T00:00:00Z',
    );
  });

  it('reads nested Event JSON and Winlogbeat', () => {
    const nested = collect(
      readJson,
      line({
        Event: {
          System: {
            Provider: { '@Name': 'Microsoft-Windows-Sysmon' },
            EventID: 1,
            Computer: 'H',
            TimeCreated: { '@SystemTime': '2024-01-01T00:00:00.1234567Z' },
          },
          EventData: { Data: [{ '@Name': 'Image', '#text': 'C:\\a.exe' }] },
        },
      }),
    );
    assert.equal(nested.events.length, 1);
    const n = nested.events[0]! as { data: Record<string, string>; timeCreated: string };
    assert.equal(n.data['Image'], 'C:\\a.exe');
    assert.equal(n.timeCreated, '2024-01-01T00:00:00.1234567Z');
    const beat = collect(
      readJson,
      line({
        '@timestamp': '2024-01-01T00:00:00Z',
        winlog: {
          event_id: 3,
          provider_name: 'Microsoft-Windows-Sysmon',
          computer_name: 'H',
          event_data: { DestinationIp: '1.1.1.1' },
        },
      }),
    );
    assert.equal(
      (beat.events[0] as { data: Record<string, string> }).data['DestinationIp'],
      '1.1.1.1',
    );
  });

  it('skips a JSON file in no known shape as a whole instead of rejecting every record', () => {
    const c = collect(readJson, line({ why: 'expectations', alerts: 'none' }));
    assert.equal(typeof c.result, 'string');
    assert.equal(c.events.length, 0);
    assert.equal(c.stats.rejected, 0);
  });
});
