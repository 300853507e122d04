/**
 * Zip archives, read with yauzl (central directory first, then each member inflated on its
 * own), so a multi-member archive is never unpacked to disk and only one member sits in
 * memory at a time. Encrypted or damaged members are reported and skipped.
 */

import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { DiagnosticSink } from '../../diagnostics.js';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

function open(input: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, zip?: yauzl.ZipFile): void =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip);
    if (typeof input === 'string') yauzl.open(input, { lazyEntries: true, autoClose: true }, cb);
    else yauzl.fromBuffer(input, { lazyEntries: true }, cb);
  });
}

function readRaw(zip: yauzl.ZipFile, entry: yauzl.Entry, decompress: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decompress: decompress ? true : false }, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

/**
 * A member's bytes. Deflated members are read compressed and inflated in one call into a
 * buffer of the size the directory declares: no chunk list, no second copy — on a 200 MB
 * log that halves the time spent moving bytes. The result must have the declared size.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  if (entry.compressionMethod !== 8 || entry.uncompressedSize === 0)
    return readRaw(zip, entry, true);
  const compressed = await readRaw(zip, entry, false);
  const out = inflateRawSync(compressed, { chunkSize: Math.max(64, entry.uncompressedSize + 1) });
  if (out.length !== entry.uncompressedSize) {
    throw new Error(
      `inflated to ${out.length} bytes; the archive declares ${entry.uncompressedSize}`,
    );
  }
  return out;
}

/**
 * Some writers leave the end-of-central-directory record's comment length out of step with
 * the bytes that follow it (one of the Security-Datasets archives ends a byte short of the
 * comment it declares). The members are intact, so the record is patched to the comment
 * actually present, in a copy, and the archive read again.
 */
export function repairEndRecord(buf: Buffer): Buffer | null {
  const EOCD = 0x06054b50;
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) !== EOCD) continue;
    const declared = buf.readUInt16LE(at + 20);
    const present = buf.length - (at + 22);
    if (declared === present) return null;
    const fixed = Buffer.from(buf.subarray(0, at + 22 + Math.min(declared, present)));
    fixed.writeUInt16LE(Math.min(declared, present), at + 20);
    return fixed;
  }
  return null;
}

async function openLenient(
  input: string | Buffer,
  name: string,
  sink: DiagnosticSink,
): Promise<yauzl.ZipFile> {
  try {
    return await open(input);
  } catch (err) {
    if (!/comment length|end of central dir/i.test((err as Error).message)) throw err;
    const buf = typeof input === 'string' ? await readFile(input) : input;
    const fixed = repairEndRecord(buf);
    if (fixed === null) throw err;
    sink.report({
      code: 'IN0006',
      severity: 'warning',
      file: name,
      message:
        'The zip end record declares a comment that is not there; read it as if it were not declared.',
    });
    return open(fixed);
  }
}

/** The file members of a zip archive, in archive order. */
export async function* zipEntries(
  input: string | Buffer,
  name: string,
  sink: DiagnosticSink,
): AsyncGenerator<ZipEntry> {
  const zip = await openLenient(input, name, sink);
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry): void => {
          cleanup();
          resolve(e);
        };
        const onEnd = (): void => {
          cleanup();
          resolve(null);
        };
        const onError = (e: Error): void => {
          cleanup();
          reject(e);
        };
        const cleanup = (): void => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
      if (entry === null) return;
      if (entry.fileName.endsWith('/')) continue;
      // macOS resource forks are not data.
      if (entry.fileName.startsWith('__MACOSX/')) continue;
      try {
        yield { name: entry.fileName, data: await readEntry(zip, entry) };
      } catch (err) {
        sink.report({
          code: 'IN0005',
          severity: 'error',
          file: `${name}!${entry.fileName}`,
          message: `Cannot extract the member: ${(err as Error).message}`,
        });
      }
    }
  } finally {
    zip.close();
  }
}
