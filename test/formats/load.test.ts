import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectFormat, textEncoding } from '../../src/formats/detect.js';
import type { InputEvent } from '../../src/formats/event.js';
import { loadInputs } from '../../src/formats/load.js';
import { scratchDir } from '../helpers.js';

const JSON_EVENTS =
  '{"EventID":1,"Hostname":"H","UtcTime":"2024-01-01 00:00:00.000","Image":"C:\\\\é.exe"}\r\n' +
  '{"EventID":3,"Hostname":"H","UtcTime":"2024-01-01 00:00:01.000","DestinationIp":"1.1.1.1"}\r\n';
const XML_EVENTS =
  '<?xml version="1.0" encoding="utf-16"?>\r\n<Events><Event><System><Provider Name="Microsoft-Windows-Sysmon"/>' +
  '<EventID>1</EventID><Computer>H</Computer></System><EventData><Data Name="Image">C:\\é.exe</Data>' +
  '</EventData></Event></Events>\r\n';
const CSV_ROWS =
  'Timestamp [UTC],DeviceName,ActionType,RemoteIP,RemotePort,LocalIP,RemoteUrl\r\n' +
  '2024-01-01T00:00:00Z,wks1,ConnectionSuccess,1.2.3.4,443,10.0.0.1,pastebin.com\r\n';

/** `text` in UTF-16, little- or big-endian, with or without a byte-order mark. */
function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\ufeff' : '') + text, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

function tempFile(name: string, data: Buffer | string): string {
  const p = path.join(scratchDir('webc2-load-'), name);
  writeFileSync(p, data);
  return p;
}

describe('UTF-16 text (PowerShell 5.1 redirection and Out-File)', () => {
  it('is recognised by its byte-order mark or by its zero bytes', () => {
    const cases: [Buffer, string | undefined][] = [
      [utf16('{"a":1}', 'le', true), 'utf-16le'],
      [utf16('{"a":1}', 'le', false), 'utf-16le'],
      [utf16('<Events>', 'be', true), 'utf-16be'],
      [utf16('<Events>', 'be', false), 'utf-16be'],
      [Buffer.from('{"a":1}'), undefined],
      [Buffer.from('\ufeff{"a":1}'), undefined],
      [Buffer.from('ElfFile\0\0\0\0\0'), undefined],
    ];
    for (const [head, enc] of cases) assert.equal(textEncoding(head), enc, head.toString('hex'));
    assert.equal(detectFormat(utf16('{"a":1}', 'le', true)).format, 'json');
    assert.equal(detectFormat(utf16('<Event>', 'be', false)).format, 'xml');
  });

  const inputs: [string, string, string, number][] = [
    ['json', 'ev.json', JSON_EVENTS, 2],
    ['xml', 'ev.xml', XML_EVENTS, 1],
    ['csv', 'DeviceNetworkEvents.csv', CSV_ROWS, 1],
  ];
  for (const [format, name, text, records] of inputs) {
    for (const order of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        it(`reads ${format} in UTF-16${order.toUpperCase()}${bom ? ' with a BOM' : ''}`, async () => {
          const events: InputEvent[] = [];
          const file = tempFile(name, utf16(text, order, bom));
          const { files, sink } = await loadInputs([file], (e) => events.push(e));
          assert.equal(files[0]!.format, format);
          assert.equal(files[0]!.skipped, undefined);
          assert.deepEqual([files[0]!.read, files[0]!.rejected], [records, 0]);
          assert.deepEqual(
            sink.items.filter((d) => d.severity !== 'info').map((d) => d.message),
            [],
          );
          assert.ok(sink.items.some((d) => d.code === 'IN0012'));
          const first = events[0]!;
          const value =
            first.kind === 'windows'
              ? first.data['Image']
              : first.kind === 'defender'
                ? String(first.row['RemoteUrl'])
                : '';
          assert.ok(value === 'C:\\é.exe' || value === 'pastebin.com', value);
        });
      }
    }
  }
});

describe('a failure on one record', () => {
  it('rejects that record only and reads the rest of the file', async () => {
    const file = tempFile(
      'ev.json',
      [1, 2, 3, 4]
        .map((n) => `{"EventID":1,"Hostname":"H${n}","UtcTime":"2024-01-01 00:00:0${n}.000"}`)
        .join('\n'),
    );
    const kept: string[] = [];
    const { files, sink } = await loadInputs([file], (e) => {
      if (e.kind === 'windows' && e.computer === 'H2') throw new RangeError('boom');
      if (e.kind === 'windows') kept.push(e.computer);
    });
    assert.deepEqual(kept, ['H1', 'H3', 'H4']);
    assert.deepEqual([files[0]!.read, files[0]!.rejected], [4, 1]);
    assert.deepEqual(
      sink.items.map((d) => [d.code, d.line]),
      [['IN0098', 2]],
    );
  });
});
