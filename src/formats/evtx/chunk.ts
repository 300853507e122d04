/**
 * EVTX chunks: the file after its 4 KiB header is a run of 64 KiB chunks, each
 * self-contained (its names and templates are only referenced from inside it), which is why
 * a reader can stream them and why a damaged chunk costs only its own records. A chunk opens
 * with `ElfChnk\0` and a 128-byte header: first/last record numbers and ids (u64 each, from
 * offset 8), header size (40), last record offset (44), free-space offset (48), CRC-32 of the
 * record data from 512 up to the free-space offset (52), flags (120) and the CRC-32 of header
 * bytes 0–120 and 128–512 (124). Bytes 128–512 hold the string and template hash tables,
 * which this reader does not need: names and templates are found through the offsets in the
 * records themselves. Records follow from offset 512, each `**\0\0`, u32 size, u64 record id,
 * FILETIME written, Binary XML, and a copy of the size in its last four bytes.
 *
 * Checksums decide nothing here: a chunk whose checksum fails is still read, one record at a
 * time, because each record carries its own signature and size copy and its Binary XML is
 * validated as it is decoded. A record that breaks is reported and skipped by searching for
 * the next record signature; records a dirty log wrote past the free-space offset its header
 * still gives are kept.
 */

import type { Diagnostic } from '../../diagnostics.js';
import { BinXmlDecoder, BinXmlError } from './binxml.js';
import { evtxDiagnostic } from './codes.js';
import { chunkDataCrc, chunkHeaderCrc } from './crc32.js';
import { Chunk, EvtxRecord } from './model.js';

export const CHUNK_SIZE = 0x10000;
/** Records start after the 128-byte header and the 384 bytes of hash tables. */
const RECORDS_START = 0x200;
/** Record header (24 bytes) and the trailing size copy (4). */
const MIN_RECORD = 28;
const RECORD_MAGIC = 0x00002a2a;
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_SIG = Buffer.from([0x2a, 0x2a, 0, 0]);
const ZEROES = Buffer.alloc(CHUNK_SIZE);

export type Report = (d: Diagnostic) => void;

/** True when a well-formed record header (signature, size, size copy) starts at `p`. */
function recordAt(buf: Buffer, p: number): boolean {
  if (p + MIN_RECORD > buf.length || buf.readUInt32LE(p) !== RECORD_MAGIC) return false;
  const size = buf.readUInt32LE(p + 4);
  return size >= MIN_RECORD && p + size <= buf.length && buf.readUInt32LE(p + size - 4) === size;
}

/** The next offset at or after `from` and before `limit` where a whole record starts, or -1. */
function resync(buf: Buffer, from: number, limit: number): number {
  let q = from;
  for (;;) {
    q = buf.indexOf(RECORD_SIG, q);
    if (q < 0 || q + MIN_RECORD > limit) return -1;
    if (recordAt(buf, q)) return q;
    q++;
  }
}

/**
 * Decodes the records of one chunk. `buf` is the chunk's bytes (shorter than 64 KiB only
 * when the file is cut inside it); problems go to `report`, never out as exceptions.
 */
