/**
 * Damaged EVTX files built at test time from the shared samples (nothing is copied into the
 * repository): byte offsets of chunks and records, checksum refresh after an edit, a
 * temporary directory to write the results to, and a read through both readers at once.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { lostRecords } from '../../../src/formats/evtx/codes.js';
import { chunkDataCrc, chunkHeaderCrc, fileHeaderCrc } from '../../../src/formats/evtx/crc32.js';
import type { EvtxRecord } from '../../../src/formats/evtx/model.js';
import { parseEvtxBuffer, readEvtxFile } from '../../../src/formats/evtx/reader.js';
import { attackSamplesDir } from './corpus.js';

export const CHUNK = 0x10000;
export const HEADER = 0x1000;

/** 15 chunks of Sysmon events, about 1 MiB. */
export const SYSMON = path.join(
  attackSamplesDir,
  'AutomatedTestingTools',
  'PanacheSysmon_vs_AtomicRedTeam01.evtx',
);
/** Security events (4 chunks in use), with string-array and UserData records nearby. */
export const SECURITY = path.join(
  attackSamplesDir,
  'Lateral Movement',
  'LM_5145_Remote_FileCopy.evtx',
);
/** MSSQL events whose EventData is a string array (Windows repeats the element). */
export const MSSQL = path.join(
  attackSamplesDir,
  'Credential Access',
  'MSSQL_multiple_failed_logon_EventID_18456.evtx',
);

/** A fresh, writable copy of a shared file. */
export function load(file: string): Buffer {
  return Buffer.from(readFileSync(file));
}

export function chunkOffset(i: number): number {
  return HEADER + i * CHUNK;
}

/** File offsets of the records of chunk `i`, walking sizes up to its free-space offset. */
export function recordOffsets(buf: Buffer, i: number): number[] {
  const c = chunkOffset(i);
  const free = buf.readUInt32LE(c + 48);
  const out: number[] = [];
  for (let p = c + 512; p < c + free; p += buf.readUInt32LE(p + 4)) out.push(p);
  return out;
}

/** Chunks with a signature, from the start of the file. */
export function chunkCount(buf: Buffer): number {
  let n = 0;
  while (
    chunkOffset(n) + CHUNK <= buf.length &&
    buf.toString('latin1', chunkOffset(n), chunkOffset(n) + 7) === 'ElfChnk'
  )
    n++;
  return n;
}

/** Recomputes the checksums of one chunk after it was edited. */
export function refreshChunk(buf: Buffer, i: number): void {
  const chunk = buf.subarray(chunkOffset(i), chunkOffset(i) + CHUNK);
  chunk.writeUInt32LE(chunkDataCrc(chunk, chunk.readUInt32LE(48)), 52);
  chunk.writeUInt32LE(chunkHeaderCrc(chunk), 124);
}

export function refreshHeader(buf: Buffer): void {
  buf.writeUInt32LE(fileHeaderCrc(buf), 124);
}

// Made when a test file imports this module, so the cleanup hook belongs to the file, not a test.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'webc2-evtx-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes `buf` to a temporary file (removed after the test file) and returns its path. */
export function writeTemp(name: string, buf: Uint8Array): string {
  const file = path.join(tmp, name);
  writeFileSync(file, buf);
  return file;
}

/** Deterministic PRNG (mulberry32), so a failing fuzz round can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a read gave: the records and every diagnostic, in order. */
export interface Read {
  records: EvtxRecord[];
  diagnostics: Diagnostic[];
}

/** Reads `file` through the streaming reader. */
export async function readFileRecords(file: string): Promise<Read> {
  const sink = new DiagnosticSink();
  const records: EvtxRecord[] = [];
  for await (const r of readEvtxFile(file, { sink })) records.push(r);
  return { records, diagnostics: sink.items };
}

/**
 * Writes `buf` to a temp file and reads it back through the streaming reader, checking that
 * the in-memory parser agrees on the records, the diagnostics and the records they count.
 */
export async function readBoth(name: string, buf: Buffer): Promise<Read> {
  const read = await readFileRecords(writeTemp(name, buf));
  const sink = new DiagnosticSink();
  const again = [...parseEvtxBuffer(buf, { sink, name: 'x' })];
  assert.deepEqual(
    again.map((r) => r.offset),
    read.records.map((r) => r.offset),
  );
  const shape = (d: Diagnostic): unknown[] => [d.code, d.offset, lostRecords(d), d.message];
  assert.deepEqual(sink.items.map(shape), read.diagnostics.map(shape));
  return read;
}
