/**
 * Recognises an input's format from its content (the first bytes and, for text, the first
 * record), never from its extension alone: logs get renamed, exported with `.txt`, or
 * shipped without an extension.
 *
 * Text may be UTF-16: Windows PowerShell 5.1 writes it for `>` and `Out-File` by default
 * (little-endian with a byte-order mark), and other tools write it without a mark. It is
 * recognised by its mark or, for the characters that open JSON, XML and CSV, by the zero
 * byte in every other position, and converted to UTF-8 before any reader sees it.
 */

export type FormatName = 'evtx' | 'json' | 'xml' | 'csv' | 'auditd' | 'unknown';

export type TextEncoding = 'utf-16le' | 'utf-16be';

import { looksLikeEvtx } from './evtx/index.js';

const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');

/** The text of the first non-empty line, BOM stripped, up to a limit. */
export function firstLine(buf: Buffer, max = 65536): string {
  let s = buf.subarray(0, Math.min(buf.length, max)).toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  for (const line of s.split(/\r?\n/)) if (line.trim() !== '') return line.trim();
  return '';
}

/**
 * UTF-16 text, by its byte-order mark or, without one, by zeros in every other byte of the
 * first 256 (all but a few: a non-Latin character here and there has no zero byte).
 */
export function textEncoding(head: Buffer): TextEncoding | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    // FF FE 00 00 is the UTF-32LE mark, which no tool here writes; leave it unrecognised.
    return head.length >= 4 && head[2] === 0 && head[3] === 0 ? undefined : 'utf-16le';
  }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(head.length, 256) >> 1;
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const most = pairs * 0.9;
  const few = pairs * 0.1;
  if (oddZeros >= most && evenZeros <= few && head[0] !== 0) return 'utf-16le';
  if (evenZeros >= most && oddZeros <= few && head[1] !== 0) return 'utf-16be';
  return undefined;
}

/** UTF-16 text as UTF-8, its byte-order mark dropped (a trailing odd byte is dropped too). */
export function utf16ToUtf8(buf: Buffer, encoding: TextEncoding): Buffer {
  const bom =
    (encoding === 'utf-16le' && buf[0] === 0xff && buf[1] === 0xfe) ||
    (encoding === 'utf-16be' && buf[0] === 0xfe && buf[1] === 0xff);
  const from = bom ? 2 : 0;
  const end = from + ((buf.length - from) & ~1);
  // swap16 works in place: big-endian text is swapped in a copy, never in the caller's buffer.
  const le =
    encoding === 'utf-16le'
      ? buf.subarray(from, end)
      : Buffer.from(buf.subarray(from, end)).swap16();
  return Buffer.from(le.toString('utf16le'), 'utf8');
}

export function detectFormat(head: Buffer): {
  format: FormatName;
  reason?: string;
  encoding?: TextEncoding;
} {
  if (head.length === 0) return { format: 'unknown', reason: 'the file is empty' };
  if (head.length >= 8 && head.subarray(0, 8).equals(EVTX_MAGIC)) return { format: 'evtx' };
  // A log whose file header was wiped still has its chunks where they belong.
  if (looksLikeEvtx(head)) return { format: 'evtx' };
  const encoding = textEncoding(head);
  if (encoding !== undefined) {
    const found = detectFormat(utf16ToUtf8(head, encoding));
    return found.format === 'unknown' ? found : { ...found, encoding };
  }
  const line = firstLine(head);
  if (line.startsWith('{') || line.startsWith('[')) return { format: 'json' };
  if (line.startsWith('<')) return { format: 'xml' };
  if (
    /^(node=\S+ )?type=[A-Z_]+ msg=audit\(/.test(line) ||
    /^----$/.test(line) ||
    /^type=[A-Z_]+ /.test(line)
  ) {
    return { format: 'auditd' };
  }
  if (
    /^"?[A-Za-z][\w ]*(\[[^\]]*\])?"?\s*,/.test(line) &&
    /(Timestamp|DeviceName|ActionType)/.test(line)
  ) {
    return { format: 'csv' };
  }
  const binary = [...head.subarray(0, 64)].some((b) => b === 0);
  return {
    format: 'unknown',
    reason: binary ? 'binary content in no known format' : 'text in no known format',
  };
}
