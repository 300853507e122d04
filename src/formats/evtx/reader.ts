/**
 * Reading an EVTX file. The file opens with a 4 KiB header: `ElfFile\0`, first and last chunk
 * numbers and the next record id (u64 at 8, 16, 24), header size (u32 at 32, 128), minor and
 * major version (u16 at 36 and 38, 1 or 2 and 3), header block size (u16 at 40, 4096), chunk
 * count (u16 at 42), flags (u32 at 120: 1 dirty, 2 full) and a CRC-32 of its first 120 bytes
 * (124). Chunks follow back to back. The header is advice, not truth: a log copied while in
 * use is dirty and counts fewer chunks than it holds, and a carved or cut file counts more.
 * So the reader walks every 64 KiB step to the end of the file, whatever the header says,
 * and reads a last partial chunk as far as its records go. A header that is gone (zeroed,
 * overwritten) costs only its counters: when chunk signatures follow at 4 KiB + n × 64 KiB,
 * the chunks are read without it. Once every slot is read, the chunks lost on the way are
 * costed in record ids (continuity.ts).
 *
 * Two entry points share that logic: `parseEvtxBuffer` over bytes already in memory, and
 * `readEvtxFile`, which reads a file chunk by chunk through a file handle (a few chunks per
 * read, never the whole file) and yields each record as soon as its chunk is decoded.
 */

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { DiagnosticSink } from '../../diagnostics.js';
import type { Diagnostic } from '../../diagnostics.js';
import { CHUNK_SIZE, readChunk } from './chunk.js';
import type { ChunkSummary, Report } from './chunk.js';
import { evtxDiagnostic } from './codes.js';
import { reportChunkLosses } from './continuity.js';
import type { LogFacts } from './continuity.js';
import { fileHeaderCrc } from './crc32.js';
import type { EvtxRecord } from './model.js';

export const FILE_HEADER_SIZE = 0x1000;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
/** Chunks read per file read: large enough to amortise the call, small enough to stream. */
const CHUNKS_PER_READ = 16;

export interface EvtxReadOptions {
  /** Receives every problem found; without one, problems are counted nowhere. */
  sink?: DiagnosticSink;
  /** The name diagnostics and events give the file; defaults to the path. */
  name?: string;
  /** Read only chunks [firstChunk, endChunk): how a large file is split across workers. */
  firstChunk?: number;
  endChunk?: number;
  /** Skip the file-level checks (a worker reading a slice: the caller checked the header). */
  skipHeaderChecks?: boolean;
  /**
   * Receives the summary of every chunk slot read. A caller that passes it judges the lost
   * chunks itself, once it has the summaries of the whole file (`reportChunkLosses`); without
   * it, the reader does, over the slots it read.
   */
  onChunk?: (summary: ChunkSummary) => void;
}

/** What the file header says, and what the reader made of the file's size. */
export interface EvtxFileInfo {
  /**
   * False when the first 4 KiB are not a file header but chunks follow: the header fields
   * below are then zero and false, and the chunks are read without them.
   */
  headerFound: boolean;
  /** Header fields as written. */
  majorVersion: number;
  minorVersion: number;
  /** Chunk count the header gives (advice only). */
  headerChunkCount: number;
  nextRecordId: number;
  /** Header flag 1: the log was not closed cleanly. */
  dirty: boolean;
  /** Header flag 2: the log reached its maximum size. */
  full: boolean;
  headerChecksumOk: boolean;
  fileSize: number;
  /** Chunk slots present in the file, a trailing partial one included. */
  chunkSlots: number;
}

/** Whether `head` opens with the file header's signature. */
function hasFileSignature(head: Buffer): boolean {
  return head.length >= 8 && head.compare(FILE_MAGIC, 0, 8, 0, 8) === 0;
}

/** Whether `bytes` open with a chunk signature. */
function isChunkSignature(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.compare(CHUNK_MAGIC, 0, 8, 0, 8) === 0;
}

/**
 * Whether the first bytes of a file look like EVTX: the file header's signature, or, the
 * header lost, a chunk signature where the first chunk starts (so `head` needs 4104 bytes
 * for that). A file whose first chunk is lost too is found only by reading it
 * (`readEvtxFile` looks at every chunk slot).
 *
 * @example
 * if (looksLikeEvtx(first64KiB)) for await (const r of readEvtxFile(path, { sink })) …
 */
