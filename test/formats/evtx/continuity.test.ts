/**
 * Records lost with damaged chunks must be counted, not just skipped. Each case breaks the
 * Sysmon sample (565 records, ids 1–565 in chunks 0–14, two never-used zero chunks after
 * them) the way a responder meets it, and checks three things: the damage is reported where
 * it is, the message names the record ids that are gone, and the records read plus the
 * records the diagnostics count as lost make the 565 the file held.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { lostRecords } from '../../../src/formats/evtx/codes.js';
import { parseEvtxBuffer } from '../../../src/formats/evtx/reader.js';
import { SYSMON, chunkOffset, load, prng, readBoth, recordOffsets } from './fixtures.js';
import type { Read } from './fixtures.js';

const pristine = load(SYSMON);
const HELD = 565;

const codes = (r: Read): [string, number | undefined][] =>
  r.diagnostics.map((d) => [d.code, d.offset]);
const lost = (r: Read): number => r.diagnostics.reduce((n, d) => n + lostRecords(d), 0);
const counted = (d: Diagnostic | undefined): number | undefined =>
  (d as { records?: number } | undefined)?.records;

/** Record ids of chunk `i`, from its header. */
function idsOf(i: number): [number, number] {
  const c = chunkOffset(i);
  return [Number(pristine.readBigUInt64LE(c + 24)), Number(pristine.readBigUInt64LE(c + 32))];
}

test('the pristine sample: never-used zero chunks at the end say nothing', async () => {
  const r = await readBoth('pristine.evtx', pristine);
  assert.deepEqual(codes(r), []);
  assert.equal(r.records.length, HELD);
});

test('a zero-filled chunk between chunks in use: reported with the ids it held', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(3), chunkOffset(4));
  const r = await readBoth('zero-chunk.evtx', buf);
  assert.deepEqual(idsOf(3), [125, 162]);
  assert.deepEqual(codes(r), [['EVTX0106', chunkOffset(3)]]);
  assert.match(r.diagnostics[0]?.message ?? '', /^chunk 3 is zero-filled .*records 125–162/);
  assert.equal(counted(r.diagnostics[0]), 38);
  assert.equal(r.records.length, 527);
  assert.equal(r.records.length + lost(r), HELD);
});

test('the last chunk in use zero-filled: the header counts it and names its ids', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(14), chunkOffset(15));
  const r = await readBoth('zero-last.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0106', chunkOffset(14)]]);
  assert.match(r.diagnostics[0]?.message ?? '', /records 558–565/);
  assert.equal(r.records.length + lost(r), HELD);
});

test('a chunk overwritten with garbage: EVTX0101 counts the 39 records of the id gap', async () => {
  const buf = load(SYSMON);
  buf.fill(0x5a, chunkOffset(5), chunkOffset(6));
  const r = await readBoth('garbage-chunk.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0101', chunkOffset(5)]]);
  assert.match(r.diagnostics[0]?.message ?? '', /records 203–241/);
  assert.equal(counted(r.diagnostics[0]), 39);
  assert.equal(r.records.length, 526);
  assert.equal(r.records.length + lost(r), HELD);
});

test('two damaged chunks side by side: one id range, counted once', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(6), chunkOffset(7));
  buf.fill(0x5a, chunkOffset(7), chunkOffset(8));
  const r = await readBoth('two-chunks.evtx', buf);
  assert.deepEqual(codes(r), [
    ['EVTX0106', chunkOffset(6)],
    ['EVTX0101', chunkOffset(7)],
  ]);
  assert.match(r.diagnostics[0]?.message ?? '', /chunks 6–7 held records 242–319/);
  assert.deepEqual(r.diagnostics.map(counted), [78, 0]);
  assert.equal(r.records.length + lost(r), HELD);
});

