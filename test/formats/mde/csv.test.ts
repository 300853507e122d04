import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCsv } from '../../../src/formats/mde/csv.js';
import { collect } from '../collect.js';

describe('Defender CSV reader', () => {
  it('reads the portal export, strips the zone from time headers, and says the times are local', () => {
    const text =
      'Timestamp [Local Time],DeviceName,ActionType,RemoteIP,RemotePort,LocalIP,RemoteUrl\n' +
      '"10/25/2023, 9:43:21.990 AM",wks1,ConnectionSuccess,1.2.3.4,443,10.0.0.1,pastebin.com\n' +
      'short,row\n';
    const c = collect(readCsv, text);
    assert.equal(c.events.length, 1);
    const e = c.events[0]!;
    assert.ok(e.kind === 'defender' && e.table === 'DeviceNetworkEvents');
    assert.equal(e.row['Timestamp'], '10/25/2023, 9:43:21.990 AM');
    assert.deepEqual(
      c.sink.items.map((d) => d.code),
      ['CSV0003', 'CSV0002'],
    );
    assert.equal(c.sink.items[1]!.line, 3);
  });
});

describe('Defender CSV rows that cannot be read', () => {
  const header =
    'Timestamp [Local Time],DeviceName,ActionType,RemoteIP,RemotePort,LocalIP,RemoteUrl,InitiatingProcessFileName';
  const good = (n: number): string =>
    `"10/25/2023, 9:4${n}:21.990 AM",wks${n},ConnectionSuccess,1.2.3.${n},443,10.0.0.1,pastebin.com,powershell.exe`;
  const open = (n: number): string =>
    `"10/25/2023, 9:4${n}:21.990 AM,wks${n},ConnectionSuccess,1.2.3.${n},443,10.0.0.1,x.com,cmd.exe`;
  /** Hosts kept with their lines, read and rejected, and the diagnostics (CSV0003 aside). */
  function outcome(text: string): unknown {
    const c = collect(readCsv, text);
    return {
      kept: c.events.map((e) => [e.kind === 'defender' ? e.row['DeviceName'] : '', e.source.line]),
      stats: [c.stats.read, c.stats.rejected],
      diagnostics: c.sink.items.filter((d) => d.code !== 'CSV0003').map((d) => [d.code, d.line]),
    };
  }
  const cases: [string, string[], unknown][] = [
    [
      'an unterminated quote on the last row',
      [header, good(1), good(2), open(3)],
      {
        kept: [
          ['wks1', 2],
          ['wks2', 3],
        ],
        stats: [3, 1],
        diagnostics: [['CSV0001', 4]],
      },
    ],
    [
      'an unterminated quote before more quoted rows',
      [header, good(1), open(2), good(3), good(4)],
      {
        kept: [
          ['wks1', 2],
          ['wks3', 4],
          ['wks4', 5],
        ],
        stats: [4, 1],
        diagnostics: [['CSV0001', 3]],
      },
    ],
    [
      'an unterminated quote before rows with no quotes at all',
      [
        header,
        good(1),
        open(2),
        'x,wks3,A,1.1.1.1,443,10.0.0.1,y,z',
        'x,wks4,A,1.1.1.1,443,10.0.0.1,y,z',
      ],
      {
        kept: [
          ['wks1', 2],
          ['wks3', 4],
          ['wks4', 5],
        ],
        stats: [4, 1],
        diagnostics: [['CSV0001', 3]],
      },
    ],
    [
      'text after a closing quote',
      [header, good(1), '"a"b,wks2,A,1.1.1.1,443,10.0.0.1,y,z', good(3)],
      {
        kept: [
          ['wks1', 2],
          ['wks3', 4],
        ],
        stats: [3, 1],
        diagnostics: [['CSV0001', 3]],
      },
    ],
    [
      'a short row',
      [header, 'short,row', good(2)],
      { kept: [['wks2', 3]], stats: [2, 1], diagnostics: [['CSV0002', 2]] },
    ],
    [
      'a quoted field over two lines, then blank lines (all good)',
      [header, good(1).replace('pastebin.com', '"paste\nbin"'), '', good(3), '', good(5)],
      {
        kept: [
          ['wks1', 2],
          ['wks3', 5],
          ['wks5', 7],
        ],
        stats: [3, 0],
        diagnostics: [],
      },
    ],
  ];
  for (const [what, rows, expected] of cases) {
    for (const eol of ['\n', '\r\n']) {
      it(`keeps every good row around ${what} (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
        assert.deepEqual(outcome((rows.join('\n') + '\n').replace(/\n/g, eol)), expected);
      });
    }
  }

  it('says what is wrong with the row', () => {
    const c = collect(readCsv, [header, good(1), open(2)].join('\n'));
    const d = c.sink.items.find((x) => x.code === 'CSV0001')!;
    assert.match(d.message, /quote/i);
    assert.equal(d.offset, header.length + 1 + good(1).length + 1);
  });

  it('keeps a doubled quote inside a quoted field', () => {
    const c = collect(
      readCsv,
      `${header}\n${good(1).replace('cmd', 'x').replace('powershell.exe', '"say ""hi"""')}\n`,
    );
    assert.equal(c.events.length, 1);
    const e = c.events[0]!;
    assert.ok(e.kind === 'defender' && e.row['InitiatingProcessFileName'] === 'say "hi"');
  });
});
