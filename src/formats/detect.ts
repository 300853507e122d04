/**
 * Recognises an input's format from its content (the first bytes and, for text, the first
 * record), never from its extension alone: logs get renamed, exported with `.txt`, or
 * shipped without an extension.
 */

export type FormatName = 'evtx' | 'json' | 'xml' | 'csv' | 'auditd' | 'unknown';

const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');

/** The text of the first non-empty line, BOM stripped, up to a limit. */
export function firstLine(buf: Buffer, max = 65536): string {
  let s = buf.subarray(0, Math.min(buf.length, max)).toString('utf8');
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  for (const line of s.split(/\r?\n/)) if (line.trim() !== '') return line.trim();
  return '';
}

export function detectFormat(head: Buffer): { format: FormatName; reason?: string } {
  if (head.length === 0) return { format: 'unknown', reason: 'the file is empty' };
  if (head.length >= 8 && head.subarray(0, 8).equals(EVTX_MAGIC)) return { format: 'evtx' };
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
