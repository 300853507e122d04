/**
 * The closed catalogue of findings the EVTX reader can report. A damaged log is the normal
 * case in incident response (a disk image cut short, a log copied while Windows was writing
 * it), so every problem becomes one of these codes with the file and the byte offset where it
 * was seen, and reading goes on with the next record or chunk. Codes are grouped by the layer
 * that found them: 00xx the file as a whole, 01xx a 64 KiB chunk, 02xx one record.
 *
 * A diagnostic that loses records says how many when the record ids show it (`records`),
 * so a run can count every lost record as rejected; `lostRecords` reads that count.
 */

import type { Diagnostic, Severity } from '../../diagnostics.js';

interface CodeInfo {
  severity: Severity;
  /** What happened; `{0}` is replaced by the detail the reader passes. */
  text: string;
  hint?: string;
}

const CATALOGUE = {
  EVTX0001: {
    severity: 'error',
    text: 'the file is empty (0 bytes); it holds no records',
    hint: 'the copy was probably cut off before any data was written; collect the log again',
  },
  EVTX0002: {
    severity: 'error',
    text: 'not an EVTX file: {0}',
    hint: 'only Windows .evtx logs are read here; export .evt or XML logs with wevtutil first',
  },
  EVTX0003: {
    severity: 'error',
    text: 'the file could not be read: {0}',
  },
  EVTX0004: {
    severity: 'warning',
    text:
      'the file header is not valid ({0}), but chunk signatures follow it: ' +
      'the chunks are read without it',
    hint:
      "the header's chunk count and next record id are lost with it, so records lost at the " +
      'start or end of the log cannot be counted',
  },
  EVTX0010: {
    severity: 'warning',
    text: 'the file header checksum does not match ({0}); its counters are not trusted',
    hint: 'every chunk in the file is scanned instead of the number the header gives',
  },
  EVTX0011: {
    severity: 'warning',
    text: 'unexpected file format version {0}; reading it as version 3',
  },
  EVTX0012: {
    severity: 'info',
    text: 'the log was not closed cleanly (dirty flag set); its header may lag behind its chunks',
    hint: 'this is normal for a log copied from a running system; every chunk is scanned',
  },
  EVTX0014: {
    severity: 'warning',
    text: 'the file is truncated: {0}',
    hint: 'records in the missing part are lost; the records before the cut are read',
  },
  EVTX0101: {
    severity: 'error',
    text: 'chunk {0} has no ElfChnk signature and is skipped; {1}',
    hint: 'the chunk was overwritten or never written; its records, if any, are lost',
  },
  EVTX0102: {
    severity: 'warning',
    text: 'chunk {0}: header checksum mismatch; its records are checked one by one',
  },
  EVTX0103: {
    severity: 'warning',
    text: 'chunk {0}: event records checksum mismatch; its records are checked one by one',
  },
  EVTX0104: {
    severity: 'warning',
    text: 'chunk {0}: {1}; records are found by walking their headers instead',
  },
  EVTX0105: {
    severity: 'info',
    text:
      'chunk {0}: {1} record(s) past the free-space offset its header gives; ' +
      '{2} decoded and kept, {3} undecodable (likely older records whose templates were overwritten)',
    hint: 'a dirty log writes past its stale header; a reused chunk keeps old records in its slack',
  },
  EVTX0106: {
    severity: 'error',
    text: 'chunk {0} is zero-filled although {1}; {2}',
    hint:
      'a chunk in use was wiped, or never reached the disk; zero chunks after the last chunk ' +
      'in use are space never written, and are not reported',
  },
  EVTX0107: {
    severity: 'error',
    text: 'chunk {0}: no record can be read in its bytes {1}–{2}; {3}',
    hint: 'the bytes were overwritten; the records before and after them are read',
  },
  EVTX0108: {
    severity: 'error',
    text: '{0}: {1}',
    hint: 'no damaged chunk is left to show for them: the file was cut, or chunks were removed',
  },
  EVTX0201: {
    severity: 'error',
    text: 'broken record header ({0}); reading resumes at the next record signature',
  },
  EVTX0202: {
    severity: 'error',
    text: 'record size {0} does not match the copy at its end ({1}); record skipped',
  },
  EVTX0203: {
    severity: 'error',
    text: 'record {0}: its Binary XML cannot be decoded ({1}); record skipped',
  },
  EVTX0204: {
    severity: 'error',
    text: 'record {0}: its template (chunk offset {1}) cannot be used: {2}; record skipped',
  },
  EVTX0205: {
    severity: 'error',
    text: 'record {0}: {1}; record skipped',
    hint: 'limits on nesting and expansion keep a crafted file from exhausting memory or time',
  },
  EVTX0301: {
    severity: 'error',
    text: 'the worker reading this file failed: {0}',
  },
} satisfies Record<string, CodeInfo>;

/** A diagnostic that says how many records it stands for; see `lostRecords`. */
export interface LossDiagnostic extends Diagnostic {
  /**
   * Records lost with this damage that no other diagnostic counts, when the record ids
   * show it: 0 when they show none was, or when another diagnostic counts them.
   */
  records?: number;
}

/** Every diagnostic code the EVTX reader emits. */
export type EvtxCode = keyof typeof CATALOGUE;

/** The catalogue, for documentation and for tests that check every code is known. */
export const EVTX_CODES: readonly EvtxCode[] = Object.keys(CATALOGUE) as EvtxCode[];

/** Builds the diagnostic for `code` at `offset` in `file`; `args` fill the message slots. */
export function evtxDiagnostic(
  code: EvtxCode,
  file: string,
  offset: number,
  ...args: (string | number)[]
): Diagnostic {
  const info: CodeInfo = CATALOGUE[code];
  const message = info.text.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
  const d: Diagnostic = { code, severity: info.severity, message, file, offset };
  if (info.hint !== undefined) d.hint = info.hint;
  return d;
}

/** `evtxDiagnostic` with the number of records the damage lost, when it is known. */
export function lossDiagnostic(
  code: EvtxCode,
  file: string,
  offset: number,
  records: number | undefined,
  ...args: (string | number)[]
): LossDiagnostic {
  const d: LossDiagnostic = evtxDiagnostic(code, file, offset, ...args);
  if (records !== undefined) d.records = records;
  return d;
}

/**
 * How many records `d` stands for as read and rejected: the count it carries, else one for
 * an error (a record or chunk that could not be read) and none for a warning or a note.
 *
 * @example
 * const lost = sink.items.reduce((n, d) => n + lostRecords(d), 0);
 */
export function lostRecords(d: Diagnostic): number {
  const n = (d as LossDiagnostic).records;
  if (typeof n === 'number') return n;
  return d.severity === 'error' ? 1 : 0;
}
