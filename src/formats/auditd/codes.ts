/**
 * The closed catalogue of findings the auditd reader reports. Audit logs are rotated while
 * written, shipped by remote loggers that drop lines, and cut by `head` or a full disk, so
 * each problem becomes one of these codes with the file, line and byte offset, and reading
 * goes on. 00xx is a line that is no record, 01xx a record that cannot be decoded, 02xx an
 * event whose records do not add up, 03xx facts about the whole file.
 */

import type { Diagnostic, Severity } from '../../diagnostics.js';

interface CodeInfo {
  severity: Severity;
  /** What happened; `{0}`… are replaced by the details the reader passes. */
  text: string;
  hint?: string;
}

const CATALOGUE = {
  AUD0001: {
    severity: 'error',
    text: 'not an audit record ({0}); line skipped',
    hint: 'audit records read `type=NAME msg=audit(time:serial): …`, optionally after `node=host `',
  },
  AUD0002: {
    severity: 'error',
    text: 'the record has no readable msg=audit(time:serial) stamp ({0}); record skipped',
  },
  AUD0101: {
    severity: 'error',
    text: '{0} record: field {1} is not valid hex ({2}); record skipped',
    hint: 'the kernel writes unquoted strings as upper-case hex; the line was probably altered',
  },
  AUD0102: {
    severity: 'error',
    text: '{0} record is cut short ({1}); record skipped',
    hint: 'the line ends inside a value: the file was truncated or the line was split',
  },
  AUD0103: {
    severity: 'error',
    text: 'SOCKADDR record: {0}; record skipped',
  },
  AUD0201: {
    severity: 'error',
    text: 'event {0} has {1} but no SYSCALL record; event skipped',
    hint: 'its SYSCALL record was lost or unreadable, or these records came after their event ended',
  },
  AUD0202: {
    severity: 'warning',
    text: 'event {0}: EXECVE gives {1} of the {2} arguments argc announces; the command line is partial',
  },
  AUD0301: {
    severity: 'info',
    text: 'ausearch -i times are in the time zone of the machine that ran ausearch; read as {0}',
    hint: 'give the zone offset (--csv-offset) or read the raw audit.log, whose times are UTC',
  },
  AUD0302: {
    severity: 'warning',
    text: 'architecture {0} is not known; its syscall numbers cannot be named',
    hint: 'known: x86_64, i386, aarch64, arm; ausearch -i output names syscalls on any architecture',
  },
} satisfies Record<string, CodeInfo>;

/** Every diagnostic code the auditd reader emits. */
export type AuditdCode = keyof typeof CATALOGUE;

/** The catalogue, for documentation and for tests that check every code is known. */
export const AUDITD_CODES: readonly AuditdCode[] = Object.keys(CATALOGUE) as AuditdCode[];

/** Builds the diagnostic for `code` at a line of `file`; `args` fill the message slots. */
export function auditdDiagnostic(
  code: AuditdCode,
  where: { file: string; line: number; offset: number },
  ...args: (string | number)[]
): Diagnostic {
  const info: CodeInfo = CATALOGUE[code];
  const message = info.text.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
  const d: Diagnostic = { code, severity: info.severity, message, ...where };
  if (info.hint !== undefined) d.hint = info.hint;
  return d;
}
