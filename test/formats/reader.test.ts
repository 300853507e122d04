import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../src/diagnostics.js';
import type { InputEvent } from '../../src/formats/event.js';
import { readCsv } from '../../src/formats/mde/csv.js';
import type { FileStats, ReadContext } from '../../src/formats/reader.js';
import { readJson } from '../../src/formats/sysmon/json.js';

const event = (n: number): Record<string, unknown> => ({
  EventID: 1,
  Hostname: `H${n}`,
  UtcTime: '2024-01-01 00:00:00.000',
});
const row = (n: number): Record<string, unknown> => ({
  Timestamp: '2024-01-01T00:00:00Z',
  DeviceName: `H${n}`,
  RemoteIP: '1.2.3.4',
  RemotePort: 443,
  LocalIP: '10.0.0.1',
});
const host = (e: InputEvent): string =>
  e.kind === 'windows' ? e.computer : e.kind === 'defender' ? String(e.row['DeviceName']) : '';

describe('an exception while one record is handled', () => {
  const n = [1, 2, 3];
  const cases: [string, (buf: Buffer, ctx: ReadContext) => unknown, string, number][] = [
    ['JSON lines', readJson, n.map((i) => JSON.stringify(event(i))).join('\n'), 2],
    ['an array', readJson, JSON.stringify(n.map(event)), 1],
    ['a Results export', readJson, JSON.stringify({ Results: n.map(row) }), 1],
    [
      'pretty-printed documents',
      readJson,
      n.map((i) => JSON.stringify(event(i), null, 1)).join('\n'),
      6,
    ],
    [
      'a CSV export',
      readCsv,
      'Timestamp,DeviceName,RemoteIP,RemotePort,LocalIP\n' +
        n.map((i) => `2024-01-01T00:00:00Z,H${i},1.2.3.4,443,10.0.0.1`).join('\n'),
      3,
    ],
  ];
  for (const [layout, read, text, line] of cases) {
    it(`rejects that record only, in ${layout}`, () => {
      const kept: string[] = [];
      const stats: FileStats = { read: 0, rejected: 0, passed: 0 };
      const sink = new DiagnosticSink();
      read(Buffer.from(text), {
        file: 'input',
        sink,
        stats,
        wantsEventId: () => true,
        emit: (e) => {
          if (host(e) === 'H2') throw new TypeError('cannot read properties of undefined');
          kept.push(host(e));
        },
      });
      assert.deepEqual(kept, ['H1', 'H3']);
      assert.deepEqual([stats.read, stats.rejected], [3, 1]);
      assert.deepEqual(
        sink.items.map((d) => [d.code, d.line]),
        [['IN0098', line]],
      );
    });
  }
});