export function looksLikeEvtx(head: Uint8Array): boolean {
  const buf = Buffer.isBuffer(head) ? head : Buffer.from(head.buffer, head.byteOffset, head.length);
  return (
    hasFileSignature(buf) || isChunkSignature(buf.subarray(FILE_HEADER_SIZE, FILE_HEADER_SIZE + 8))
  );
}

/**
 * Checks the first bytes of a file (`head`, up to 4 KiB) and reports what is wrong with it.
 * `firstChunk` is the first slot with a chunk signature, or -1: callers look for one only when
 * `head` is not a file header, which is then read past. Returns null when the file holds no
 * chunks to read: empty, not EVTX, or cut in its header.
 */
export function checkFileHeader(
  head: Buffer,
  fileSize: number,
  file: string,
  report: Report,
  firstChunk = -1,
): EvtxFileInfo | null {
  if (fileSize === 0) {
    report(evtxDiagnostic('EVTX0001', file, 0));
    return null;
  }
  if (!hasFileSignature(head)) {
    const why = head.length < 8 ? `only ${fileSize} bytes` : 'no ElfFile signature at offset 0';
    if (firstChunk < 0) {
      report(evtxDiagnostic('EVTX0002', file, 0, why));
      return null;
    }
    report(evtxDiagnostic('EVTX0004', file, 0, why));
    checkSize(fileSize, 0, false, file, report);
    return headerless(fileSize);
  }
  if (fileSize < FILE_HEADER_SIZE) {
    const why = `it ends at byte ${fileSize}, inside the 4096-byte file header`;
    report(evtxDiagnostic('EVTX0014', file, fileSize, why));
    return null;
  }
  const checksumOk = fileHeaderCrc(head) === head.readUInt32LE(124);
  if (!checksumOk) {
    const why = `stored ${head.readUInt32LE(124)}, computed ${fileHeaderCrc(head)}`;
    report(evtxDiagnostic('EVTX0010', file, 124, why));
  }
  const minor = head.readUInt16LE(36);
  const major = head.readUInt16LE(38);
  if (checksumOk && major !== 3) report(evtxDiagnostic('EVTX0011', file, 38, `${major}.${minor}`));
  const flags = head.readUInt32LE(120);
  const dirty = (flags & 1) !== 0;
  if (dirty) report(evtxDiagnostic('EVTX0012', file, 120));
  const headerChunkCount = head.readUInt16LE(42);
  checkSize(fileSize, headerChunkCount, checksumOk, file, report);
  return {
    headerFound: true,
    majorVersion: major,
    minorVersion: minor,
    headerChunkCount,
    nextRecordId: head.readUInt32LE(28) * 4294967296 + head.readUInt32LE(24),
    dirty,
    full: (flags & 2) !== 0,
    headerChecksumOk: checksumOk,
    fileSize,
    chunkSlots: slotsIn(fileSize),
  };
}

/** Chunk slots in a file of `fileSize` bytes, a trailing partial one included. */
function slotsIn(fileSize: number): number {
  return Math.ceil(Math.max(0, fileSize - FILE_HEADER_SIZE) / CHUNK_SIZE);
}

/** Reports a file cut inside a chunk, or holding fewer chunks than a trusted header counts. */
function checkSize(
  fileSize: number,
  headerChunkCount: number,
  trusted: boolean,
  file: string,
  report: Report,
): void {
  const body = fileSize - FILE_HEADER_SIZE;
  const chunkSlots = slotsIn(fileSize);
  if (body % CHUNK_SIZE !== 0) {
    const last = FILE_HEADER_SIZE + Math.floor(body / CHUNK_SIZE) * CHUNK_SIZE;
    const why = `the chunk at offset ${last} has ${body % CHUNK_SIZE} of its ${CHUNK_SIZE} bytes`;
    report(evtxDiagnostic('EVTX0014', file, fileSize, why));
  } else if (trusted && headerChunkCount > chunkSlots) {
    const why = `the header counts ${headerChunkCount} chunks, the file holds ${chunkSlots}`;
    report(evtxDiagnostic('EVTX0014', file, fileSize, why));
  }
}

