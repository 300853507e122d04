import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readXml } from '../../../src/formats/sysmon/xml.js';
import { collect } from '../collect.js';

function event(id: number, data: Record<string, string>, host = 'WKS1'): string {
  const fields = Object.entries(data)
    .map(([k, v]) => `<Data Name="${k}">${v}</Data>`)
    .join('');
  return (
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>` +
    `<Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"/>` +
    `<EventID>${id}</EventID><TimeCreated SystemTime="2024-03-01T10:00:00.1234567Z"/>` +
    `<EventRecordID>${id * 10}</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel>` +
    `<Computer>${host}</Computer></System><EventData>${fields}</EventData></Event>`
  );
}

describe('XML event reader', () => {
  it('reads one event, many concatenated, and an <Events> wrapper', () => {
    const one = event(1, {
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: 'cmd /c "a &amp; b"',
    });
    for (const text of [
      one,
      `${one}\n${event(3, {})}`,
      `<?xml version="1.0"?>\n<Events>${one}${event(22, {})}</Events>`,
    ]) {
      const c = collect(readXml, text);
      assert.ok(c.events.length >= 1);
      assert.equal(c.stats.rejected, 0);
    }
    const c = collect(readXml, one);
    const e = c.events[0]! as {
      eventId: number;
      provider: string;
      computer: string;
      timeCreated: string;
      recordId: number;
      data: Record<string, string>;
    };
    assert.equal(e.eventId, 1);
    assert.equal(e.provider, 'Microsoft-Windows-Sysmon');
    assert.equal(e.computer, 'WKS1');
    assert.equal(e.timeCreated, '2024-03-01T10:00:00.1234567Z');
    assert.equal(e.recordId, 10);
    assert.equal(e.data['CommandLine'], 'cmd /c "a & b"');
  });

  it('reports a malformed event with its line and keeps the others', () => {
    const text = [
      event(1, { Image: 'a' }),
      '<Event><System><EventID>3</EventID></Sys>',
      event(22, { QueryName: 'x' }),
    ].join('\n');
    const c = collect(readXml, text);
    assert.deepEqual(
      c.events.map((e) => (e as { eventId: number }).eventId),
      [1, 22],
    );
    assert.equal(c.stats.rejected, 1);
    assert.equal(c.sink.items[0]!.code, 'XML0002');
    assert.equal(c.sink.items[0]!.line, 2);
  });

  it('numbers unnamed Data elements and flattens UserData', () => {
    const text =
      '<Event><System><Provider Name="X"/><EventID>7</EventID><Computer>H</Computer></System>' +
      '<EventData><Data>a</Data><Data>b</Data></EventData></Event>' +
      '<Event><System><Provider Name="Y"/><EventID>8</EventID><Computer>H</Computer></System>' +
      '<UserData><Log><User>bob</User></Log></UserData></Event>';
    const c = collect(readXml, text);
    const [a, b] = c.events as { data: Record<string, string> }[];
    assert.deepEqual(a!.data, { Data: 'a', Data1: 'b' });
    assert.equal(b!.data['User'], 'bob');
  });
});
