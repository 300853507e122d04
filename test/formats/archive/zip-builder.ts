/**
 * Writes small zip archives byte by byte, so tests control what real tools vary: stored or
 * deflated members, raw name bytes, the UTF-8 name flag and the encryption flag.
 */

import { crc32, deflateRawSync } from 'node:zlib';

export interface Member {
  /** The name as written in the headers: a string is written as UTF-8. */
  name: string | Buffer;
  data: Buffer | string;
  /** 0 stored (the default), 8 deflated. */
  method?: 0 | 8;
  /** General-purpose flags: bit 0 encrypted, bit 11 UTF-8 name. */
  flags?: number;
}

function localHeader(m: Member, name: Buffer, crc: number, size: number, csize: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(m.flags ?? 0, 6);
  h.writeUInt16LE(m.method ?? 0, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x21, 12);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(csize, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader(
  m: Member,
  name: Buffer,
  crc: number,
  size: number,
  csize: number,
  at: number,
): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(m.flags ?? 0, 8);
  h.writeUInt16LE(m.method ?? 0, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(csize, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(at, 42);
  return h;
}

/** A zip archive holding `members` in order. */
export function buildZip(members: readonly Member[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let at = 0;
  for (const m of members) {
    const name = typeof m.name === 'string' ? Buffer.from(m.name, 'utf8') : m.name;
    const data = typeof m.data === 'string' ? Buffer.from(m.data, 'utf8') : m.data;
    let body = m.method === 8 ? deflateRawSync(data) : data;
    // Traditional encryption puts a 12-byte header before the data; its content is opaque here.
    if ((m.flags ?? 0) & 1) body = Buffer.concat([Buffer.alloc(12, 0x5a), body]);
    const crc = crc32(data);
    const local = localHeader(m, name, crc, data.length, body.length);
    central.push(centralHeader(m, name, crc, data.length, body.length, at));
    parts.push(local, name, body);
    at += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(central.flatMap((c, i) => [c, nameOf(members[i]!)]));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(at, 16);
  return Buffer.concat([...parts, dir, end]);
}

function nameOf(m: Member): Buffer {
  return typeof m.name === 'string' ? Buffer.from(m.name, 'utf8') : m.name;
}