/** The file info of a file read without its header. */
function headerless(fileSize: number): EvtxFileInfo {
  return {
    headerFound: false,
    majorVersion: 0,
    minorVersion: 0,
    headerChunkCount: 0,
    nextRecordId: 0,
    dirty: false,
    full: false,
    headerChecksumOk: false,
    fileSize,
    chunkSlots: slotsIn(fileSize),
  };
}

/**
 * What the checks across chunks may take from the header: its counters when its checksum
 * holds (its chunk count alone, as a last resort, when it does not), and the file's end.
 * `whole` says the slots read cover the file.
 */
export function logFacts(info: EvtxFileInfo | null, fileSize: number, whole: boolean): LogFacts {
  const facts: LogFacts = { fileSize, whole };
  if (info?.headerFound && info.headerChecksumOk) {
    facts.chunkCount = info.headerChunkCount;
    facts.nextRecordId = info.nextRecordId;
  } else if (info?.headerFound) {
    facts.claimedChunkCount = info.headerChunkCount;
  }
  return facts;
}

/** The first chunk slot of `buf` that opens with a chunk signature, or -1. */
function firstChunkIn(buf: Buffer): number {
  for (let i = 0, at = FILE_HEADER_SIZE; at + 8 <= buf.length; i++, at += CHUNK_SIZE) {
    if (isChunkSignature(buf.subarray(at, at + 8))) return i;
  }
  return -1;
}

/** The same for a file: eight bytes read per slot, only when the header is not there. */
async function firstChunkInFile(fh: FileHandle, size: number): Promise<number> {
  const sig = Buffer.alloc(8);
  for (let i = 0, at = FILE_HEADER_SIZE; at + 8 <= size; i++, at += CHUNK_SIZE) {
    if ((await readFully(fh, sig, 8, at)) === 8 && isChunkSignature(sig)) return i;
  }
  return -1;
}

/** Reads the head of a file and checks it, looking for chunks when it is not a header. */
async function checkFileHead(
  fh: FileHandle,
  size: number,
  file: string,
  report: Report,
): Promise<EvtxFileInfo | null> {
  const head = Buffer.alloc(Math.min(FILE_HEADER_SIZE, size));
  await readFully(fh, head, head.length, 0);
  const firstChunk = hasFileSignature(head) ? -1 : await firstChunkInFile(fh, size);
  return checkFileHeader(head, size, file, report, firstChunk);
}

function reporter(sink: DiagnosticSink | undefined): Report {
  if (!sink) return () => {};
  return (d: Diagnostic) => sink.report(d);
}

/**
 * Decodes every record of an EVTX file already in memory, in file order. Damage is reported
 * to `options.sink`; nothing is thrown for bad input.
 *
 * @example
 * for (const r of parseEvtxBuffer(readFileSync('Security.evtx'), { sink })) {
 *   ids.push([r.recordId, recordToEvent(r).eventId]);
 * }
 */
export function* parseEvtxBuffer(
  buffer: Uint8Array,
  options: EvtxReadOptions = {},
): Generator<EvtxRecord> {
  const buf = Buffer.isBuffer(buffer)
    ? buffer
    : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const file = options.name ?? '<buffer>';
  const report = reporter(options.sink);
  let info: EvtxFileInfo | null = null;
  if (!options.skipHeaderChecks) {
    const head = buf.subarray(0, FILE_HEADER_SIZE);
    const firstChunk = hasFileSignature(head) ? -1 : firstChunkIn(buf);
    info = checkFileHeader(head, buf.length, file, report, firstChunk);
    if (!info) return;
  }
  const slots = slotsIn(buf.length);
  const first = options.firstChunk ?? 0;
  const end = Math.min(options.endChunk ?? slots, slots);
  const ledger = new Ledger(options.onChunk);
  for (let i = first; i < end; i++) {
    const at = FILE_HEADER_SIZE + i * CHUNK_SIZE;
    const chunk = buf.subarray(at, Math.min(at + CHUNK_SIZE, buf.length));
    yield* ledger.add(readChunk(chunk, at, i, file, report));
  }
  ledger.finish(logFacts(info, buf.length, first === 0 && end === slots), file, report);
}

/**
 * The chunk summaries of one read: handed to the caller's `onChunk`, or kept to judge the
 * lost chunks once the last slot is read.
 */
class Ledger {
  private readonly kept: ChunkSummary[] = [];

  constructor(private readonly onChunk: ((s: ChunkSummary) => void) | undefined) {}

