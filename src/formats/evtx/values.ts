/**
 * Binary XML value types and how each one reads as text. A substitution value in an EVTX
 * record is a type byte (MS-EVEN6 §2.2.13: 0x01 UTF-16 string … 0x15 64-bit hex integer, 0x21
 * nested Binary XML, with 0x80 set for an array of the base type) and a byte size given by the
 * template instance's value descriptor; nothing in the bytes says how to print it. Two printers
 * live here: `valueText` writes what Windows' own renderer (EvtRender) writes, and `valueJson`
 * writes the typed value the reference JSON dumper (the Rust `evtx` crate's `evtx_dump`)
 * writes, because downstream Sigma tooling was built against that shape. They differ in small,
 * deliberate ways: GUIDs are `{lowercase}` for Windows and `UPPERCASE` without braces in the
 * JSON, times carry 7 fractional digits (Windows' 100 ns ticks) or 6 (the reference's
 * microseconds), and numbers stay numbers in JSON.
 *
 * Every reader here gets a range already checked against the chunk; sizes that do not fit a
 * type (a 3-byte GUID) print as the hex of the bytes rather than reading past them.
 */

export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZET = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEX32 = 0x14;
export const VT_HEX64 = 0x15;
export const VT_EVTHANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVTXML = 0x23;
export const VT_ARRAY = 0x80;

/** A value as the reference JSON gives it; `bigint` for 64-bit integers beyond 2^53. */
export type JsonScalar = string | number | boolean | bigint | null;

/** Byte width of fixed-size types, 0 for variable-size ones. Indexed by base type. */
const FIXED_SIZE = new Uint8Array(0x40);
for (const [t, n] of [
  [VT_INT8, 1],
  [VT_UINT8, 1],
  [VT_INT16, 2],
  [VT_UINT16, 2],
  [VT_INT32, 4],
  [VT_UINT32, 4],
  [VT_INT64, 8],
  [VT_UINT64, 8],
  [VT_REAL32, 4],
  [VT_REAL64, 8],
  [VT_BOOL, 4],
  [VT_GUID, 16],
  [VT_FILETIME, 8],
  [VT_SYSTIME, 16],
  [VT_HEX32, 4],
  [VT_HEX64, 8],
] as const) {
  FIXED_SIZE[t] = n;
}

/** The fixed width of base type `t`, or 0 when its size comes from the data. */
export function fixedSize(t: number): number {
  return FIXED_SIZE[t & 0x3f] ?? 0;
}

