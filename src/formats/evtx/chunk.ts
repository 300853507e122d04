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
 * still gives are kept. Record ids run on by one, so when bytes had to be skipped the ids
 * either side (or the chunk header's first and last id) say how many records went with them,
 * and that count is reported too. Whether a chunk without a signature held records is for
 * its neighbours to say: continuity.ts.
 */

import type { Diagnostic } from '../../diagnostics.js';
import { BinXmlDecoder, BinXmlError } from './binxml.js';
import { evtxDiagnostic, lossDiagnostic } from './codes.js';
import { missingText } from './continuity.js';
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

/** What a chunk slot held, for the checks across chunks (continuity.ts). */
export interface ChunkSummary {
  index: number;
  /** File offset of the slot. */
  offset: number;
  /** `chunk`: it has the ElfChnk signature; `zero`: every byte is zero; `damaged`: neither. */
  kind: 'chunk' | 'zero' | 'damaged';
  /**
   * The first and last record ids the chunk accounts for, read or reported: from its header
   * when the header checksum holds, else from its records; -1 when it names none.
   */
  firstId: number;
  lastId: number;
  /**
   * Broken records reported without an id before `firstId` and after `lastId`: a gap in ids
   * to the neighbouring chunk includes them, and they are counted already.
   */
  brokenBefore: number;
  brokenAfter: number;
}

/** The records of one chunk and its summary. */
export interface ChunkRead {
  records: EvtxRecord[];
  summary: ChunkSummary;
}

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

function u64(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at + 4) * 4294967296 + buf.readUInt32LE(at);
}

/** Record ids lost in a stretch of a chunk that no other diagnostic counts. */
interface Loss {
  /** Chunk offsets of the stretch. */
  from: number;
  to: number;
  /** The ids missing there, and how many of them no broken-record report counts. */
  lo: number;
  hi: number;
  counted: number;
}

/**
 * Follows record ids through the walk of one chunk so that bytes skipped over damage can be
 * costed: the ids missing between the last record before the damage and the first after it,
 * less the broken records reported in between, were lost without a report of their own. Ids
 * advance by one from record to record; across damage they may jump by as many records as
 * the skipped bytes could hold, no more. An id that does neither (a flipped bit, or a record
 * signature found by chance inside the damage) is not believed.
 */
class IdTrail {
  /** First and last id accounted for; -1 until known. */
  first = -1;
  last = -1;
  /** Chunk offset of the first record with a believed id. */
  firstAt = -1;
  /** Broken records reported since `last` without a believed id. */
  broken = 0;
  brokenBefore = 0;
  /** Chunk offset where the damage since `last` began, or -1. */
  damageAt = -1;

  /**
   * `headerFirst` … `headerLast`: the ids the chunk header gives, -1 when they make no sense;
   * `trusted` when its checksum holds, so the walk is costed against them from the start.
   * Losses found go to `lose`.
   */
  constructor(
    readonly headerFirst: number,
    readonly headerLast: number,
    readonly trusted: boolean,
    private readonly lose: (loss: Loss) => void,
  ) {
    if (trusted && headerFirst >= 0) {
      this.first = headerFirst;
      this.last = headerFirst - 1;
    }
  }

  /** Whether the record id `id` at chunk offset `at` carries the ids on. */
  fits(id: number, at: number): boolean {
    if (this.last < 0) return true;
    if (id <= this.last) return false;
    if (this.damageAt < 0) return id === this.last + 1;
    return id - this.last - 1 <= Math.floor((at - this.damageAt) / MIN_RECORD);
  }

  /** The record at `at` has id `id`, which fits: costs the damage before it, if any. */
  private seen(id: number, at: number): void {
    if (this.damageAt >= 0 && this.last >= 0) {
      const counted = id - this.last - 1 - this.broken;
      const [lo, hi] = [this.last + 1, id - 1];
      if (counted > 0) this.lose({ from: this.damageAt, to: at, lo, hi, counted });
    }
    if (this.first < 0) {
      this.first = id;
      this.brokenBefore = this.broken;
    }
    if (this.firstAt < 0) this.firstAt = at;
    this.last = id;
    this.broken = 0;
    this.damageAt = -1;
  }

