/**
 * Damaged logs: each case takes a good shared sample, breaks one thing the way real files
 * break (never closed, cut short, a checksum off, a record overwritten), and checks that
 * every record that is still whole is read and that the damage is reported once, with its
 * code, file and byte offset.
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { lostRecords } from '../../../src/formats/evtx/codes.js';
import type { EvtxRecord } from '../../../src/formats/evtx/model.js';
import {
  inspectEvtxFile,
  looksLikeEvtx,
  parseEvtxBuffer,
} from '../../../src/formats/evtx/reader.js';
import { renderRecordXml } from '../../../src/formats/evtx/render-xml.js';
import { badFilesDir } from './corpus.js';
import {
  CHUNK,
  HEADER,
  SYSMON,
  chunkCount,
  chunkOffset,
  load,
  readBoth,
  readFileRecords,
  recordOffsets,
  refreshChunk,
  refreshHeader,
  writeTemp,
} from './fixtures.js';
import type { Read } from './fixtures.js';
import type { Diagnostic } from '../../../src/diagnostics.js';

const readFile = readFileRecords;
const readBuffer = readBoth;

const codes = (r: Read): [string, number | undefined][] =>
  r.diagnostics.map((d) => [d.code, d.offset]);
const ids = (r: Read): number[] => r.records.map((x) => x.recordId);

const pristine = load(SYSMON);
const chunks = chunkCount(pristine);
const allOffsets = Array.from({ length: chunks }, (_, i) => recordOffsets(pristine, i)).flat();

test('the pristine sample reads whole and clean', async () => {
  const r = await readBuffer('pristine.evtx', pristine);
  assert.equal(chunks, 15);
  assert.deepEqual(codes(r), []);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets,
  );
  for (const rec of r.records) assert.equal(rec.file.endsWith('pristine.evtx'), true);
});

test('F09 empty.evtx: one EVTX0001, no records', async () => {
  const file = path.join(badFilesDir, 'empty.evtx');
  const r = await readFile(file);
  assert.equal(r.records.length, 0);
  assert.deepEqual(r.diagnostics, [
    {
      code: 'EVTX0001',
      severity: 'error',
      message: 'the file is empty (0 bytes); it holds no records',
      hint: 'the copy was probably cut off before any data was written; collect the log again',
      file,
      offset: 0,
    },
  ]);
});

test('F09 truncated.evtx: every record before the cut; the cut and the ids it lost', async () => {
  const file = path.join(badFilesDir, 'truncated.evtx');
  const r = await readFile(file);
  // The header's next record id (566) says what the missing 12 chunks held.
  assert.deepEqual(codes(r), [
    ['EVTX0014', 200000],
    ['EVTX0108', 200000],
  ]);
  assert.equal(r.diagnostics[0]?.file, file);
  assert.match(r.diagnostics[1]?.message ?? '', /^records 125–565 are missing/);
  assert.equal(lostRecords(r.diagnostics[1] as Diagnostic), 441);
  assert.deepEqual(
    ids(r),
    Array.from({ length: 124 }, (_, i) => i + 1),
  );
});

test('a file that is not EVTX, a missing file and a directory: one diagnostic each', async () => {
  const json = await readFile(path.join(badFilesDir, 'events.json'));
  assert.deepEqual(codes(json), [['EVTX0002', 0]]);
  assert.match(json.diagnostics[0]?.message ?? '', /no ElfFile signature/);
  const missing = await readFile(path.join(badFilesDir, 'no-such.evtx'));
  assert.deepEqual(codes(missing), [['EVTX0003', 0]]);
  assert.match(missing.diagnostics[0]?.message ?? '', /ENOENT/);
  const dir = await readFile(badFilesDir);
  assert.deepEqual(codes(dir), [['EVTX0003', 0]]);
  const tiny = await readBuffer('tiny.evtx', Buffer.from('ElfFile\0'));
  assert.deepEqual(codes(tiny), [['EVTX0014', 8]]);
});

test('a dirty log whose last chunk header lags behind its records', async () => {
  const buf = load(SYSMON);
  buf.writeUInt32LE(buf.readUInt32LE(120) | 1, 120);
  buf.writeUInt16LE(3, 42);
  refreshHeader(buf);
  // Windows updates the chunk header after the records: pull its free-space offset back
  // over the last three records, with a data checksum that matches the shorter range.
  const last = chunks - 1;
  const offsets = recordOffsets(buf, last);
  const stale = offsets[offsets.length - 3] as number;
  buf.writeUInt32LE(stale - chunkOffset(last), chunkOffset(last) + 48);
  refreshChunk(buf, last);
  const r = await readBuffer('dirty.evtx', buf);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets,
  );
  assert.deepEqual(
    r.records.filter((x) => x.recovered).map((x) => x.offset),
    offsets.slice(-3),
  );
  assert.deepEqual(codes(r), [
    ['EVTX0012', 120],
    ['EVTX0105', stale],
  ]);
  assert.match(
    r.diagnostics[1]?.message ?? '',
    /3 record\(s\) past .*3 decoded and kept, 0 undecodable/,
  );
});

test('a file cut inside a chunk keeps the records before the cut', async () => {
  const offsets = recordOffsets(pristine, 4);
  const cut = (offsets[10] as number) + 100;
  const r = await readBuffer('cut.evtx', pristine.subarray(0, cut));
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => o < (offsets[10] as number)),
  );
  // The record the cut runs through is lost, and said so; then the rest of its chunk, and
  // the chunks after it (continuity.test.ts checks those).
  assert.deepEqual(codes(r).slice(0, 2), [
    ['EVTX0014', cut],
    ['EVTX0201', offsets[10]],
  ]);
  assert.match(r.diagnostics[1]?.message ?? '', /bytes run past the end of the file/);
});

test('a chunk header checksum mismatch loses no record', async () => {
  const buf = load(SYSMON);
  buf.writeUInt8((buf[chunkOffset(2) + 100] ?? 0) ^ 0x40, chunkOffset(2) + 100);
  const r = await readBuffer('header-crc.evtx', buf);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets,
  );
  assert.deepEqual(codes(r), [['EVTX0102', chunkOffset(2)]]);
  assert.match(r.diagnostics[0]?.message ?? '', /^chunk 2: header checksum mismatch/);
});

test('a flipped bit in record data: checksum reported, the record still read', async () => {
  const buf = load(SYSMON);
  const rec = recordOffsets(buf, 1)[5] as number;
  const xml = renderRecordXml(
    [...parseEvtxBuffer(pristine)].find((r) => r.offset === rec) as EvtxRecord,
  );
  // A UTF-16 letter well inside the values: 'e' becomes 'E' somewhere in a path.
  const at = buf.indexOf(Buffer.from('e\0x\0e\0', 'latin1'), rec + 200);
  assert.ok(at > rec && at < rec + buf.readUInt32LE(rec + 4));
  buf[at] = 0x45;
  const r = await readBuffer('data-crc.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0103', chunkOffset(1)]]);
  assert.equal(r.records.length, allOffsets.length);
  const changed = renderRecordXml(r.records.find((x) => x.offset === rec) as EvtxRecord);
  assert.notEqual(changed, xml);
  assert.equal(changed.toLowerCase(), xml.toLowerCase());
});

test('a broken record size: reported at the record, the next record found again', async () => {
  const buf = load(SYSMON);
  const offsets = recordOffsets(buf, 3);
  const bad = offsets[7] as number;
  buf.writeUInt32LE(0x7fff0000, bad + 4);
  refreshChunk(buf, 3);
  const r = await readBuffer('record-size.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0201', bad]]);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => o !== bad),
  );
});

test('a record whose size copy disagrees is skipped with EVTX0202', async () => {
  const buf = load(SYSMON);
  const bad = recordOffsets(buf, 0)[3] as number;
  const size = buf.readUInt32LE(bad + 4);
  buf.writeUInt32LE(size + 8, bad + size - 4);
  refreshChunk(buf, 0);
  const r = await readBuffer('size-copy.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0202', bad]]);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => o !== bad),
  );
});

test('broken Binary XML and a corrupted template offset skip just their record', async () => {
  const buf = load(SYSMON);
  const offsets = recordOffsets(buf, 6);
  const tokens = offsets[2] as number;
  buf[tokens + 24] = 0xee; // the fragment header token
  // A record that refers back to a template: point it at the chunk header instead.
  const later = offsets.find((o) => buf.readUInt32LE(o + 24 + 10) !== o - chunkOffset(6) + 24 + 14);
  assert.ok(later !== undefined && later !== tokens);
  buf.writeUInt32LE(0x40, later + 24 + 10);
  refreshChunk(buf, 6);
  const r = await readBuffer('binxml.evtx', buf);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.offset]).sort(), [
    ['EVTX0203', tokens + 24],
    ['EVTX0204', later + 28],
  ]);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => o !== tokens && o !== later),
  );
});

test('a chunk overwritten with garbage is skipped with EVTX0101', async () => {
  const buf = load(SYSMON);
  buf.fill(0x5a, chunkOffset(8), chunkOffset(8) + CHUNK);
  const r = await readBuffer('garbage-chunk.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0101', chunkOffset(8)]]);
  const lost = new Set(recordOffsets(pristine, 8));
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => !lost.has(o)),
  );
});

test('a bad file header checksum is reported; chunks are read anyway', async () => {
  const buf = load(SYSMON);
  buf[60] = 0x11;
  const r = await readBuffer('file-crc.evtx', buf);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['EVTX0010'],
  );
  assert.equal(r.records.length, allOffsets.length);
});

test('a zeroed file header: the 15 chunks after it are read, the header reported', async () => {
  const buf = load(SYSMON);
  buf.fill(0, 0, HEADER);
  const r = await readBuffer('no-header.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0004', 0]]);
  assert.match(r.diagnostics[0]?.message ?? '', /^the file header is not valid \(no ElfFile/);
  assert.equal(lostRecords(r.diagnostics[0] as Diagnostic), 0);
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets,
  );
  const info = await inspectEvtxFile(writeTemp('no-header.evtx', buf));
  assert.equal(info?.headerFound, false);
  assert.equal(info?.chunkSlots, 17);
  // What a format sniffer reading the first 64 KiB can tell.
  assert.equal(looksLikeEvtx(buf.subarray(0, 65536)), true);
  assert.equal(looksLikeEvtx(pristine.subarray(0, 8)), true);
  assert.equal(looksLikeEvtx(Buffer.alloc(65536)), false);
});

test('header and chunk 0 overwritten: the chunks from 1 on are read', async () => {
  const buf = load(SYSMON);
  buf.fill(0x5a, 0, HEADER + CHUNK);
  const r = await readBuffer('no-header-no-chunk0.evtx', buf);
  assert.deepEqual(codes(r), [
    ['EVTX0004', 0],
    ['EVTX0101', chunkOffset(0)],
  ]);
  const lost = new Set(recordOffsets(pristine, 0));
  assert.deepEqual(
    r.records.map((x) => x.offset),
    allOffsets.filter((o) => !lost.has(o)),
  );
});

test('no header and no chunk signature anywhere: not EVTX, one EVTX0002', async () => {
  const buf = load(SYSMON);
  buf.fill(0, 0, HEADER);
  for (let i = 0; i < 17; i++) buf.fill(0x20, chunkOffset(i), chunkOffset(i) + 8);
  const r = await readBuffer('no-signatures.evtx', buf);
  assert.deepEqual(codes(r), [['EVTX0002', 0]]);
  assert.equal(r.records.length, 0);
});
