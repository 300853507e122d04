/**
 * Finds the inputs a command names: files, folders walked recursively (sorted, so runs are
 * reproducible), and the members of `.zip` and `.gz` archives, read in place without
 * unpacking to disk. A member is named `outer.zip!inner.json`. Archives inside archives are
 * opened too, to a fixed depth.
 */

import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { DiagnosticSink } from '../diagnostics.js';
import { zipEntries } from './archive/zip.js';

export interface Source {
  /** Display name: the path, or `archive!member`. */
  name: string;
  /** The path on disk when the source is a plain file (lets readers stream it). */
  path?: string;
  /** The decompressed bytes. */
  read(): Promise<Buffer>;
}

const MAX_ARCHIVE_DEPTH = 3;

export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

async function readHead(file: string, n = 8): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(file, { start: 0, end: n - 1 })) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function gunzip(data: Buffer | string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const input = typeof data === 'string' ? createReadStream(data) : null;
  const gz = createGunzip();
  const done = new Promise<Buffer>((resolve, reject) => {
    gz.on('data', (c: Buffer) => chunks.push(c));
    gz.on('end', () => resolve(Buffer.concat(chunks)));
    gz.on('error', reject);
  });
  if (input) input.pipe(gz);
  else gz.end(data);
  return done;
}

async function* expand(
  src: Source,
  head: Buffer,
  sink: DiagnosticSink,
  depth: number,
): AsyncGenerator<Source> {
  if ((isZip(head) || isGzip(head)) && depth >= MAX_ARCHIVE_DEPTH) {
    sink.report({
      code: 'IN0004',
      severity: 'warning',
      file: src.name,
      message: 'Archive nested too deeply; skipped.',
    });
    return;
  }
  if (isZip(head)) {
    try {
      for await (const e of zipEntries(src.path ?? (await src.read()), src.name, sink)) {
        const member: Source = { name: `${src.name}!${e.name}`, read: async () => e.data };
        yield* expand(member, e.data.subarray(0, 8), sink, depth + 1);
      }
    } catch (err) {
      sink.report({
        code: 'IN0002',
        severity: 'error',
        file: src.name,
        message: `Cannot read the zip archive: ${(err as Error).message}`,
      });
    }
    return;
  }
  if (isGzip(head)) {
    let data: Buffer;
    try {
      data = await gunzip(src.path ?? (await src.read()));
    } catch (err) {
      sink.report({
        code: 'IN0003',
        severity: 'error',
        file: src.name,
        message: `Cannot decompress the gzip file: ${(err as Error).message}`,
      });
      return;
    }
    const name = src.name.replace(/\.gz$/i, '') + (/\.gz$/i.test(src.name) ? '' : '!data');
    yield* expand({ name, read: async () => data }, data.subarray(0, 8), sink, depth + 1);
    return;
  }
  yield src;
}

async function* walk(p: string, sink: DiagnosticSink): AsyncGenerator<string> {
  let st;
  try {
    st = await stat(p);
  } catch (err) {
    sink.report({
      code: 'IN0001',
      severity: 'error',
      file: p,
      message: `Cannot open: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    });
    return;
  }
  if (st.isDirectory()) {
    let names: string[];
    try {
      names = (await readdir(p)).sort();
    } catch (err) {
      sink.report({
        code: 'IN0001',
        severity: 'error',
        file: p,
        message: `Cannot list the folder: ${(err as Error).message}`,
      });
      return;
    }
    for (const n of names) yield* walk(path.join(p, n), sink);
  } else if (st.isFile()) {
    yield p;
  }
}

/** Every input under `paths`, archives opened, in a stable order. */
export async function* discover(
  paths: readonly string[],
  sink: DiagnosticSink,
): AsyncGenerator<Source> {
  for (const p of paths) {
    for await (const file of walk(p, sink)) {
      const src: Source = {
        name: file,
        path: file,
        read: () => import('node:fs/promises').then((fs) => fs.readFile(file)),
      };
      let head: Buffer;
      try {
        head = await readHead(file);
      } catch (err) {
        sink.report({
          code: 'IN0001',
          severity: 'error',
          file,
          message: `Cannot read: ${(err as Error).message}`,
        });
        continue;
      }
      yield* expand(src, head, sink, 0);
    }
  }
}
