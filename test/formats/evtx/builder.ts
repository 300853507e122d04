/**
 * Writes small EVTX files token by token, for the rendering cases the shared samples do not
 * contain (CDATA, entity and character references, processing instructions, nested Binary
 * XML, arrays in attributes, records without templates). Follows the layout the reader's
 * file comments describe; names are written inline the first time and by offset after, and
 * a template is defined inline in the first record that uses it, as Windows writes them.
 */

import { chunkDataCrc, chunkHeaderCrc, fileHeaderCrc } from '../../../src/formats/evtx/crc32.js';

/** A substitution value: bytes, or bytes that depend on where they land (nested Binary XML). */
export type Value =
  | { type: number; bytes: Buffer }
  | { type: number; size: () => number; build: (at: number) => Buffer };

function bytesAt(v: Value, at: number): Buffer {
  return 'bytes' in v ? v.bytes : v.build(at);
}

function sizeOf(v: Value): number {
  return 'bytes' in v ? v.bytes.length : v.size();
}

/** Emits tokens into a chunk being written; `inTemplate` decides the dependency id. */
export type Emit = (w: ChunkWriter, inTemplate: boolean) => void;

export class ChunkWriter {
  readonly buf = Buffer.alloc(0x10000);
  pos = 512;
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<number, number>();
  records = 0;
  firstId = 0;

  u8(v: number): void {
    this.buf.writeUInt8(v, this.pos);
    this.pos += 1;
  }

