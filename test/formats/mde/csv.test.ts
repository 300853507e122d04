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
