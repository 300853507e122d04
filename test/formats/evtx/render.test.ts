/**
 * Rendering, on records written token by token (builder.ts) so each Binary XML feature is
 * checked against the exact text, JSON and event it must give: escaping, optional and null
 * substitutions, unnamed Data, arrays, nested Binary XML, references, CDATA and processing
 * instructions, records without templates, and templates reused by offset.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import type { EvtxRecord } from '../../../src/formats/evtx/model.js';
import { parseEvtxBuffer } from '../../../src/formats/evtx/reader.js';
import { recordToJson, renderRecordJson } from '../../../src/formats/evtx/render-json.js';
import {
  escapeXmlAttr,
  escapeXmlText,
  renderRecordXml,
} from '../../../src/formats/evtx/render-xml.js';
import { peekEventId, recordToEvent } from '../../../src/formats/evtx/to-event.js';
import {
  ChunkWriter,
  binxml,
  cdata,
  charRef,
  el,
  entity,
  evtxFile,
  instance,
  nullv,
  pi,
  raw,
  str,
  strArray,
  sub,
  text,
  u16v,
  u64v,
} from './builder.js';
import type { Emit, Value } from './builder.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const GUID = [
  0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9,
];
// 2020-01-02T03:04:05.1234567Z as FILETIME.
const FILETIME = BigInt(Date.UTC(2020, 0, 2, 3, 4, 5)) * 10000n + 116444736000000000n + 1234567n;
const SID = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];

const system: Emit = el(
  'System',
  [],
  [
    el(
      'Provider',
      [
        ['Name', [text('Test-Provider')]],
        ['Guid', [sub(0, 0x0f)]],
      ],
      null,
    ),
    el('EventID', [], [sub(1, 0x06)]),
    el('TimeCreated', [['SystemTime', [sub(2, 0x11)]]], null),
    el('EventRecordID', [], [sub(3, 0x0a)]),
    el('Correlation', [['ActivityID', [sub(4, 0x0f, true)]]], null),
    el('Channel', [], [sub(5, 0x01)]),
    el('Computer', [], [sub(6, 0x01)]),
    el('Security', [['UserID', [sub(7, 0x13, true)]]], null),
  ],
);

const eventTemplate: Emit = el(
  'Event',
  [['xmlns', [text(NS)]]],
  [
    system,
    el(
      'EventData',
      [],
      [
        el('Data', [['Name', [text('CommandLine')]]], [sub(8, 0x01)]),
        el('Data', [['Name', [text('Quote')]]], [sub(9, 0x01)]),
        el('Data', [['Name', [text('Empty')]]], [sub(10, 0x00, true)]),
        el('Data', [], [sub(11, 0x01)]),
        el('Data', [], [sub(12, 0x81)]),
        el('Binary', [], [sub(13, 0x0e)]),
      ],
    ),
  ],
);

function eventValues(id: number, commandLine: string): Value[] {
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE(FILETIME);
  return [
    raw(0x0f, GUID),
    u16v(id),
    raw(0x11, time),
    u64v(BigInt(id) + 1000n),
    nullv(),
    str('Microsoft-Windows-Test/Operational'),
    str('HOST-1'),
    raw(0x13, SID),
    str(commandLine),
    str(`a<b & "c" 'd'\r\ne\u0001`),
    nullv(),
    str('first'),
    strArray(['x', 'y', 'z']),
    raw(0x0e, [0xde, 0xad, 0x01]),
  ];
}

function read(file: Buffer): EvtxRecord[] {
  const sink = new DiagnosticSink();
  const records = [...parseEvtxBuffer(file, { sink, name: 'built.evtx' })];
  assert.deepEqual(sink.items, []);
  return records;
}

function oneChunk(records: [number, Emit][]): Buffer {
  const w = new ChunkWriter();
  for (const [id, body] of records) w.record(id, body);
  return evtxFile([w.finish(records[records.length - 1]?.[0] ?? 0)]);
}

const built = oneChunk([
  [1001, instance(7, eventTemplate, eventValues(1, 'cmd.exe /c "whoami" ')) as Emit],
  [1002, instance(7, eventTemplate, eventValues(3, 'second')) as Emit],
]);

const EXPECTED_XML =
  `<Event xmlns='${NS}'><System><Provider Name='Test-Provider' ` +
  `Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID>` +
  `<TimeCreated SystemTime='2020-01-02T03:04:05.1234567Z'/><EventRecordID>1001</EventRecordID>` +
  `<Correlation/><Channel>Microsoft-Windows-Test/Operational</Channel><Computer>HOST-1</Computer>` +
  `<Security UserID='S-1-5-18'/></System><EventData>` +
  `<Data Name='CommandLine'>cmd.exe /c "whoami" </Data>` +
  `<Data Name='Quote'>a&lt;b &amp; "c" 'd'&#xd;\ne&#x1;</Data>` +
  `<Data Name='Empty'/><Data>first</Data><Data>x</Data><Data>y</Data><Data>z</Data>` +
  `<Binary>DEAD01</Binary></EventData></Event>`;

test('a templated event renders as Windows XML, escaped', () => {
  const [first, second] = read(built);
  assert.ok(first && second);
  assert.equal(renderRecordXml(first), EXPECTED_XML);
  // The second record refers back to the template and names by offset.
  assert.equal(
    renderRecordXml(second),
    EXPECTED_XML.replace('<EventID>1<', '<EventID>3<')
      .replace('>1001<', '>1003<')
      .replace(`cmd.exe /c "whoami" <`, 'second<'),
  );
  assert.equal(first.writtenTime, '2020-01-01T00:00:00.0000000Z');
  assert.equal(first.recordId, 1001);
});

test('the same event as reference-shaped JSON', () => {
  const [first] = read(built);
  assert.ok(first);
  const json = recordToJson(first);
  assert.deepEqual(json, {
    Event: {
      '#attributes': { xmlns: NS },
      System: {
        Provider: {
          '#attributes': { Name: 'Test-Provider', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' },
        },
        EventID: 1,
        TimeCreated: { '#attributes': { SystemTime: '2020-01-02T03:04:05.123456Z' } },
        EventRecordID: 1001,
        Correlation: null,
        Channel: 'Microsoft-Windows-Test/Operational',
        Computer: 'HOST-1',
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
      },
      EventData: {
        CommandLine: 'cmd.exe /c "whoami" ',
        Quote: `a<b & "c" 'd'\r\ne\u0001`,
        Empty: null,
        Data: { '#text': ['first', 'x', 'y', 'z'] },
        Binary: 'DEAD01',
      },
    },
  });
  assert.equal(renderRecordJson(first), JSON.stringify(json));
});

test('the same event as a WindowsEvent', () => {
  const [first] = read(built);
  assert.ok(first);
  assert.deepEqual(recordToEvent(first), {
    kind: 'windows',
    provider: 'Test-Provider',
    channel: 'Microsoft-Windows-Test/Operational',
    eventId: 1,
    computer: 'HOST-1',
    timeCreated: '2020-01-02T03:04:05.1234567Z',
    recordId: 1001,
    data: {
      CommandLine: 'cmd.exe /c "whoami" ',
      Quote: `a<b & "c" 'd'\r\ne\u0001`,
      Empty: '',
      Data: 'first',
      Data1: 'x',
      Data2: 'y',
      Data3: 'z',
      Binary: 'DEAD01',
    },
    source: { file: 'built.evtx', offset: 0x1000 + 512 },
  });
  assert.equal(peekEventId(first), 1);
});

test('a record without a template: references, CDATA and a processing instruction', () => {
  const body = el(
    'Event',
    [],
    [
      el(
        'System',
        [],
        [
          el('Provider', [['Name', [text('Raw'), entity('amp'), text('Co')]]], null),
          el('EventID', [], [text('4')]),
        ],
      ),
      el(
        'UserData',
        [],
        [
          el(
            'Root',
            [['xmlns', [text('urn:x')]]],
            [
              el('Note', [], [text('a'), entity('lt'), text('b'), charRef(0x41)]),
              el('Code', [], [cdata('x<y]]>z')]),
              pi('target', 'data'),
              el('Note', [], [text('again')]),
            ],
          ),
        ],
      ),
    ],
  );
  // Writers differ on whether elements outside templates carry a dependency id: read both.
  const [r, withDependencyIds] = read(
    oneChunk([
      [5, body],
      [6, (w) => body(w, true)],
    ]),
  );
  assert.ok(r && withDependencyIds);
  assert.equal(renderRecordXml(withDependencyIds), renderRecordXml(r));
  assert.equal(
    renderRecordXml(r),
    `<Event><System><Provider Name='Raw&amp;Co'/><EventID>4</EventID></System>` +
      `<UserData><Root xmlns='urn:x'><Note>a&lt;b&#65;</Note>` +
      `<Code><![CDATA[x<y]]]]><![CDATA[>z]]></Code><?target data?><Note>again</Note></Root></UserData></Event>`,
  );
  const e = recordToEvent(r);
  assert.equal(e.provider, 'Raw&Co');
  assert.equal(e.eventId, 4);
  assert.equal(peekEventId(r), 4);
  assert.deepEqual(e.data, { Note: 'a<bA', Code: 'x<y]]>z', Note1: 'again' });
  assert.deepEqual(recordToJson(r), {
    Event: {
      System: { Provider: { '#attributes': { Name: 'Raw&Co' } }, EventID: '4' },
      UserData: {
        Root: { '#attributes': { xmlns: 'urn:x' }, Note: 'a<bA', Code: 'x<y]]>z', Note_1: 'again' },
      },
    },
  });
});

test('nested Binary XML values render as the elements they hold', () => {
  const inner = instance(
    9,
    el('Inner', [['Kind', [sub(1, 0x01)]]], [el('Leaf', [], [sub(0, 0x01)])]),
    [str('deep'), str('k')],
  );
  const outer = instance(8, el('Event', [], [el('UserData', [], [sub(0, 0x21)])]), [binxml(inner)]);
  const [r] = read(oneChunk([[6, outer]]));
  assert.ok(r);
  assert.equal(
    renderRecordXml(r),
    `<Event><UserData><Inner Kind='k'><Leaf>deep</Leaf></Inner></UserData></Event>`,
  );
  assert.deepEqual(recordToEvent(r).data, { Leaf: 'deep' });
  assert.deepEqual(recordToJson(r), {
    Event: { UserData: { Inner: { '#attributes': { Kind: 'k' }, Leaf: 'deep' } } },
  });
});

test('an array in an attribute repeats its element; a null attribute is dropped', () => {
  const items = Buffer.alloc(6);
  [1, 2, 3].forEach((n, i) => items.writeUInt16LE(n, 2 * i));
  const body = instance(
    10,
    el(
      'Event',
      [],
      [
        el(
          'EventData',
          [],
          [
            el(
              'Item',
              [
                ['Value', [sub(0, 0x86)]],
                ['Gone', [sub(1, 0x01)]],
              ],
              null,
            ),
          ],
        ),
      ],
    ),
    [raw(0x86, items), nullv()],
  );
  const [r] = read(oneChunk([[7, body]]));
  assert.ok(r);
  assert.equal(
    renderRecordXml(r),
    `<Event><EventData><Item Value='1'/><Item Value='2'/><Item Value='3'/></EventData></Event>`,
  );
  assert.deepEqual(recordToEvent(r).data, { Item: '', Item1: '', Item2: '' });
});

test('XML escaping of text and attributes', () => {
  assert.equal(escapeXmlText('plain'), 'plain');
  assert.equal(
    escapeXmlText('a<b>&c\td\ne\rf\u0000\ufffe'),
    'a&lt;b&gt;&amp;c\td\ne&#xd;f&#x0;&#xfffe;',
  );
  assert.equal(escapeXmlAttr(`'"<&>\t\n`), '&apos;&quot;&lt;&amp;&gt;&#x9;&#xa;');
});

test('an array inside a repeated element prints joined: no product of repetitions', () => {
  const u16s = (...ns: number[]): Value => {
    const b = Buffer.alloc(2 * ns.length);
    ns.forEach((n, i) => b.writeUInt16LE(n, 2 * i));
    return raw(0x86, b);
  };
  const body = instance(
    11,
    el('Event', [], [el('Outer', [['V', [sub(0, 0x86)]]], [el('Inner', [], [sub(1, 0x86)])])]),
    [u16s(1, 2, 3), u16s(7, 8)],
  );
  const [r] = read(oneChunk([[8, body]]));
  assert.ok(r);
  const one = (v: number): string => `<Outer V='${v}'><Inner>7,8</Inner></Outer>`;
  assert.equal(renderRecordXml(r), `<Event>${one(1)}${one(2)}${one(3)}</Event>`);
});

test('a record that would expand past the limit is refused with EVTX0205', () => {
  // 300 references to one 4000-item array: 1.2 million repetitions of its element.
  const many = Array.from({ length: 300 }, () => el('D', [], [sub(0, 0x84)]));
  const body = instance(12, el('Event', [], many), [raw(0x84, Buffer.alloc(4000, 1))]);
  const w = new ChunkWriter();
  w.record(9, body);
  w.record(10, instance(12, el('Event', [], many), [raw(0x84, [5])]));
  const sink = new DiagnosticSink();
  const records = [...parseEvtxBuffer(evtxFile([w.finish(10)]), { sink, name: 'big.evtx' })];
  assert.deepEqual(
    records.map((r) => r.recordId),
    [10],
  );
  assert.deepEqual(
    sink.items.map((d) => [d.code, d.file]),
    [['EVTX0205', 'big.evtx']],
  );
  assert.match(
    sink.items[0]?.message ?? '',
    /record 9: it would expand to more than 1000000 nodes/,
  );
});

test('nesting through nested Binary XML is bounded, and renders when within the bound', () => {
  const chain = (levels: number): Emit =>
    levels === 0
      ? el('Leaf', [], [text('end')])
      : instance(100 + levels, el('L', [], [sub(0, 0x21)]), [binxml(chain(levels - 1))]);
  const w = new ChunkWriter();
  w.record(1, chain(12));
  w.record(2, chain(40));
  const sink = new DiagnosticSink();
  const records = [...parseEvtxBuffer(evtxFile([w.finish(2)]), { sink, name: 'deep.evtx' })];
  assert.deepEqual(
    records.map((r) => r.recordId),
    [1],
  );
  assert.equal(
    renderRecordXml(records[0] as EvtxRecord),
    '<L>'.repeat(12) + '<Leaf>end</Leaf>' + '</L>'.repeat(12),
  );
  assert.deepEqual(
    sink.items.map((d) => d.code),
    ['EVTX0205'],
  );
  assert.match(sink.items[0]?.message ?? '', /nesting is too deep/);
});