/** True for the value types MS-EVEN6 defines, arrays included; anything else is damage. */
export function isKnownType(t: number): boolean {
  const base = t & 0x7f;
  if (base <= VT_HEX64) return true;
  return t === VT_BINXML || t === VT_EVTHANDLE || t === VT_EVTXML;
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node's TextDecoder treats the label
 * `windows-1252` as Latin-1 (unlike the WHATWG table), so those 32 are mapped here; the five
 * unassigned ones keep their C1 code point, as the WHATWG table does.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Buffer's own UTF-16 decoder, without toString()'s argument handling; not documented. */
interface Ucs2Buffer extends Buffer {
  ucs2Slice(start: number, end: number): string;
}
// For the short strings of an event, toString()'s checks cost as much as the decoding, so
// the method is called directly when this Node has it (every release so far does).
const HAS_UCS2 = typeof (Buffer.prototype as Partial<Ucs2Buffer>).ucs2Slice === 'function';

/** UTF-16LE text of the bytes [start, end), as they are. */
export function utf16Raw(buf: Buffer, start: number, end: number): string {
  return HAS_UCS2 ? (buf as Ucs2Buffer).ucs2Slice(start, end) : buf.toString('utf16le', start, end);
}

/** UTF-16LE text of `size` bytes, cut at the first NUL as Windows' C strings are. */
export function utf16(buf: Buffer, off: number, size: number): string {
  if (size < 2) return '';
  const s = utf16Raw(buf, off, off + (size & ~1));
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function ansi(buf: Buffer, off: number, size: number): string {
  let end = off;
  const stop = off + size;
  while (end < stop && buf[end] !== 0) end++;
  const s = buf.toString('latin1', off, end);
  return /[\x80-\x9f]/.test(s)
    ? s.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c)
    : s;
}

const TWO_32 = 4294967296;

/** Signed 64-bit integer as a number when exact, otherwise as a bigint. */
function int64(buf: Buffer, off: number): number | bigint {
  const hi = buf.readInt32LE(off + 4);
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO_32 + buf.readUInt32LE(off);
  return buf.readBigInt64LE(off);
}

function uint64(buf: Buffer, off: number): number | bigint {
  const hi = buf.readUInt32LE(off + 4);
  if (hi < 0x200000) return hi * TWO_32 + buf.readUInt32LE(off);
  return buf.readBigUInt64LE(off);
}

function hex64(buf: Buffer, off: number): string {
  const hi = buf.readUInt32LE(off + 4);
  const lo = buf.readUInt32LE(off);
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/**
 * The shortest decimal that reads back as the same float32, as C's `%g`-free printers (and
 * the reference) print it; JavaScript would print the widened double (0.1 → 0.100000001…).
 */
function real32(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  for (let p = 1; p < 10; p++) {
    const n = Number(v.toPrecision(p));
    if (Math.fround(n) === v) return n;
  }
  return v;
}

function floatText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The byte at `i` as two lowercase hex digits. */
function hx(buf: Buffer, i: number): string {
  return HEX2[buf[i] ?? 0] as string;
}

/** GUID text: the first three groups are little-endian integers, the last two raw bytes. */
function guidHex(buf: Buffer, o: number): string {
  return (
    hx(buf, o + 3) +
    hx(buf, o + 2) +
    hx(buf, o + 1) +
    hx(buf, o) +
    '-' +
    hx(buf, o + 5) +
    hx(buf, o + 4) +
    '-' +
    hx(buf, o + 7) +
    hx(buf, o + 6) +
    '-' +
    hx(buf, o + 8) +
    hx(buf, o + 9) +
    '-' +
    hx(buf, o + 10) +
    hx(buf, o + 11) +
    hx(buf, o + 12) +
    hx(buf, o + 13) +
    hx(buf, o + 14) +
    hx(buf, o + 15)
  );
}

/** `S-1-5-21-…`: revision, 48-bit big-endian authority, little-endian sub-authorities. */
function sid(buf: Buffer, off: number, size: number): string {
  if (size < 8) return buf.toString('hex', off, off + size).toUpperCase();
  const count = buf[off + 1] ?? 0;
  const authority = buf.readUInt16BE(off + 2) * TWO_32 + buf.readUInt32BE(off + 4);
  let s = 'S-' + String(buf[off] ?? 0) + '-' + String(authority);
  const n = Math.min(count, (size - 8) >> 2);
  for (let i = 0; i < n; i++) s += '-' + String(buf.readUInt32LE(off + 8 + 4 * i));
  return s;
}

// ---- time ---------------------------------------------------------------------------------

/** Days from 1601-01-01 (the FILETIME epoch) to 1970-01-01. */
const EPOCH_DAYS_1601 = 134774;

let lastDay = NaN;
let lastDayText = '';

function two(n: number): string {
  return n < 10 ? '0' + String(n) : String(n);
}

/**
 * `YYYY-MM-DDT` for a count of days since 1970-01-01, by the proleptic Gregorian calendar
 * (eras of 400 years, months counted from March so the leap day falls last). Consecutive
 * records almost always share a day, so the last answer is kept.
 */
function dayText(days: number): string {
  if (days === lastDay) return lastDayText;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  lastDay = days;
  lastDayText = String(y).padStart(4, '0') + '-' + two(m) + '-' + two(d) + 'T';
  return lastDayText;
}

/**
 * FILETIME (100 ns ticks since 1601) as ISO 8601 with `digits` fractional digits (7 = every
 * tick, as Windows prints; 6 = microseconds, truncated, as the reference JSON prints). The
 * 64-bit tick count does not fit a double exactly, so it is split: 2^32 = 429·10^7 + 4967296.
 */
export function filetimeText(lo: number, hi: number, digits: 6 | 7): string {
  let secs: number;
  let frac: number;
  if (hi < 0x40000000) {
    const rem = hi * 4967296 + lo;
    secs = hi * 429 + Math.floor(rem / 1e7);
    frac = rem % 1e7;
  } else {
    const ticks = (BigInt(hi) << 32n) | BigInt(lo);
    secs = Number(ticks / 10000000n);
    frac = Number(ticks % 10000000n);
  }
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const hh = Math.floor(sod / 3600);
  const mm = Math.floor((sod % 3600) / 60);
  const ss = sod % 60;
  const f =
    digits === 7 ? String(frac).padStart(7, '0') : String(Math.floor(frac / 10)).padStart(6, '0');
  return dayText(days - EPOCH_DAYS_1601) + two(hh) + ':' + two(mm) + ':' + two(ss) + '.' + f + 'Z';
}

/** SYSTEMTIME: eight little-endian u16 (year, month, weekday, day, hour, minute, second, ms). */
function systimeText(buf: Buffer, off: number, digits: 6 | 7): string {
  const y = buf.readUInt16LE(off);
  const mo = buf.readUInt16LE(off + 2);
  const d = buf.readUInt16LE(off + 6);
  const h = buf.readUInt16LE(off + 8);
  const mi = buf.readUInt16LE(off + 10);
  const s = buf.readUInt16LE(off + 12);
  const ms = buf.readUInt16LE(off + 14);
  const frac = String(ms).padStart(3, '0') + (digits === 7 ? '0000' : '000');
  return (
    String(y).padStart(4, '0') +
    '-' +
    two(mo) +
    '-' +
    two(d) +
    'T' +
    two(h) +
    ':' +
    two(mi) +
    ':' +
    two(s) +
    '.' +
    frac +
    'Z'
  );
}

// ---- printers -----------------------------------------------------------------------------

function hexUpper(buf: Buffer, off: number, size: number): string {
  return buf.toString('hex', off, off + size).toUpperCase();
}

/** True when `size` bytes are too few for fixed-size type `t`. */
function short(t: number, size: number): boolean {
  const n = FIXED_SIZE[t] ?? 0;
  return n !== 0 && size < n;
}

/**
 * The text Windows renders for one scalar value of base type `t` (array flag clear). Arrays
 * are split into items by `arrayItems` first; the caller never passes a nested BinXml here.
 */
export function scalarText(buf: Buffer, t: number, off: number, size: number): string {
  if (short(t, size)) return hexUpper(buf, off, size);
  switch (t) {
    case VT_STRING:
      return utf16(buf, off, size);
    case VT_ANSI:
      return ansi(buf, off, size);
    case VT_INT8:
      return String(buf.readInt8(off));
    case VT_UINT8:
      return String(buf[off] ?? 0);
    case VT_INT16:
      return String(buf.readInt16LE(off));
    case VT_UINT16:
      return String(buf.readUInt16LE(off));
    case VT_INT32:
      return String(buf.readInt32LE(off));
    case VT_UINT32:
      return String(buf.readUInt32LE(off));
    case VT_INT64:
      return String(int64(buf, off));
    case VT_UINT64:
      return String(uint64(buf, off));
    case VT_REAL32:
      return floatText(real32(buf.readFloatLE(off)));
    case VT_REAL64:
      return floatText(buf.readDoubleLE(off));
    case VT_BOOL:
      return buf.readInt32LE(off) !== 0 ? 'true' : 'false';
    case VT_BINARY:
      return hexUpper(buf, off, size);
    case VT_GUID:
      return '{' + guidHex(buf, off) + '}';
    case VT_SIZET:
      return sizeT(buf, off, size);
    case VT_FILETIME:
      return filetimeText(buf.readUInt32LE(off), buf.readUInt32LE(off + 4), 7);
    case VT_SYSTIME:
      return systimeText(buf, off, 7);
    case VT_SID:
      return sid(buf, off, size);
    case VT_HEX32:
      return '0x' + buf.readUInt32LE(off).toString(16);
    case VT_HEX64:
      return hex64(buf, off);
    default:
      // Null, handles and anything unknown render as nothing, as Windows leaves them out.
      return '';
  }
}

function sizeT(buf: Buffer, off: number, size: number): string {
  if (size === 4) return '0x' + buf.readUInt32LE(off).toString(16);
  if (size === 8) return hex64(buf, off);
  return '0x' + hexUpper(buf, off, size).toLowerCase();
}

/** The typed value the reference JSON gives for one scalar of base type `t`. */
export function scalarJson(buf: Buffer, t: number, off: number, size: number): JsonScalar {
  if (short(t, size)) return hexUpper(buf, off, size);
  switch (t) {
    case VT_NULL:
      return null;
    case VT_INT8:
      return buf.readInt8(off);
    case VT_UINT8:
      return buf[off] ?? 0;
    case VT_INT16:
      return buf.readInt16LE(off);
    case VT_UINT16:
      return buf.readUInt16LE(off);
    case VT_INT32:
      return buf.readInt32LE(off);
    case VT_UINT32:
      return buf.readUInt32LE(off);
    case VT_INT64:
      return int64(buf, off);
    case VT_UINT64:
      return uint64(buf, off);
    case VT_REAL32:
      return real32(buf.readFloatLE(off));
    case VT_REAL64:
      return buf.readDoubleLE(off);
    case VT_BOOL:
      return buf.readInt32LE(off) !== 0;
    case VT_GUID:
      return guidHex(buf, off).toUpperCase();
    case VT_FILETIME:
      return filetimeText(buf.readUInt32LE(off), buf.readUInt32LE(off + 4), 6);
    case VT_SYSTIME:
      return systimeText(buf, off, 6);
    default:
      return scalarText(buf, t, off, size);
  }
}

/**
 * Splits an array value (type with 0x80 set) into its items as `[offset, size]` pairs.
 * String arrays are NUL-terminated UTF-16 strings back to back; SIDs carry their own length;
 * the other base types are fixed width. A trailing partial item is dropped.
 */
export function arrayItems(buf: Buffer, type: number, off: number, size: number): number[] {
  const t = type & 0x7f;
  const out: number[] = [];
  const end = off + size;
  if (t === VT_STRING) {
    let start = off;
    for (let p = off; p + 1 < end; p += 2) {
      if (buf[p] === 0 && buf[p + 1] === 0) {
        out.push(start, p - start);
        start = p + 2;
      }
    }
    if (start + 1 < end) out.push(start, (end - start) & ~1);
    return out;
  }
  if (t === VT_ANSI) {
    let start = off;
    for (let p = off; p < end; p++) {
      if (buf[p] === 0) {
        out.push(start, p - start);
        start = p + 1;
      }
    }
    if (start < end) out.push(start, end - start);
    return out;
  }
  if (t === VT_SID) {
    let p = off;
    while (p + 8 <= end) {
      const n = 8 + 4 * (buf[p + 1] ?? 0);
      if (p + n > end) break;
      out.push(p, n);
      p += n;
    }
    return out;
  }
  const w = t === VT_SIZET ? 8 : (FIXED_SIZE[t] ?? 0);
  if (w === 0) {
    // Arrays of variable-size binary have no item boundaries in the format: one item.
    if (size > 0) out.push(off, size);
    return out;
  }
  for (let p = off; p + w <= end; p += w) out.push(p, w);
  return out;
}

/** Windows text of a whole value; arrays not expanded into elements are joined by commas. */
export function valueText(buf: Buffer, type: number, off: number, size: number): string {
  if ((type & VT_ARRAY) === 0) return scalarText(buf, type, off, size);
  const items = arrayItems(buf, type, off, size);
  const t = type & 0x7f;
  let s = '';
  for (let i = 0; i < items.length; i += 2) {
    if (i > 0) s += ',';
    s += scalarText(buf, t, items[i] ?? 0, items[i + 1] ?? 0);
  }
  return s;
}

/** The reference's JSON for a whole value: arrays become JSON arrays. */
export function valueJson(
  buf: Buffer,
  type: number,
  off: number,
  size: number,
): JsonScalar | JsonScalar[] {
  if ((type & VT_ARRAY) === 0) return scalarJson(buf, type, off, size);
  const items = arrayItems(buf, type, off, size);
  const t = type & 0x7f;
  const out: JsonScalar[] = [];
  for (let i = 0; i < items.length; i += 2) {
    out.push(scalarJson(buf, t, items[i] ?? 0, items[i + 1] ?? 0));
  }
  return out;
}
