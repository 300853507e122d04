/**
 * Decodes the record types webc2 maps, one record at a time, in both renderings (raw and
 * `ausearch -i`):
 *
 * - SYSCALL: arch, syscall (named per arch), success, exit, pid/ppid, ids, comm, exe, keys.
 *   `exe`/`comm` are the image *after* the call: for execve, the new program.
 * - EXECVE: `argc=N a0=… a1=…`; an argument the kernel found untrusted is hex, one longer
 *   than the record allows comes as `a1_len=L a1[0]=… a1[1]=…`, and many arguments span
 *   several EXECVE records of one event (only the first has argc).
 * - PROCTITLE: the process title, hex with NUL between arguments, cut at 128 bytes.
 * - CWD, PATH (`item=`, `name=`, `nametype=`), SOCKADDR (see sockaddr.ts), EOE.
 *
 * A value that cannot be decoded makes the record a failure with the field and the reason;
 * the caller reports it and the event goes on without that record.
 */

import { decodeHex, splitFields, type FieldValue, type RecordLine } from './line.js';
import type { AuditId, AuditPath, AuditSockaddr, AuditSyscall } from './model.js';
import { decodeSockaddr, parseInterpretedSockaddr } from './sockaddr.js';
import { archName, syscallName } from './syscalls.js';

export type Decoded =
  | { type: 'SYSCALL'; syscall: AuditSyscall; archKnown: boolean }
  | { type: 'EXECVE'; argc: number | null; args: Map<number, string> }
  | { type: 'PROCTITLE'; args: string[]; truncated: boolean }
  | { type: 'CWD'; cwd: string }
  | { type: 'PATH'; path: AuditPath }
  | { type: 'SOCKADDR'; sockaddr: AuditSockaddr }
  | { type: 'EOE' }
  | { type: 'OTHER' };

export type DecodeFailure =
  | { code: 'AUD0101'; field: string; detail: string }
  | { code: 'AUD0102'; detail: string }
  | { code: 'AUD0103'; detail: string };

class Failure extends Error {
  constructor(readonly failure: DecodeFailure) {
    super(failure.detail);
  }
}

// The kernel logs at most 128 bytes of the title (MAX_PROCTITLE_AUDIT_LEN, kernel/auditsc.c).
const PROCTITLE_MAX = 128;

/** Text of a field that raw logs may hex-encode. */
function untrusted(rec: RecordLine, key: string, v: FieldValue | undefined): string {
  if (v === undefined) return '';
  if (v.quoted) return v.text;
  if (v.text === '(null)' || v.text === '(none)') return '';
  if (rec.interpreted) return v.text;
  const bytes = decodeHex(v.text);
  if (bytes === null) throw new Failure({ code: 'AUD0101', field: key, detail: reason(v.text) });
  return bytes.toString('utf8');
}

function reason(text: string): string {
  if (/[^0-9A-Fa-f]/.test(text)) {
    const bad = /[^0-9A-Fa-f]/.exec(text)!;
    return `'${bad[0]}' at position ${bad.index + 1}`;
  }
  return `odd length ${text.length}`;
}

function plain(v: FieldValue | undefined): string {
  return v === undefined ? '' : v.text;
}

function int(v: FieldValue | undefined): number | null {
  const t = plain(v).trim();
  return /^-?\d+$/.test(t) ? Number(t) : null;
}

/** `uid=1000` (raw, name from the enriched part), `uid=alice`, `unknown(1001)`, `unset`. */
function auditId(v: FieldValue | undefined, enrichedName: string | undefined): AuditId {
  const t = plain(v).trim();
  if (/^\d+$/.test(t)) return { id: Number(t), name: enrichedName ?? '' };
  if (t === 'unset') return { id: 4294967295, name: '' };
  const unknown = /^unknown\((\d+)\)$/.exec(t);
  if (unknown) return { id: Number(unknown[1]), name: '' };
  return { id: null, name: t };
}

