/**
 * CRC-32 (the zlib polynomial) that EVTX uses for its file header, chunk headers and chunk
 * record data. Node ≥ 20.15 ships it natively in `zlib.crc32`; older 20.x releases fall back
 * to a table-driven loop, slower but only ever run once per 64 KiB chunk.
 */

import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;

const native = (zlib as { crc32?: Crc32 }).crc32;

let table: Uint32Array | undefined;

function portable(data: Uint8Array, value = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~value >>> 0;
  for (let i = 0; i < data.length; i++) {
    crc = (table[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it). */
export const crc32: Crc32 = native ?? portable;

/** The file header checksum: CRC-32 of its first 120 bytes (stored at 124). */
export function fileHeaderCrc(head: Uint8Array): number {
  return crc32(head.subarray(0, 120));
}

/** The chunk header checksum: CRC-32 of bytes 0–120 and 128–512 (stored at 124). */
export function chunkHeaderCrc(chunk: Uint8Array): number {
  return crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120)));
}

/** The chunk record-data checksum: CRC-32 of bytes 512 to the free-space offset (stored at 52). */
export function chunkDataCrc(chunk: Uint8Array, freeSpaceOffset: number): number {
  return crc32(chunk.subarray(512, freeSpaceOffset));
}
