import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readJson } from '../../../src/formats/sysmon/json.js';
import { sharedPath } from '../../helpers.js';
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

const good = (n: number): string =>
  line({
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Hostname: `H${n}`,
    UtcTime: '2024-01-01 00:00:00.000',
  });

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

const row = (n: number): Record<string, unknown> => ({
  Timestamp: `2024-01-01T00:00:0${n}Z`,
  DeviceName: `h${n}`,
  RemoteIP: '1.2.3.4',
  RemotePort: 443,
  LocalIP: '10.0.0.1',
  RemoteUrl: 'x',
});

/** Where each record came from and every diagnostic, for compact comparison. */
function summary(c: ReturnType<typeof collect>): unknown {
  return {
    hosts: c.events.map((e) =>
      e.kind === 'windows' ? e.computer : e.kind === 'defender' ? String(e.row['DeviceName']) : '',
    ),
    lines: c.events.map((e) => e.source.line),
    stats: [c.stats.read, c.stats.rejected],
    diagnostics: c.sink.items.map((d) => [d.code, d.line, d.offset]),
  };
}

describe('JSON records nested too deeply', () => {
  const deep = `{"EventID":1,"x":${nested(5000)}}`;
  const cases: [string, string, number, [string, number][]][] = [
    ['a JSON line', [good(1), deep, good(2), good(3), good(4)].join('\n'), 4, [['JSON0006', 2]]],
    ['the first JSON line', [deep, good(2), good(3)].join('\n'), 2, [['JSON0006', 1]]],
    ['an array item', `[${good(1)},${deep},${good(2)}]`, 2, [['JSON0006', 1]]],
    ['a result row', `{"Results":[${line(row(1))},${deep}]}`, 1, [['JSON0006', 1]]],
    [
      'a pretty-printed document in a stream',
      `${JSON.stringify(JSON.parse(good(1)), null, 2)}\n${deep}\n${JSON.stringify(JSON.parse(good(2)), null, 2)}`,
      2,
      [['JSON0006', 7]],
    ],
  ];
  for (const [where, text, kept, diags] of cases) {
    it(`rejects ${where} and reads on`, () => {
      const c = collect(readJson, text);
      assert.equal(c.events.length, kept);
      assert.equal(c.stats.read, kept + 1);
      assert.equal(c.stats.rejected, 1);
      assert.deepEqual(
        c.sink.items.map((d) => [d.code, d.line]),
        diags,
      );
      assert.match(c.sink.items[0]!.message, /nested too deeply/);
    });
  }

  it('still reads a record nested as deep as real logs go', () => {
    const c = collect(readJson, `{"EventID":1,"Hostname":"H","x":${nested(40)}}`);
    assert.equal(c.events.length, 1);
    assert.equal(c.stats.rejected, 0);
  });
});

