/**
 * Worker threads: the events and diagnostics of a folder read in parallel (large files split
 * into chunk ranges) must be exactly those of reading it file by file, whatever order the
 * batches arrive in; the filter must drop events in the workers; stopping early must not
 * leave workers running.
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import type { WindowsEvent } from '../../../src/formats/event.js';
import {
  readEvtxBatchesParallel,
  readEvtxEventsParallel,
} from '../../../src/formats/evtx/parallel.js';
import { readEvtxFile } from '../../../src/formats/evtx/reader.js';
import { recordToEvent } from '../../../src/formats/evtx/to-event.js';
import { EventPacker, unpackEvents } from '../../../src/formats/evtx/transfer.js';
import { parseEvtxBuffer } from '../../../src/formats/evtx/reader.js';
import { ChunkWriter, el, evtxFile, instance, raw, str, sub, text } from './builder.js';
import type { Emit } from './builder.js';
import { badFilesDir } from './corpus.js';
import { CHUNK, HEADER, MSSQL, SECURITY, SYSMON, load, writeTemp } from './fixtures.js';
import { lostRecords } from '../../../src/formats/evtx/codes.js';

const files = [
  SYSMON,
  SECURITY,
  MSSQL,
  path.join(badFilesDir, 'empty.evtx'),
  path.join(badFilesDir, 'truncated.evtx'),
  path.join(badFilesDir, 'events.json'),
];

const key = (e: WindowsEvent): string => `${e.source.file}@${e.source.offset}`;
const byPlace = (a: WindowsEvent, b: WindowsEvent): number => (key(a) < key(b) ? -1 : 1);
const codes = (s: DiagnosticSink): string[] =>
  s.items.map((d) => `${d.code} ${d.file}@${d.offset}`).sort();

async function sequential(): Promise<{ events: WindowsEvent[]; sink: DiagnosticSink }> {
  const sink = new DiagnosticSink();
  const events: WindowsEvent[] = [];
  for (const f of files)
    for await (const r of readEvtxFile(f, { sink })) events.push(recordToEvent(r));
  return { events, sink };
}

test('two workers, large files split by chunk ranges: the same events and diagnostics', async () => {
  const expected = await sequential();
  const sink = new DiagnosticSink();
  const events: WindowsEvent[] = [];
  const batchFiles = new Set<string>();
  // 256 KiB ranges: the Sysmon and Security samples split into several tasks each.
  for await (const b of readEvtxBatchesParallel(files, {
    sink,
    threads: 2,
    splitBytes: 256 * 1024,
  })) {
    batchFiles.add(b.file);
    events.push(...b.events);
  }
  assert.equal(events.length, expected.events.length);
  assert.deepEqual(events.sort(byPlace), expected.events.sort(byPlace));
  assert.deepEqual(codes(sink), codes(expected.sink));
  assert.deepEqual(
    [...batchFiles].sort(),
    [SYSMON, SECURITY, MSSQL, path.join(badFilesDir, 'truncated.evtx')].sort(),
  );
});

test('the filter drops events in the workers', async () => {
  const expected = (await sequential()).events.filter((e) => e.eventId === 1 || e.eventId === 5145);
  const got: WindowsEvent[] = [];
  for await (const e of readEvtxEventsParallel(files, { filter: { eventIds: [1, 5145] } }))
    got.push(e);
  assert.ok(expected.length > 100);
  assert.deepEqual(got.sort(byPlace), expected.sort(byPlace));
  const sysmonOnly: WindowsEvent[] = [];
  const sysmon = { eventIds: [1], channels: ['Microsoft-Windows-Sysmon/Operational'] };
  for await (const e of readEvtxEventsParallel(files, { filter: sysmon, threads: 2 })) {
    sysmonOnly.push(e);
  }
  assert.ok(
    sysmonOnly.length > 0 && sysmonOnly.every((e) => e.provider === 'Microsoft-Windows-Sysmon'),
  );
});

test('stopping after the first event ends the workers', async () => {
  let n = 0;
  const options = { splitBytes: 128 * 1024, threads: 2 };
  for await (const e of readEvtxEventsParallel([SYSMON, SECURITY], options)) {
    assert.equal(e.kind, 'windows');
    if (++n === 1) break;
  }
  assert.equal(n, 1);
});

test('a small input is read in this thread, with the same result', async () => {
  const expected = await sequential();
  const sink = new DiagnosticSink();
  const events: WindowsEvent[] = [];
  for await (const e of readEvtxEventsParallel(files, { sink })) events.push(e);
  assert.deepEqual(events, expected.events);
  assert.deepEqual(codes(sink), codes(expected.sink));
  const filtered: WindowsEvent[] = [];
  const filter = { eventIds: [1, 5145], providers: ['Microsoft-Windows-Sysmon'] };
  for await (const e of readEvtxEventsParallel(files, { filter, threads: 0 })) filtered.push(e);
  assert.deepEqual(
    filtered,
    expected.events.filter((e) => e.eventId === 1 && e.provider === 'Microsoft-Windows-Sysmon'),
  );
});

test('nothing to read: no workers, diagnostics only', async () => {
  const sink = new DiagnosticSink();
  const got: WindowsEvent[] = [];
  for await (const e of readEvtxEventsParallel([path.join(badFilesDir, 'empty.evtx')], { sink }))
    got.push(e);
  assert.deepEqual(got, []);
  assert.deepEqual(
    sink.items.map((d) => d.code),
    ['EVTX0001'],
  );
});

test("the workers' packer gives exactly the events recordToEvent gives", async () => {
  // Besides the shared samples: a value with a NUL inside, an empty one, a repeated name,
  // names Object.prototype also has, and a UserData record.
  const w = new ChunkWriter();
  const data = (name: string, index: number, type: number): Emit =>
    el('Data', [['Name', [text(name)]]], [sub(index, type)]);
  const body = el(
    'Event',
    [],
    [
      el('System', [], [el('EventID', [], [text('9')])]),
      el(
        'EventData',
        [],
        [
          data('Cut', 0, 0x01),
          data('Empty', 1, 0x01),
          data('Cut', 2, 0x08),
          data('__proto__', 0, 0x01),
          data('constructor', 1, 0x01),
        ],
      ),
    ],
  );
  const values = [raw(0x01, Buffer.from('ab\0cd\0', 'utf16le')), str(''), raw(0x08, [1, 0, 0, 0])];
  w.record(1, instance(3, body, values));
  const user = el('Event', [], [el('UserData', [], [el('R', [], [el('A', [], [sub(0, 0x01)])])])]);
  w.record(2, instance(4, user, [str('leaf')]));
  const records = [...parseEvtxBuffer(evtxFile([w.finish(2)]), { name: 'built' })];
  for (const f of [SYSMON, SECURITY, MSSQL]) for await (const r of readEvtxFile(f)) records.push(r);
  const packer = new EventPacker();
  const unpacked: WindowsEvent[] = [];
  for (const r of records) {
    packer.add(r);
    if (packer.count === 300) unpacked.push(...unpackEvents(packer.take()));
  }
  unpacked.push(...unpackEvents(packer.take()));
  assert.deepEqual(unpacked, records.map(recordToEvent));
  const odd = '{"Cut":"ab","Empty":"","Cut1":"1","__proto__":"ab","constructor":""}';
  assert.deepEqual(unpacked[0]?.data, JSON.parse(odd));
  assert.equal(Object.getPrototypeOf(unpacked[0]?.data), Object.prototype);
  assert.deepEqual(unpacked[1]?.data, { A: 'leaf' });
});

test('damaged files split across tasks: the same losses and counts as file by file', async () => {
  const at = (i: number): number => HEADER + i * CHUNK;
  const zeroed = load(SYSMON);
  // Chunk 3 ends the first 256 KiB task, chunk 4 starts the next: the gap spans two tasks.
  zeroed.fill(0, at(3), at(4));
  zeroed.fill(0x5a, at(8), at(10));
  const last = load(SYSMON);
  last.fill(0, at(14), at(15));
  const noHeader = load(SYSMON);
  noHeader.fill(0, 0, HEADER);
  const damaged = [
    writeTemp('p-zeroed.evtx', zeroed),
    writeTemp('p-last.evtx', last),
    writeTemp('p-no-header.evtx', noHeader),
  ];
  const shape = (s: DiagnosticSink): string[] =>
    s.items.map((d) => `${d.code} ${d.file}@${d.offset} ${lostRecords(d)} ${d.message}`).sort();
  const expected = new DiagnosticSink();
  let read = 0;
  for (const f of damaged) for await (const _ of readEvtxFile(f, { sink: expected })) read++;
  assert.equal(read + expected.items.reduce((n, d) => n + lostRecords(d), 0), 3 * 565);
  for (const threads of [0, 2]) {
    const sink = new DiagnosticSink();
    let n = 0;
    for await (const b of readEvtxBatchesParallel(damaged, {
      sink,
      threads,
      splitBytes: 256 * 1024,
    })) {
      n += b.events.length;
    }
    assert.equal(n, read, `threads ${threads}`);
    assert.deepEqual(shape(sink), shape(expected), `threads ${threads}`);
  }
});