  u16(v: number): void {
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  bytes(b: Buffer): void {
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  /** A name offset, and the name itself when this chunk has not written it yet. */
  name(s: string): void {
    const known = this.names.get(s);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const at = this.pos + 4;
    this.names.set(s, at);
    this.u32(at);
    this.u32(0);
    this.u16(0);
    this.u16(s.length);
    this.bytes(Buffer.from(s, 'utf16le'));
    this.u16(0);
  }

  /** A template instance, its definition inline the first time `id` is used in the chunk. */
  template(id: number, body: Emit, values: Value[]): void {
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(id);
    const known = this.templates.get(id);
    if (known !== undefined) this.u32(known);
    else {
      const def = this.pos + 4;
      this.templates.set(id, def);
      this.u32(def);
      this.u32(0);
      const guid = Buffer.alloc(16, 0x11);
      guid.writeUInt32LE(id, 0);
      this.bytes(guid);
      const sizeAt = this.pos;
      this.u32(0);
      const start = this.pos;
      this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
      body(this, true);
      this.u8(0x00);
      this.buf.writeUInt32LE(this.pos - start, sizeAt);
    }
    this.u32(values.length);
    // A nested value's size does not depend on its position, only its offsets do.
    const sizes = values.map(sizeOf);
    values.forEach((v, i) => {
      this.u16(sizes[i] ?? 0);
      this.u8(v.type);
      this.u8(0);
    });
    for (const v of values) this.bytes(bytesAt(v, this.pos));
  }

  /** One record whose body is `body` after a fragment header. */
  record(id: number, body: Emit): void {
    const start = this.pos;
    if (this.records === 0) this.firstId = id;
    this.records++;
    this.u32(0x2a2a);
    this.u32(0);
    this.buf.writeBigUInt64LE(BigInt(id), this.pos);
    this.pos += 8;
    this.buf.writeBigUInt64LE(132223104000000000n, this.pos); // 2020-01-01
    this.pos += 8;
    this.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
    body(this, false);
    this.u8(0x00);
    this.pos = (this.pos + 3) & ~3;
    const size = this.pos - start + 4;
    this.buf.writeUInt32LE(size, start + 4);
    this.u32(size);
  }

  /** The finished chunk, header and checksums filled in. */
  finish(lastId: number): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    for (const [off, v] of [
      [8, this.firstId],
      [16, lastId],
      [24, this.firstId],
      [32, lastId],
    ] as const) {
      b.writeBigUInt64LE(BigInt(v), off);
    }
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(chunkDataCrc(b, this.pos), 52);
    b.writeUInt32LE(chunkHeaderCrc(b), 124);
    return b;
  }
}

// ---- tokens -------------------------------------------------------------------------------

/** An element; attribute values and children are token emitters. */
export function el(name: string, attrs: [string, Emit[]][], children: Emit[] | null): Emit {
  return (w, inTemplate) => {
    w.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (inTemplate) w.u16(0xffff);
    const sizeAt = w.pos;
    w.u32(0);
    w.name(name);
    if (attrs.length > 0) w.u32(0);
    attrs.forEach(([n, parts], i) => {
      w.u8(i < attrs.length - 1 ? 0x46 : 0x06);
      w.name(n);
      for (const p of parts) p(w, inTemplate);
    });
    if (children === null) w.u8(0x03);
    else {
      w.u8(0x02);
      for (const c of children) c(w, inTemplate);
      w.u8(0x04);
    }
    w.buf.writeUInt32LE(w.pos - sizeAt - 4, sizeAt);
  };
}

export const text =
  (s: string): Emit =>
  (w) => {
    w.u8(0x05);
    w.u8(0x01);
    w.u16(s.length);
    w.bytes(Buffer.from(s, 'utf16le'));
  };

export const sub =
  (index: number, type: number, optional = false): Emit =>
  (w) => {
    w.u8(optional ? 0x0e : 0x0d);
    w.u16(index);
    w.u8(type);
  };

export const charRef =
  (code: number): Emit =>
  (w) => {
    w.u8(0x08);
    w.u16(code);
  };

export const entity =
  (name: string): Emit =>
  (w) => {
    w.u8(0x09);
    w.name(name);
  };

export const cdata =
  (s: string): Emit =>
  (w) => {
    w.u8(0x07);
    w.u16(s.length);
    w.bytes(Buffer.from(s, 'utf16le'));
  };

export const pi =
  (target: string, data: string): Emit =>
  (w) => {
    w.u8(0x0a);
    w.name(target);
    w.u8(0x0b);
    w.u16(data.length);
    w.bytes(Buffer.from(data, 'utf16le'));
  };

export const instance =
  (id: number, body: Emit, values: Value[]): Emit =>
  (w) =>
    w.template(id, body, values);

// ---- values -------------------------------------------------------------------------------

export const str = (s: string): Value => ({ type: 0x01, bytes: Buffer.from(s + '\0', 'utf16le') });
export const u16v = (n: number): Value => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return { type: 0x06, bytes: b };
};
export const u64v = (n: bigint): Value => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return { type: 0x0a, bytes: b };
};
export const nullv = (): Value => ({ type: 0x00, bytes: Buffer.alloc(0) });
export const raw = (type: number, bytes: number[] | Buffer): Value => ({
  type,
  bytes: Buffer.from(bytes),
});
export const strArray = (items: string[]): Value => ({
  type: 0x81,
  bytes: Buffer.from(items.map((s) => s + '\0').join(''), 'utf16le'),
});

/**
 * A nested Binary XML value (type 0x21): a fragment written by `body` where the value lands,
 * in a scratch writer so its names and template are inline in the value itself.
 */
export function binxml(body: Emit): Value {
  const build = (at: number): Buffer => {
    const scratch = new ChunkWriter();
    scratch.pos = at;
    scratch.bytes(Buffer.from([0x0f, 0x01, 0x01, 0x00]));
    body(scratch, false);
    scratch.u8(0x00);
    return Buffer.from(scratch.buf.subarray(at, scratch.pos));
  };
  // The size is the same wherever the value lands: measured once, or deep chains of nested
  // values would be built an exponential number of times.
  let size: number | undefined;
  return { type: 0x21, size: () => (size ??= build(0).length), build };
}

/** A whole file: the header and the given chunks. */
export function evtxFile(chunks: Buffer[]): Buffer {
  const head = Buffer.alloc(0x1000);
  head.write('ElfFile\0', 0, 'latin1');
  head.writeBigUInt64LE(BigInt(Math.max(0, chunks.length - 1)), 16);
  head.writeUInt32LE(128, 32);
  head.writeUInt16LE(1, 36);
  head.writeUInt16LE(3, 38);
  head.writeUInt16LE(0x1000, 40);
  head.writeUInt16LE(chunks.length, 42);
  head.writeUInt32LE(fileHeaderCrc(head), 124);
  return Buffer.concat([head, ...chunks]);
}
