/**
 * Zip archives, read with yauzl (central directory first, then each member on its own), so
 * a multi-member archive is never unpacked to disk and only one member sits in memory at a
 * time. Members are stored (method 0: `zip -0`, Python's zipfile by default, and any member
 * deflate would not shrink, such as a zip inside a zip) or deflated (method 8).
 *
 * Member names are labels here, never paths: nothing is written to disk. yauzl would reject
 * the whole archive over one name with `..` or a leading `/`, so names are taken as raw bytes
 * (`decodeStrings: false`) and decoded here: UTF-8 when general-purpose flag bit 11 says so
 * (or the Info-ZIP Unicode Path field gives it), else CP437, the zip format's default. Such a
 * name is read and reported as a warning. Encrypted, damaged or otherwise unreadable members
 * are reported and skipped; the archive's other members are still read.
 */

import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { DiagnosticSink } from '../../diagnostics.js';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const OPTIONS: yauzl.Options = { lazyEntries: true, decodeStrings: false };

function open(input: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, zip?: yauzl.ZipFile): void =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip);
    if (typeof input === 'string') yauzl.open(input, { ...OPTIONS, autoClose: true }, cb);
    else yauzl.fromBuffer(input, OPTIONS, cb);
  });
}

/**
 * A member's bytes as stored (`raw`), or decoded by yauzl. yauzl accepts no decoding
 * option at all for a stored member, so none is passed unless the raw bytes are wanted.
 */
function readStream(zip: yauzl.ZipFile, entry: yauzl.Entry, raw: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, stream?: NodeJS.ReadableStream): void => {
      if (err || !stream) return reject(err ?? new Error('no stream'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      stream.on('error', reject);
    };
    try {
      if (raw) zip.openReadStream(entry, { decodeFileData: false }, done);
      else zip.openReadStream(entry, done);
    } catch (err) {
      // yauzl throws, rather than calls back, on options it finds wrong for the entry.
      reject(err as Error);
    }
  });
}

/** Names of the compression methods a zip may declare that webc2 cannot decode. */
const METHODS: Record<number, string> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
};

/** Why a member cannot be read, before trying; null when it can be. */
function unreadable(entry: yauzl.Entry): { code: string; message: string; hint: string } | null {
  if (entry.isEncrypted()) {
    return {
      code: 'IN0008',
      message: 'An encrypted member; webc2 cannot read it.',
      hint: 'Extract the archive with its password and pass the extracted files.',
    };
  }
  const m = entry.compressionMethod;
  if (m === 0 || m === 8) return null;
  return {
    code: 'IN0005',
    message: `The member is compressed with ${METHODS[m] ?? `method ${m}`}; webc2 reads stored and deflated members only.`,
    hint: 'Extract the archive with a tool that knows the method, or re-zip it with deflate.',
  };
}

/**
 * A member's bytes. Deflated members are read compressed and inflated in one call into a
 * buffer of the size the directory declares: no chunk list, no second copy — on a 200 MB
 * log that halves the time spent moving bytes. The result must have the declared size.
 */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  if (entry.compressionMethod !== 8 || entry.uncompressedSize === 0)
    return readStream(zip, entry, false);
  const compressed = await readStream(zip, entry, true);
  const out = inflateRawSync(compressed, { chunkSize: Math.max(64, entry.uncompressedSize + 1) });
  if (out.length !== entry.uncompressedSize) {
    throw new Error(
      `inflated to ${out.length} bytes; the archive declares ${entry.uncompressedSize}`,
    );
  }
  return out;
}

/** The member's name as text: its raw bytes decoded as the entry's flags say. */
function memberName(entry: yauzl.Entry): string {
  // With decodeStrings off, yauzl leaves the name as bytes; its decoder applies flag bit 11,
  // the Unicode Path extra field, and CP437 otherwise, and turns `\` into `/`.
  return yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    false,
  );
}

/** Why a member name would be unsafe as a path, or null. */
export function oddMemberName(name: string): string | null {
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'starts with a drive letter';
  if (name.split('/').includes('..')) return "points outside the archive with a parent step '..'";
  return null;
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
      const member = memberName(entry);
      if (member.endsWith('/')) continue;
      // macOS resource forks are not data.
      if (member.startsWith('__MACOSX/')) continue;
      const where = `${name}!${member}`;
      const odd = oddMemberName(member);
      if (odd !== null) {
        sink.report({
          code: 'IN0007',
          severity: 'warning',
          file: where,
          message: `The member name ${odd}; read under that name as a label (webc2 writes nothing to disk).`,
          hint: 'Archives made by collection tools do not use such names: check where this one came from.',
        });
      }
      const cannot = unreadable(entry);
      if (cannot !== null) {
        sink.report({ ...cannot, severity: 'error', file: where });
        continue;
      }
      let data: Buffer;
      try {
        data = await readEntry(zip, entry);
      } catch (err) {
        sink.report({
          code: 'IN0005',
          severity: 'error',
          file: where,
          message: `Cannot extract the member: ${(err as Error).message}`,
        });
        continue;
      }
      yield { name: member, data };
    }
  } finally {
    zip.close();
  }
}