  /**
   * A whole record at `at`. Returns whether it took an id: its own when it fits; the next
   * one when it follows a record in order (its id field is damaged, not the sequence); none
   * when it lies past damage with an id the damage cannot explain.
   */
  record(id: number, at: number): boolean {
    if (this.fits(id, at)) this.seen(id, at);
    else if (this.damageAt < 0) this.seen(this.last + 1, at);
    else return false;
    return true;
  }

  /** A record at `at` was reported broken; `id` is what its header gives, -1 if nothing. */
  brokenRecord(id: number, at: number): void {
    if (id >= 0 && this.fits(id, at)) this.seen(id, at);
    else this.broken++;
    if (this.damageAt < 0) this.damageAt = at;
  }

  /**
   * The walk stopped at chunk offset `at`, the data ending at `end`: the ids the header gives
   * that no record had. A header whose checksum fails is believed when the records agree
   * with it, that is when its ids bracket every id found.
   */
  end(at: number, end: number): void {
    const { headerFirst, headerLast } = this;
    if (headerFirst < 0 || this.first < 0) return;
    if (!this.trusted && (this.first < headerFirst || this.last > headerLast)) return;
    if (!this.trusted) {
      const counted = this.first - headerFirst - this.brokenBefore;
      const [lo, hi] = [headerFirst, this.first - 1];
      if (counted > 0) this.lose({ from: RECORDS_START, to: this.firstAt, lo, hi, counted });
      this.first = headerFirst;
      this.brokenBefore = 0;
    }
    if (this.last < headerLast) {
      const counted = headerLast - this.last - this.broken;
      const from = this.damageAt >= 0 ? this.damageAt : at;
      const [lo, hi] = [this.last + 1, headerLast];
      if (counted > 0) this.lose({ from, to: Math.max(from, end), lo, hi, counted });
      this.last = headerLast;
    }
    this.broken = 0;
  }
}

/** A trail for the chunk header's record ids, when they make sense. */
function trailFor(buf: Buffer, headerOk: boolean, lose: (loss: Loss) => void): IdTrail {
  const first = u64(buf, 24);
  const last = u64(buf, 32);
  const sane = first >= 1 && last >= first && last - first < CHUNK_SIZE / MIN_RECORD;
  return sane ? new IdTrail(first, last, headerOk, lose) : new IdTrail(-1, -1, headerOk, lose);
}

/**
 * Decodes the records of one chunk. `buf` is the chunk's bytes (shorter than 64 KiB only
 * when the file is cut inside it); problems go to `report`, never out as exceptions. A slot
 * without a chunk signature is left for the checks across chunks to judge and report.
 */
export function decodeChunk(
  buf: Buffer,
  fileOffset: number,
  index: number,
  file: string,
  report: Report,
): EvtxRecord[] {
  return readChunk(buf, fileOffset, index, file, report).records;
}