  add(read: { records: EvtxRecord[]; summary: ChunkSummary }): EvtxRecord[] {
    if (this.onChunk) this.onChunk(read.summary);
    else this.kept.push(read.summary);
    return read.records;
  }

  finish(facts: LogFacts, file: string, report: Report): void {
    if (!this.onChunk) reportChunkLosses(this.kept, facts, file, report);
  }
}

/** A run of chunks read at once. */
interface Block {
  first: number;
  n: number;
  /** File offset of the first chunk. */
  at: number;
  bytes: Buffer;
  got: number;
}

/** Reads up to `length` bytes at `position`, looping over short reads; returns the bytes read. */
async function readFully(
  fh: FileHandle,
  buf: Buffer,
  length: number,
  position: number,
): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Streams the records of an EVTX file, reading it chunk by chunk; memory stays at a few
 * chunks whatever the file's size. An unreadable, empty or foreign file yields nothing and
 * reports one diagnostic.
 *
 * @example
 * const sink = new DiagnosticSink();
 * for await (const r of readEvtxFile('Security.evtx', { sink })) handle(recordToEvent(r));
 */
export async function* readEvtxFile(
  path: string,
  options: EvtxReadOptions = {},
): AsyncGenerator<EvtxRecord> {
  const file = options.name ?? path;
  const report = reporter(options.sink);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    report(evtxDiagnostic('EVTX0003', file, 0, (e as NodeJS.ErrnoException).code ?? String(e)));
    return;
  }
  let next: Promise<Block> | null = null;
  const ledger = new Ledger(options.onChunk);
  let facts: LogFacts | null = null;
  try {
    let position = 0;
    try {
      const size = (await fh.stat()).size;
      let info: EvtxFileInfo | null = null;
      if (!options.skipHeaderChecks) {
        info = await checkFileHead(fh, size, file, report);
        if (!info) return;
      }
      const slots = slotsIn(size);
      const start = options.firstChunk ?? 0;
      const end = Math.min(options.endChunk ?? slots, slots);
      facts = logFacts(info, size, start === 0 && end === slots);
      // One block is read ahead while the one before is decoded, so the disk and the
      // decoder overlap; a fresh buffer per block, as the records handed out keep its bytes.
      const read = (first: number): Promise<Block> => {
        const n = Math.min(CHUNKS_PER_READ, end - first);
        const at = FILE_HEADER_SIZE + first * CHUNK_SIZE;
        const bytes = Buffer.allocUnsafe(n * CHUNK_SIZE);
        const p = readFully(fh, bytes, bytes.length, at).then((got) => ({
          first,
          n,
          at,
          bytes,
          got,
        }));
        // Handled here so a failure is not "unhandled" while the consumer holds us; it is
        // still thrown where the block is awaited.
        p.catch(() => {});
        return p;
      };
      next = start < end ? read(start) : null;
      while (next) {
        const block: Block = await next;
        position = block.at;
        const following = block.first + block.n;
        next = block.got === block.bytes.length && following < end ? read(following) : null;
        for (let k = 0; k < block.n && k * CHUNK_SIZE < block.got; k++) {
          const from = k * CHUNK_SIZE;
          const bytes = block.bytes.subarray(from, Math.min(from + CHUNK_SIZE, block.got));
          yield* ledger.add(readChunk(bytes, block.at + from, block.first + k, file, report));
        }
      }
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
      report(evtxDiagnostic('EVTX0003', file, position, why));
      // The slots after the failure were never read: judge the ones that were on their own.
      if (facts) facts = { fileSize: facts.fileSize, whole: false };
    }
    if (facts) ledger.finish(facts, file, report);
  } finally {
    // A consumer that stopped early may leave a read in flight: let it land before closing.
    await next?.catch(() => {});
    await fh.close();
  }
}

/** Reads the file header of `path` and reports its problems, without decoding any chunk. */
export async function inspectEvtxFile(
  path: string,
  options: Pick<EvtxReadOptions, 'sink' | 'name'> = {},
): Promise<EvtxFileInfo | null> {
  const file = options.name ?? path;
  const report = reporter(options.sink);
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    return await checkFileHead(fh, (await fh.stat()).size, file, report);
  } catch (e) {
    report(evtxDiagnostic('EVTX0003', file, 0, (e as NodeJS.ErrnoException).code ?? String(e)));
    return null;
  } finally {
    await fh?.close();
  }
}