test('30 KB zeroed inside a chunk: the span and the 18 records it hid are reported', async () => {
  const buf = load(SYSMON);
  const from = chunkOffset(2) + 0x4200;
  buf.fill(0, from, from + 30 * 1024);
  const r = await readBoth('zero-span.evtx', buf);
  const broken = recordOffsets(pristine, 2)
    .filter((o) => o < from)
    .pop() as number;
  assert.deepEqual(codes(r), [
    ['EVTX0103', chunkOffset(2)],
    ['EVTX0202', broken],
    ['EVTX0107', broken],
  ]);
  assert.match(r.diagnostics[2]?.message ?? '', /^chunk 2: no record can be read/);
  assert.equal(counted(r.diagnostics[2]), 18);
  assert.equal(r.records.length + lost(r), HELD);
});

test("a chunk's first records zeroed: the ids before the first one found are counted", async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(9) + 512, chunkOffset(9) + 512 + 8000);
  const r = await readBoth('zero-head.evtx', buf);
  // The records after the span refer to templates the lost ones defined: each is reported.
  assert.deepEqual(
    r.diagnostics.slice(0, 3).map((d) => d.code),
    ['EVTX0103', 'EVTX0201', 'EVTX0107'],
  );
  assert.ok(r.diagnostics.slice(3).every((d) => d.code === 'EVTX0204'));
  assert.match(r.diagnostics[2]?.message ?? '', /records 359–/);
  assert.equal(r.records.length + lost(r), HELD);
});

test('a file cut inside a chunk: the ids after the cut are counted from the headers', async () => {
  const offsets = recordOffsets(pristine, 4);
  const cut = (offsets[10] as number) + 100;
  const r = await readBoth('cut.evtx', pristine.subarray(0, cut));
  assert.deepEqual(codes(r), [
    ['EVTX0014', cut],
    ['EVTX0201', offsets[10]],
    ['EVTX0107', offsets[10]],
    ['EVTX0108', cut],
  ]);
  assert.match(r.diagnostics[2]?.message ?? '', /records 174–202/);
  assert.match(r.diagnostics[3]?.message ?? '', /^records 203–565 are missing/);
  assert.equal(r.records.length + lost(r), HELD);
});

test('the first chunk zero-filled: reported, its count unknown, so it counts as one', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(0), chunkOffset(1));
  const r = await readBoth('zero-first.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0106', chunkOffset(0)]]);
  assert.match(r.diagnostics[0]?.message ?? '', /records before 45/);
  assert.equal(counted(r.diagnostics[0]), undefined);
  assert.equal(lost(r), 1);
});

test('every chunk zero-filled: a report per chunk the header counts, never silence', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(0), chunkOffset(15));
  const r = await readBoth('all-zero.evtx', buf);
  assert.equal(r.records.length, 0);
  assert.deepEqual(
    codes(r),
    Array.from({ length: 15 }, (_, i) => ['EVTX0106', chunkOffset(i)]),
  );
  assert.equal(lost(r), 15);
});

test('every chunk zero-filled and the header checksum off: its chunk count still heard', async () => {
  const buf = load(SYSMON);
  buf.fill(0, chunkOffset(0), chunkOffset(15));
  buf[60] = 0x11;
  const r = await readBoth('all-zero-bad-header.evtx', buf);
  assert.deepEqual(codes(r), [
    ['EVTX0010', 124],
    ...Array.from({ length: 15 }, (_, i) => ['EVTX0106', chunkOffset(i)]),
  ]);
  assert.equal(lost(r), 15);
});

test('every chunk overwritten with garbage: one EVTX0101 per chunk', async () => {
  const buf = load(SYSMON);
  buf.fill(0x5a, chunkOffset(0), buf.length);
  const r = await readBoth('all-garbage.evtx', buf);
  assert.equal(r.records.length, 0);
  assert.deepEqual(
    codes(r),
    Array.from({ length: 17 }, (_, i) => ['EVTX0101', chunkOffset(i)]),
  );
  assert.equal(lost(r), 17);
});