describe('concatenated pretty-printed JSON documents (evtx_dump, jq, ConvertTo-Json)', () => {
  const doc = (n: number): string => JSON.stringify(JSON.parse(good(n)), null, 2);
  const nestedDoc = (n: number): string =>
    JSON.stringify(
      {
        Event: {
          '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
          System: {
            Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } },
            EventID: 1,
            Computer: `H${n}`,
            TimeCreated: { '#attributes': { SystemTime: '2024-01-01T00:00:00Z' } },
          },
          EventData: { Image: 'C:\\a.exe' },
        },
      },
      null,
      2,
    );
  const d1 = doc(1);
  const lines1 = d1.split('\n').length;
  const cases: [string, string, unknown][] = [
    [
      'three flat documents',
      [doc(1), doc(2), doc(3)].join('\n'),
      {
        hosts: ['H1', 'H2', 'H3'],
        lines: [1, 1 + lines1, 1 + 2 * lines1],
        stats: [3, 0],
        diagnostics: [],
      },
    ],
    [
      'evtx_dump documents with CRLF and blank lines between',
      [nestedDoc(1), nestedDoc(2)].join('\r\n\r\n').replace(/(?<!\r)\n/g, '\r\n') + '\r\n',
      {
        hosts: ['H1', 'H2'],
        lines: [1, nestedDoc(1).split('\n').length + 2],
        stats: [2, 0],
        diagnostics: [],
      },
    ],
    [
      'documents with no newline between them',
      `${doc(1)}${doc(2)}\n${doc(3)}`,
      {
        hosts: ['H1', 'H2', 'H3'],
        lines: [1, lines1, 2 * lines1],
        stats: [3, 0],
        diagnostics: [],
      },
    ],
    [
      'a document cut short in the middle',
      [doc(1), doc(2).slice(0, 40), doc(3)].join('\n'),
      {
        hosts: ['H1', 'H3'],
        lines: [1, 1 + lines1 + doc(2).slice(0, 40).split('\n').length],
        stats: [3, 1],
        diagnostics: [['JSON0001', 1 + lines1, d1.length + 1]],
      },
    ],
    [
      'a document broken inside a string',
      [doc(1), doc(2).replace('"H2"', '"H2'), doc(3)].join('\n'),
      {
        hosts: ['H1', 'H3'],
        lines: [1, 1 + 2 * lines1],
        stats: [3, 1],
        diagnostics: [['JSON0001', 1 + lines1, d1.length + 1]],
      },
    ],
    [
      'a line of junk between documents',
      [doc(1), 'junk', doc(2)].join('\n'),
      {
        hosts: ['H1', 'H2'],
        lines: [1, 2 + lines1],
        stats: [3, 1],
        diagnostics: [['JSON0001', 1 + lines1, d1.length + 1]],
      },
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what}, one record per document`, () => {
      assert.deepEqual(summary(collect(readJson, text)), expected);
    });
  }

  it('keeps JSON lines and single documents as they were', () => {
    assert.deepEqual(summary(collect(readJson, [good(1), good(2)].join('\n'))), {
      hosts: ['H1', 'H2'],
      lines: [1, 2],
      stats: [2, 0],
      diagnostics: [],
    });
    assert.deepEqual(summary(collect(readJson, doc(1))), {
      hosts: ['H1'],
      lines: [1],
      stats: [1, 0],
      diagnostics: [],
    });
  });

  it('reads every multi-event file of the Sigma regression set without a rejection', () => {
    const root = sharedPath('data', 'sigma-regression');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(root, f));
    let multi = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const docs = text.split('\n').filter((l) => l.startsWith('{')).length;
      if (docs < 2) continue;
      multi++;
      const c = collect(readJson, text);
      assert.deepEqual([c.stats.read, c.stats.rejected, c.events.length], [docs, 0, docs], f);
    }
    assert.ok(multi >= 10);
  });
});

describe('truncated exports', () => {
  const r = [row(1), row(2), row(3)].map((x) => line(x));
  const cutAt = (text: string, marker: string): string => text.slice(0, text.indexOf(marker) + 30);
  const cases: [string, string, string[], number][] = [
    ['a {"Results": […] export cut inside a row', `{"Results":[${r.join(',')}]}`, ['h1', 'h2'], 3],
    [
      'an API answer with its Schema first',
      `{"Schema":[{"Name":"Timestamp","Type":"DateTime"}],"Results":[${r.join(',')}]}`,
      ['h1', 'h2'],
      3,
    ],
    ['a top-level array', `[${r.join(',')}]`, ['h1', 'h2'], 3],
    ['a pretty-printed array', JSON.stringify([row(1), row(2), row(3)], null, 2), ['h1', 'h2'], 3],
    [
      'a streaming API batch',
      line({
        records: [1, 2, 3].map((n) => ({
          time: `2024-01-01T00:00:0${n}Z`,
          category: 'AdvancedHunting-DeviceNetworkEvents',
          properties: row(n),
        })),
      }),
      ['h1', 'h2'],
      3,
    ],
  ];
  for (const [what, whole, hosts, read] of cases) {
    it(`recovers every complete row of ${what}`, () => {
      const text = cutAt(whole, 'h3');
      const c = collect(readJson, text);
      assert.deepEqual(
        c.events.map((e) => (e.kind === 'defender' ? e.row['DeviceName'] : '')),
        hosts,
      );
      assert.deepEqual([c.stats.read, c.stats.rejected], [read, 1]);
      assert.deepEqual(
        c.sink.items.map((d) => d.code),
        ['JSON0005'],
      );
      const at = c.sink.items[0]!.offset!;
      assert.ok(text.slice(at).trimStart().startsWith('{'), text.slice(at, at + 20));
      assert.ok(text.slice(at).includes('h3'));
    });
  }

  it('reports the cut once even when it falls between rows', () => {
    const c = collect(readJson, `{"Results":[${r[0]},${r[1]},`);
    assert.equal(c.events.length, 2);
    assert.deepEqual(
      c.sink.items.map((d) => d.code),
      ['JSON0005'],
    );
  });

  it('rejects a broken row inside a complete array and keeps the others', () => {
    const c = collect(readJson, `[${r[0]},\n{"Timestamp": oops},\n${r[2]}]`);
    assert.deepEqual(summary(c), {
      hosts: ['h1', 'h3'],
      lines: [1, 3],
      stats: [3, 1],
      diagnostics: [['JSON0001', 2, r[0]!.length + 3]],
    });
  });
});
