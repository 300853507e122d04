/**
 * Finds the inputs a command names: files, folders walked recursively (sorted, so runs are
 * reproducible), and the members of `.zip` and `.gz` archives, read in place without
 * unpacking to disk. A member is named `outer.zip!inner.json`. Archives inside archives are
 * opened too, to a fixed depth.
 *
 * File names are bytes on Linux and need not be UTF-8 (a folder copied from an old Latin-1
 * system): folders are listed and files opened by their raw bytes, and names are shown with
 * the bytes that are not UTF-8 escaped (`lat\xe9`). Node hands over command-line arguments
 * already decoded, each bad byte turned into U+FFFD; such an argument is matched back to the
 * name on disk it came from. Symbolic links are followed, but every folder and file is read
 * once: a link back into a folder being walked is a loop and is reported, and a second name
 * for something already read is noted.
 */

import { createReadStream } from 'node:fs';
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
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

async function readHead(file: string | Buffer, n = 8): Promise<Buffer> {
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

/**
 * A file path as its bytes, one character per byte (Latin-1), so that `path.join` and string
 * comparison work on names that are not UTF-8 and nothing is lost on the way to `fs`.
 */
type BytePath = string;

const fsPath = (p: BytePath): Buffer => Buffer.from(p, 'latin1');
const fromText = (s: string): BytePath => Buffer.from(s, 'utf8').toString('latin1');

/** Length of the well-formed UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceAt(b: Buffer, i: number): number {
  const lead = b[i]!;
  if (lead < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    const lo = lead === 0xe0 ? 0xa0 : 0x80;
    const hi = lead === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const lo = lead === 0xf0 ? 0x90 : 0x80;
    const hi = lead === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A file name for people: UTF-8 as it is, every byte that is not UTF-8 as `\xNN`. */
export function displayPath(bytes: Buffer): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < bytes.length;) {
    const n = sequenceAt(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += bytes.toString('utf8', from, i) + `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
    from = ++i;
  }
  return out + bytes.toString('utf8', from);
}

const shown = (p: BytePath): string => displayPath(fsPath(p));

/**
 * The path on disk an argument names. Node decodes arguments as UTF-8 and turns each byte
 * that is not into U+FFFD, so a name with such bytes no longer opens; each component that
 * holds U+FFFD is matched against the names in its folder that decode to the same text.
 */
async function resolveArgument(arg: string, sink: DiagnosticSink): Promise<BytePath | null> {
  const direct = fromText(arg);
  if (!arg.includes('\ufffd')) return direct;
  try {
    await stat(fsPath(direct));
    return direct;
  } catch {
    // Look for the name on disk below.
  }
  const parts = arg.split(path.sep);
  let at: BytePath = path.isAbsolute(arg) ? fromText(path.parse(arg).root) : '';
  for (const part of path.isAbsolute(arg) ? parts.slice(1) : parts) {
    if (!part.includes('\ufffd')) {
      at = path.join(at, fromText(part));
      continue;
    }
    let names: Buffer[];
    try {
      names = await readdir(fsPath(at === '' ? '.' : at), { encoding: 'buffer' });
    } catch {
      return direct;
    }
    const matches = names.filter((n) => n.toString('utf8') === part);
    if (matches.length !== 1) {
      if (matches.length > 1) {
        sink.report({
          code: 'IN0001',
          severity: 'error',
          file: arg,
          message: `${matches.length} names on disk read as '${part}': ${matches.map((m) => displayPath(m)).join(', ')}.`,
          hint: 'Name the folder that holds them instead.',
        });
        return null;
      }
      return direct;
    }
    at = path.join(at, matches[0]!.toString('latin1'));
  }
  return at;
}

/** What a walk remembers: the real path of everything read, with the name it was read as. */
interface Walk {
  sink: DiagnosticSink;
  seen: Map<string, string>;
  /** Real paths of the folders being walked, from the argument down. */
  open: Set<string>;
}

async function* walk(p: BytePath, w: Walk): AsyncGenerator<BytePath> {
  let st;
  try {
    st = await stat(fsPath(p));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      w.sink.report({
        code: 'IN0009',
        severity: 'warning',
        file: shown(p),
        message: 'A loop of symbolic links that never reaches a file; not followed.',
      });
      return;
    }
    w.sink.report({
      code: 'IN0001',
      severity: 'error',
      file: shown(p),
      message: `Cannot open: ${code ?? (err as Error).message}`,
    });
    return;
  }
  if (!st.isDirectory() && !st.isFile()) return;
  let real: string;
  try {
    real = (await realpath(fsPath(p), { encoding: 'buffer' })).toString('latin1');
  } catch {
    real = p;
  }
  const first = w.seen.get(real);
  if (first !== undefined) {
    const loop = w.open.has(real);
    w.sink.report({
      code: loop ? 'IN0009' : 'IN0011',
      severity: loop ? 'warning' : 'info',
      file: shown(p),
      message: loop
        ? `A symbolic link back to ${first}, a folder this one is inside; not followed.`
        : `The same ${st.isDirectory() ? 'folder' : 'file'} as ${first}, already read; read once.`,
    });
    return;
  }
  w.seen.set(real, shown(p));
  if (st.isFile()) {
    yield p;
    return;
  }
  let names: Buffer[];
  try {
    names = (await readdir(fsPath(p), { encoding: 'buffer' })).sort(Buffer.compare);
  } catch (err) {
    w.sink.report({
      code: 'IN0001',
      severity: 'error',
      file: shown(p),
      message: `Cannot list the folder: ${(err as Error).message}`,
    });
    return;
  }
  w.open.add(real);
  for (const n of names) yield* walk(path.join(p, n.toString('latin1')), w);
  w.open.delete(real);
}

/** Every input under `paths`, archives opened, in a stable order. */
export async function* discover(
  paths: readonly string[],
  sink: DiagnosticSink,
): AsyncGenerator<Source> {
  const w: Walk = { sink, seen: new Map(), open: new Set() };
  for (const arg of paths) {
    const start = await resolveArgument(arg, sink);
    if (start === null) continue;
    for await (const file of walk(start, w)) {
      const bytes = fsPath(file);
      const name = displayPath(bytes);
      // Readers that stream from disk take a string path: only a UTF-8 name round-trips.
      const exact = Buffer.from(name, 'utf8').equals(bytes);
      const src: Source = {
        name,
        ...(exact ? { path: name } : {}),
        read: () => readFile(bytes),
      };
      let head: Buffer;
      try {
        head = await readHead(bytes);
      } catch (err) {
        sink.report({
          code: 'IN0001',
          severity: 'error',
          file: name,
          message: `Cannot read: ${(err as Error).message}`,
        });
        continue;
      }
      yield* expand(src, head, sink, 0);
    }
  }
}
