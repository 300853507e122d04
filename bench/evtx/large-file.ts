/**
 * Builds a large, valid EVTX file for the benchmark from the chunks of a real one: the
 * source's chunks are repeated until the target size, each copy renumbered so record ids
 * keep rising (the record headers, the chunk headers' first/last numbers and ids, and the
 * EventRecordID value inside each record), and every checksum recomputed, so every parser
 * reads it as one clean log rather than as damage.
 */

import { open, readFile } from 'node:fs/promises';
import { decodeChunk } from '../../src/formats/evtx/chunk.js';
import { chunkDataCrc, chunkHeaderCrc, fileHeaderCrc } from '../../src/formats/evtx/crc32.js';
import { N_TEMPLATE } from '../../src/formats/evtx/model.js';
import { VT_UINT64 } from '../../src/formats/evtx/values.js';

const HEADER = 0x1000;
const CHUNK = 0x10000;

interface Prepared {
  bytes: Buffer;
  /** Chunk-relative offsets of each record header, and of its EventRecordID value (-1: none). */
  records: number[];
  idValues: number[];
}

/** The source's chunks with the places their record ids are written. */
function prepare(source: Buffer): Prepared[] {
  const out: Prepared[] = [];
  for (let at = HEADER; at + CHUNK <= source.length; at += CHUNK) {
    const bytes = source.subarray(at, at + CHUNK);
    if (bytes.toString('latin1', 0, 8) !== 'ElfChnk\0') continue;
    const records: number[] = [];
    const idValues: number[] = [];
    for (const r of decodeChunk(bytes, 0, 0, 'source', () => {})) {
      records.push(r.offset);
      // The EventRecordID substitution is the u64 value equal to the header's record id.
      let found = -1;
      for (const n of r.body) {
        if (n.kind !== N_TEMPLATE) continue;
        for (let i = n.base; i < n.base + n.count; i++) {
          const off = r.chunk.vOff[i] ?? 0;
          if (r.chunk.vType[i] === VT_UINT64 && bytes.readBigUInt64LE(off) === BigInt(r.recordId)) {
            found = off;
            break;
          }
        }
      }
      idValues.push(found);
    }
    if (records.length > 0) out.push({ bytes: Buffer.from(bytes), records, idValues });
  }
  return out;
}

/**
 * Writes `path`: the chunks of `sourcePath` repeated until about `targetBytes`. Returns the
 * number of records written.
 */
export async function buildLargeEvtx(
  sourcePath: string,
  targetBytes: number,
  path: string,
): Promise<{ records: number; bytes: number; chunks: number }> {
  const source = await readFile(sourcePath);
  const chunks = prepare(source);
  if (chunks.length === 0) throw new Error(`${sourcePath} has no chunk to repeat`);
  const count = Math.min(0xffff, Math.max(1, Math.floor((targetBytes - HEADER) / CHUNK)));
  const fh = await open(path, 'w');
  let next = 1;
  try {
    const header = Buffer.from(source.subarray(0, HEADER));
    header.writeBigUInt64LE(0n, 8);
    header.writeBigUInt64LE(BigInt(count - 1), 16);
    header.writeUInt16LE(count, 42);
    header.writeUInt32LE(0, 120);
    await fh.write(header, 0, HEADER, 0);
    for (let i = 0; i < count; i++) {
      const src = chunks[i % chunks.length] as Prepared;
      const chunk = Buffer.from(src.bytes);
      const first = next;
      src.records.forEach((r, k) => {
        chunk.writeBigUInt64LE(BigInt(next), r + 8);
        const v = src.idValues[k] ?? -1;
        if (v >= 0) chunk.writeBigUInt64LE(BigInt(next), v);
        next++;
      });
      for (const [field, value] of [
        [8, first],
        [16, next - 1],
        [24, first],
        [32, next - 1],
      ] as const) {
        chunk.writeBigUInt64LE(BigInt(value), field);
      }
      chunk.writeUInt32LE(chunkDataCrc(chunk, chunk.readUInt32LE(48)), 52);
      chunk.writeUInt32LE(chunkHeaderCrc(chunk), 124);
      await fh.write(chunk, 0, CHUNK, HEADER + i * CHUNK);
    }
    header.writeBigUInt64LE(BigInt(next), 24);
    header.writeUInt32LE(fileHeaderCrc(header), 124);
    await fh.write(header, 0, 128, 0);
  } finally {
    await fh.close();
  }
  return { records: next - 1, bytes: HEADER + count * CHUNK, chunks: count };
}