export function decodeChunk(
  buf: Buffer,
  fileOffset: number,
  index: number,
  file: string,
  report: Report,
): EvtxRecord[] {
  const records: EvtxRecord[] = [];
  if (buf.length < RECORDS_START || buf.compare(CHUNK_MAGIC, 0, 8, 0, 8) !== 0) {
    // Preallocated chunks that were never written are all zeroes: not damage, just space.
    if (!buf.equals(ZEROES.subarray(0, buf.length))) {
      report(evtxDiagnostic('EVTX0101', file, fileOffset, index));
    }
    return records;
  }
  if (chunkHeaderCrc(buf) !== buf.readUInt32LE(124)) {
    report(evtxDiagnostic('EVTX0102', file, fileOffset, index));
  }
  const free = buf.readUInt32LE(48);
  const freeValid = free >= RECORDS_START && free <= CHUNK_SIZE;
  if (!freeValid) {
    const why = `free-space offset ${free} is outside the chunk`;
    report(evtxDiagnostic('EVTX0104', file, fileOffset + 48, index, why));
  } else if (free <= buf.length && chunkDataCrc(buf, free) !== buf.readUInt32LE(52)) {
    report(evtxDiagnostic('EVTX0103', file, fileOffset, index));
  }
  // Inside `limit` a record is expected, so a bad one is damage; past it, the end of data.
  const limit = freeValid ? Math.min(free, buf.length) : buf.length;
  const chunk = new Chunk(buf, fileOffset, index, file);
  const decoder = new BinXmlDecoder(chunk);
  // Past the free-space offset, undecodable records are usually left over from before the
  // chunk was reused (their templates were overwritten): summarised, not reported one by one.
  let beyond = 0;
  let beyondLost = 0;
  let firstBeyond = -1;
  const quiet: Report = () => {
    beyondLost++;
  };
  let p = RECORDS_START;
  while (p + MIN_RECORD <= buf.length) {
    if (!recordAt(buf, p)) {
      if (p >= limit || (!freeValid && buf.readUInt32LE(p) === 0)) break;
      reportBrokenRecord(buf, p, fileOffset, file, report);
      p = resync(buf, p + 1, limit);
      if (p < 0) break;
      continue;
    }
    const stale = p >= limit;
    if (stale) {
      beyond++;
      if (firstBeyond < 0) firstBeyond = p;
    }
    const size = buf.readUInt32LE(p + 4);
    const record = decodeRecord(chunk, decoder, p, size, stale ? quiet : report, stale);
    if (record) records.push(record);
    p += size;
  }
  if (beyond > 0) {
    const at = fileOffset + firstBeyond;
    report(evtxDiagnostic('EVTX0105', file, at, index, beyond, beyond - beyondLost, beyondLost));
  }
  return records;
}

function reportBrokenRecord(
  buf: Buffer,
  p: number,
  fileOffset: number,
  file: string,
  report: Report,
): void {
  const at = fileOffset + p;
  if (buf.readUInt32LE(p) !== RECORD_MAGIC) {
    report(evtxDiagnostic('EVTX0201', file, at, 'no record signature'));
    return;
  }
  const size = buf.readUInt32LE(p + 4);
  if (size < MIN_RECORD || p + size > buf.length) {
    const why =
      buf.length < CHUNK_SIZE && size >= MIN_RECORD && p + size <= CHUNK_SIZE
        ? `its ${size} bytes run past the end of the file`
        : `size ${size} does not fit the chunk`;
    report(evtxDiagnostic('EVTX0201', file, at, why));
    return;
  }
  report(evtxDiagnostic('EVTX0202', file, at, size, buf.readUInt32LE(p + size - 4)));
}

function decodeRecord(
  chunk: Chunk,
  decoder: BinXmlDecoder,
  p: number,
  size: number,
  report: Report,
  recovered: boolean,
): EvtxRecord | null {
  const buf = chunk.buf;
  const recordId = buf.readUInt32LE(p + 12) * 4294967296 + buf.readUInt32LE(p + 8);
  try {
    const body = decoder.record(p + 24, p + size - 4);
    const lo = buf.readUInt32LE(p + 16);
    const hi = buf.readUInt32LE(p + 20);
    return new EvtxRecord(chunk, chunk.fileOffset + p, size, recordId, lo, hi, body, recovered);
  } catch (e) {
    const file = chunk.file;
    if (e instanceof BinXmlError) {
      const at = chunk.fileOffset + e.at;
      if (e.code === 'EVTX0204') {
        const defOff = buf.readUInt32LE(e.at + 6);
        report(evtxDiagnostic(e.code, file, at, recordId, defOff, e.message));
      } else report(evtxDiagnostic(e.code, file, at, recordId, e.message));
    } else {
      // A read the decoder did not bound-check first: still this record's damage, not a throw.
      const why = e instanceof Error ? e.message : String(e);
      report(evtxDiagnostic('EVTX0203', file, chunk.fileOffset + p, recordId, why));
    }
    return null;
  }
}