// errno names ausearch -i prints for `exit=` (include/uapi/asm-generic/errno*.h).
const ERRNO: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EAGAIN: 11,
  EACCES: 13,
  EEXIST: 17,
  EINVAL: 22,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETUNREACH: 101,
  ECONNRESET: 104,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
};

function exitCode(v: FieldValue | undefined): number | null {
  const t = plain(v).trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  const name = /^([A-Z][A-Z0-9]*)(?:\(|$)/.exec(t)?.[1];
  const errno = name === undefined ? undefined : ERRNO[name];
  return errno === undefined ? null : -errno;
}

/** `key="net"`, `key=(null)`, or hex with 0x01 between several keys. */
function keys(rec: RecordLine, v: FieldValue | undefined): string[] {
  if (v === undefined || v.text === '(null)') return [];
  if (v.quoted || rec.interpreted) return [v.text];
  const bytes = decodeHex(v.text);
  if (bytes === null) return [v.text];
  return bytes.toString('utf8').split('\x01').filter(Boolean);
}

/** Names auditd added in the enriched part (`UID="alice"`), by upper-case key. */
function enrichedNames(rec: RecordLine): Map<string, FieldValue> {
  if (rec.enriched === '') return new Map();
  const split = splitFields(rec.enriched, false);
  return 'fields' in split ? split.fields : new Map();
}

function syscall(rec: RecordLine, f: Map<string, FieldValue>): Decoded {
  const arch = archName(plain(f.get('arch')));
  const names = enrichedNames(rec);
  const a = [0, 1, 2, 3].map((i) => plain(f.get(`a${i}`)));
  const success = plain(f.get('success'));
  return {
    type: 'SYSCALL',
    archKnown: arch.known || rec.interpreted,
    syscall: {
      arch: arch.name,
      name: syscallName(arch.name, plain(f.get('syscall')), a[0]!),
      success: success === 'yes' ? true : success === 'no' ? false : null,
      exit: exitCode(f.get('exit')),
      pid: int(f.get('pid')),
      ppid: int(f.get('ppid')),
      uid: auditId(f.get('uid'), names.get('UID')?.text),
      auid: auditId(f.get('auid'), names.get('AUID')?.text),
      comm: untrusted(rec, 'comm', f.get('comm')),
      exe: untrusted(rec, 'exe', f.get('exe')),
      tty: plain(f.get('tty')),
      ses: plain(f.get('ses')),
      keys: keys(rec, f.get('key')),
      args: a,
    },
  };
}

const ARG_KEY = /^a(\d+)(?:\[(\d+)\]|(_len))?$/;

/** Raw EXECVE: every argument and chunk, decoded and reassembled. */
function execveRaw(rec: RecordLine, f: Map<string, FieldValue>): Decoded {
  const args = new Map<number, string>();
  const chunks = new Map<number, { parts: string[]; len: number | null }>();
  for (const [key, v] of f) {
    const m = ARG_KEY.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    if (m[3] !== undefined) {
      const c = chunks.get(i) ?? { parts: [], len: null };
      c.len = int(v);
      chunks.set(i, c);
    } else if (m[2] !== undefined) {
      const c = chunks.get(i) ?? { parts: [], len: null };
      c.parts[Number(m[2])] = untrusted(rec, key, v);
      chunks.set(i, c);
    } else {
      args.set(i, untrusted(rec, key, v));
    }
  }
  for (const [i, c] of chunks) args.set(i, c.parts.join(''));
  return { type: 'EXECVE', argc: int(f.get('argc')), args };
}

const ARG_MARK = / a(\d+)(\[\d+\]|_len)?=/g;

/**
 * ausearch -i EXECVE: values are printed raw, spaces included, so an argument runs to the
 * next marker for the same or the next argument (` a3=`, ` a3[1]=`, ` a3_len=`); a marker
 * for any other index is text inside an argument.
 */
function execveInterpreted(body: string): Decoded {
  const argc = /(?:^|\s)argc=(\d+)/.exec(body);
  const text = ' ' + body;
  const marks: { index: number; end: number; arg: number; kind: string }[] = [];
  let current = -1;
  for (const m of text.matchAll(ARG_MARK)) {
    const arg = Number(m[1]);
    if (arg !== current && arg !== current + 1) continue;
    current = arg;
    marks.push({ index: m.index, end: m.index + m[0].length, arg, kind: m[2] ?? '' });
  }
  const args = new Map<number, string>();
  marks.forEach((mark, k) => {
    if (mark.kind === '_len') return;
    const value = text.slice(mark.end, marks[k + 1]?.index ?? text.length);
    args.set(mark.arg, (args.get(mark.arg) ?? '') + (value === '(null)' ? '' : value));
  });
  return { type: 'EXECVE', argc: argc ? Number(argc[1]) : null, args };
}

function proctitle(rec: RecordLine, f: Map<string, FieldValue>): Decoded {
  if (rec.interpreted) {
    // ausearch has already turned the NULs into spaces: the boundaries are gone.
    const text = rec.body.replace(/^\s*proctitle=/, '');
    return { type: 'PROCTITLE', args: text.split(' '), truncated: text.length >= PROCTITLE_MAX };
  }
  const v = f.get('proctitle');
  if (v === undefined || v.quoted) {
    return { type: 'PROCTITLE', args: v ? [v.text] : [], truncated: false };
  }
  const bytes = decodeHex(v.text);
  if (bytes === null)
    throw new Failure({ code: 'AUD0101', field: 'proctitle', detail: reason(v.text) });
  const args = bytes.toString('utf8').replace(/\0+$/, '').split('\0');
  return { type: 'PROCTITLE', args, truncated: bytes.length >= PROCTITLE_MAX };
}

function sockaddr(rec: RecordLine, f: Map<string, FieldValue>): Decoded {
  const v = f.get('saddr');
  if (v === undefined) throw new Failure({ code: 'AUD0103', detail: 'no saddr field' });
  let decoded: AuditSockaddr | string;
  if (rec.interpreted || v.text.startsWith('{')) {
    decoded = parseInterpretedSockaddr(v.text);
  } else {
    const bytes = decodeHex(v.text);
    if (bytes === null)
      throw new Failure({ code: 'AUD0101', field: 'saddr', detail: reason(v.text) });
    decoded = decodeSockaddr(bytes);
  }
  if (typeof decoded === 'string') throw new Failure({ code: 'AUD0103', detail: decoded });
  return { type: 'SOCKADDR', sockaddr: decoded };
}

/** Decodes one record; a failure names what could not be read. */
export function decodeRecord(rec: RecordLine): { decoded: Decoded } | { failure: DecodeFailure } {
  try {
    if (rec.type === 'EOE') return { decoded: { type: 'EOE' } };
    if (rec.type === 'EXECVE' && rec.interpreted) return { decoded: execveInterpreted(rec.body) };
    const split = splitFields(rec.body, rec.interpreted);
    if ('cut' in split) return { failure: { code: 'AUD0102', detail: split.cut } };
    const f = split.fields;
    switch (rec.type) {
      case 'SYSCALL':
        return { decoded: syscall(rec, f) };
      case 'EXECVE':
        return { decoded: execveRaw(rec, f) };
      case 'PROCTITLE':
        return { decoded: proctitle(rec, f) };
      case 'CWD':
        return { decoded: { type: 'CWD', cwd: untrusted(rec, 'cwd', f.get('cwd')) } };
      case 'PATH':
        return {
          decoded: {
            type: 'PATH',
            path: {
              item: int(f.get('item')),
              name: untrusted(rec, 'name', f.get('name')),
              nametype: plain(f.get('nametype')),
            },
          },
        };
      case 'SOCKADDR':
        return { decoded: sockaddr(rec, f) };
      default:
        return { decoded: { type: 'OTHER' } };
    }
  } catch (err) {
    if (err instanceof Failure) return { failure: err.failure };
    throw err;
  }
}