/** `decodeChunk`, with the summary the checks across chunks need. */
export function readChunk(
  buf: Buffer,
  fileOffset: number,
  index: number,
  file: string,
  report: Report,
): ChunkRead {
  const records: EvtxRecord[] = [];
  const summary: ChunkSummary = {
    index,
    offset: fileOffset,
    kind: 'chunk',
    firstId: -1,
    lastId: -1,
    brokenBefore: 0,
    brokenAfter: 0,
  };
  if (buf.length < RECORDS_START || buf.compare(CHUNK_MAGIC, 0, 8, 0, 8) !== 0) {
    // Preallocated chunks that were never written are all zeroes; whether a zero chunk was
    // in use, only its neighbours can tell.
    summary.kind = buf.equals(ZEROES.subarray(0, buf.length)) ? 'zero' : 'damaged';
    return { records, summary };
  }
  const { headerOk, freeValid, limit } = checkChunkHeader(buf, fileOffset, index, file, report);
  const chunk = new Chunk(buf, fileOffset, index, file);
  const decoder = new BinXmlDecoder(chunk);
  const trail = trailFor(buf, headerOk, (loss) => {
    const what = missingText(loss.lo, loss.hi, loss.counted);
    const at = fileOffset + loss.from;
    report(lossDiagnostic('EVTX0107', file, at, loss.counted, index, loss.from, loss.to, what));
  });
  // Past the free-space offset, undecodable records are usually left over from before the
  // chunk was reused (their templates were overwritten): summarised, not reported one by one.
  // A record there that carries on the ids is new, written after the header: its own report.
  let beyond = 0;
  let beyondLost = 0;
  let firstBeyond = -1;
  const quiet: Report = () => {
    beyondLost++;
  };
  const loud: Report = (d) => {
    beyondLost++;
    report(d);
  };
  let p = RECORDS_START;
  while (p + MIN_RECORD <= buf.length) {
    if (!recordAt(buf, p)) {
      if (p >= limit || (!freeValid && buf.readUInt32LE(p) === 0)) break;
      const q = resync(buf, p + 1, limit);
      // Without a free-space offset, bytes no record follows are where the data ends (the
      // chunk's slack); records lost there show in the ids, which are checked at the end.
      if (q < 0 && !freeValid) break;
      trail.brokenRecord(reportBrokenRecord(buf, p, fileOffset, file, report), p);
      p = q;
      if (p < 0) break;
      continue;
    }
    const stale = p >= limit;
    const size = buf.readUInt32LE(p + 4);
    const id = u64(buf, p + 8);
    // Past the limit only a record that carries the ids on is new; the rest are left over.
    const fresh = !stale || (trail.last >= 0 && trail.fits(id, p));
    if (stale) {
      beyond++;
      if (firstBeyond < 0) firstBeyond = p;
    }
    const took = fresh && trail.record(id, p);
    const to = !stale ? report : fresh ? loud : quiet;
    const record = decodeRecord(chunk, decoder, p, size, to, stale);
    if (record) records.push(record);
    // Reported broken, without an id to place it: still one broken record in the gap.
    else if (fresh && !took) trail.broken++;
    p += size;
  }
  trail.end(p < 0 ? limit : Math.min(p, limit), limit);
  if (beyond > 0) {
    const at = fileOffset + firstBeyond;
    report(evtxDiagnostic('EVTX0105', file, at, index, beyond, beyond - beyondLost, beyondLost));
  }
  summary.firstId = trail.first;
  summary.lastId = trail.last;
  summary.brokenBefore = trail.brokenBefore;
  summary.brokenAfter = trail.broken;
  return { records, summary };
}

/**
 * Checks a chunk header's checksums and free-space offset. Inside `limit` a record is
 * expected, so a bad one is damage; past it lies the end of the data.
 */
function checkChunkHeader(
  buf: Buffer,
  fileOffset: number,
  index: number,
  file: string,
  report: Report,
): { headerOk: boolean; freeValid: boolean; limit: number } {
  const headerOk = chunkHeaderCrc(buf) === buf.readUInt32LE(124);
  if (!headerOk) report(evtxDiagnostic('EVTX0102', file, fileOffset, index));
  const free = buf.readUInt32LE(48);
  const freeValid = free >= RECORDS_START && free <= CHUNK_SIZE;
  if (!freeValid) {
    const why = `free-space offset ${free} is outside the chunk`;
    report(evtxDiagnostic('EVTX0104', file, fileOffset + 48, index, why));
  } else if (free <= buf.length && chunkDataCrc(buf, free) !== buf.readUInt32LE(52)) {
    report(evtxDiagnostic('EVTX0103', file, fileOffset, index));
  }
  return { headerOk, freeValid, limit: freeValid ? Math.min(free, buf.length) : buf.length };
}

/**
 * Reports the broken record at `p` and returns the id its header gives, or -1 when it has no
 * record signature (and so no id worth reading).
 */
function reportBrokenRecord(
  buf: Buffer,
  p: number,
  fileOffset: number,
  file: string,
  report: Report,
): number {
  const at = fileOffset + p;
  if (buf.readUInt32LE(p) !== RECORD_MAGIC) {
    report(evtxDiagnostic('EVTX0201', file, at, 'no record signature'));
    return -1;
  }
  const size = buf.readUInt32LE(p + 4);
  if (size < MIN_RECORD || p + size > buf.length) {
    const why =
      buf.length < CHUNK_SIZE && size >= MIN_RECORD && p + size <= CHUNK_SIZE
        ? `its ${size} bytes run past the end of the file`
        : `size ${size} does not fit the chunk`;
    report(evtxDiagnostic('EVTX0201', file, at, why));
  } else {
    report(evtxDiagnostic('EVTX0202', file, at, size, buf.readUInt32LE(p + size - 4)));
  }
  return u64(buf, p + 8);
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