test('zero chunks with used chunks after them are not taken for trailing space', async () => {
  // Chunks 10–14 moved two slots on: slots 10 and 11 become zero, yet used chunks follow.
  const buf = load(SYSMON);
  buf.copy(buf, chunkOffset(12), chunkOffset(10), chunkOffset(15));
  buf.fill(0, chunkOffset(10), chunkOffset(12));
  const r = await readBoth('hole.evtx', buf);
  assert.deepEqual(codes(r), [
    ['EVTX0106', chunkOffset(10)],
    ['EVTX0106', chunkOffset(11)],
  ]);
  // The ids run on across the hole: nothing is missing, and nothing is counted.
  assert.match(r.diagnostics[0]?.message ?? '', /no record id is missing/);
  assert.equal(lost(r), 0);
  assert.equal(r.records.length, HELD);
});

test('random zeroed or overwritten spans and cuts: all 565 records accounted for', async () => {
  // The first chunk's header stays: before its records, no chunk is left to name the ids.
  const rounds = 300;
  const misses: string[] = [];
  for (let seed = 1; seed <= rounds; seed++) {
    const rnd = prng(seed);
    let buf = load(SYSMON);
    const damage: string[] = [];
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
      const len = 28 + Math.floor(rnd() * (rnd() < 0.5 ? 3000 : 200_000));
      const at =
        chunkOffset(0) + 512 + Math.floor(rnd() * (chunkOffset(15) - chunkOffset(0) - 512));
      const byte = rnd() < 0.5 ? 0 : Math.floor(rnd() * 256);
      buf.fill(byte, at, Math.min(at + len, chunkOffset(15)));
      damage.push(`${len}×${byte}@${at}`);
    }
    if (rnd() < 0.15) {
      const cut = chunkOffset(0) + 512 + Math.floor(rnd() * (chunkOffset(15) - chunkOffset(0)));
      buf = buf.subarray(0, cut);
      damage.push(`cut@${cut}`);
    }
    let r: { records: unknown[]; diagnostics: Diagnostic[] };
    if (seed % 25 === 0) r = await readBoth(`random-${seed}.evtx`, buf);
    else {
      const sink = new DiagnosticSink(Number.POSITIVE_INFINITY);
      r = { records: [...parseEvtxBuffer(buf, { sink })], diagnostics: sink.items };
    }
    const total = r.records.length + r.diagnostics.reduce((n, d) => n + lostRecords(d), 0);
    if (total !== HELD) misses.push(`seed ${seed} (${damage.join(', ')}): ${total}`);
  }
  assert.deepEqual(misses, []);
});

/** The sample as a log that has wrapped: chunks 10–14 (ids 398–565) first, then 0–9. */
function wrapped(): Buffer {
  const buf = load(SYSMON);
  const newer = Buffer.from(buf.subarray(chunkOffset(10), chunkOffset(15)));
  const older = Buffer.from(buf.subarray(chunkOffset(0), chunkOffset(10)));
  newer.copy(buf, chunkOffset(0));
  older.copy(buf, chunkOffset(5));
  return buf;
}

test('a wrapped log: the drop in ids where the newest chunk meets the oldest is no loss', async () => {
  const r = await readBoth('wrapped.evtx', wrapped());
  assert.deepEqual(codes(r), []);
  assert.equal(r.records.length, HELD);
});

test('a wrapped log: a chunk lost where it wraps cannot be costed; one lost elsewhere can', async () => {
  const atWrap = wrapped();
  atWrap.fill(0, chunkOffset(5), chunkOffset(6));
  const r = await readBoth('wrapped-lost-oldest.evtx', atWrap);
  assert.deepEqual(codes(r), [['EVTX0106', chunkOffset(5)]]);
  assert.match(
    r.diagnostics[0]?.message ?? '',
    /565 in chunk 4, 45 in chunk 6.*the log wraps there/,
  );
  assert.equal(lost(r), 1);
  const inside = wrapped();
  inside.fill(0x5a, chunkOffset(2), chunkOffset(3));
  const s = await readBoth('wrapped-lost-newer.evtx', inside);
  assert.deepEqual(codes(s), [['EVTX0101', chunkOffset(2)]]);
  assert.equal(s.records.length + lost(s), HELD);
});
