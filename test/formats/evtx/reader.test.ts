/**
 * The two readers' contracts: the streaming reader and the in-memory parser agree, chunk
 * ranges select exactly their records, a consumer may stop at any time, and the header is
 * reported as the file gives it.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import {
  inspectEvtxFile,
  parseEvtxBuffer,
  readEvtxFile,
} from '../../../src/formats/evtx/reader.js';
import { SECURITY, SYSMON, chunkCount, load, recordOffsets } from './fixtures.js';

test('file reader and buffer parser give the same records', async () => {
  const streamed: number[] = [];
  for await (const r of readEvtxFile(SECURITY)) streamed.push(r.offset);
  const bytes = new Uint8Array(readFileSync(SECURITY));
  const parsed = [...parseEvtxBuffer(bytes)].map((r) => r.offset);
  assert.deepEqual(streamed, parsed);
  assert.equal(streamed.length, 869);
});

test('chunk ranges select exactly their chunks', async () => {
  const buf = load(SYSMON);
  const expected = [3, 4, 5].flatMap((i) => recordOffsets(buf, i));
  const got: number[] = [];
  for await (const r of readEvtxFile(SYSMON, {
    firstChunk: 3,
    endChunk: 6,
    skipHeaderChecks: true,
  })) {
    got.push(r.offset);
  }
  assert.deepEqual(got, expected);
  const inMemory = [...parseEvtxBuffer(buf, { firstChunk: 3, endChunk: 6 })].map((r) => r.offset);
  assert.deepEqual(inMemory, expected);
});

test('a consumer can stop early, and read again', async () => {
  for (let i = 0; i < 3; i++) {
    for await (const r of readEvtxFile(SYSMON)) {
      assert.equal(r.recordId > 0, true);
      break;
    }
  }
});

test('the header as the file gives it', async () => {
  const sink = new DiagnosticSink();
  const info = await inspectEvtxFile(SYSMON, { sink });
  assert.deepEqual(info, {
    headerFound: true,
    majorVersion: 3,
    minorVersion: 1,
    headerChunkCount: 15,
    nextRecordId: Number(load(SYSMON).readBigUInt64LE(24)),
    dirty: false,
    full: false,
    headerChecksumOk: true,
    fileSize: 1118208,
    chunkSlots: 17,
  });
  assert.equal(chunkCount(load(SYSMON)), 15);
  assert.deepEqual(sink.items, []);
});
