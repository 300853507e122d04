/**
 * What the auditd reader hands on: one object per audit event, its records already decoded
 * (hex turned into text, arguments put back together, the socket address unpacked, the
 * syscall named for its architecture), so later stages never see the log's encodings.
 */

import type { Location } from '../../diagnostics.js';

/** A user or group id as the log gives it: a number, a name, or both. */
export interface AuditId {
  /** Numeric id; null when the log gives only a name. 4294967295 means unset. */
  id: number | null;
  /** Name from `ausearch -i` or the enriched part of a raw record; '' when not given. */
  name: string;
}

/** The SYSCALL record of an event. */
export interface AuditSyscall {
  /** `x86_64`, `i386`, `aarch64`, `arm`, or the raw AUDIT_ARCH value when unknown. */
  arch: string;
  /** `execve`, `connect`, `openat`…, or `syscall <n>` when the number is unknown for the arch. */
  name: string;
  /** `success=`; null when absent. */
  success: boolean | null;
  /** `exit=` as a number (a negative errno on failure); null when absent or unreadable. */
  exit: number | null;
  pid: number | null;
  ppid: number | null;
  uid: AuditId;
  auid: AuditId;
  /** `comm=` and `exe=`: the image after the syscall (for execve, the new program). */
  comm: string;
  exe: string;
  tty: string;
  ses: string;
  /** Rule keys (`-k`), several when the rule had several. */
  keys: string[];
  /** a0…a3 as written (hex without 0x in raw logs, names in ausearch -i output). */
  args: string[];
}

export interface AuditPath {
  item: number | null;
  name: string;
  /** NORMAL, PARENT, CREATE, DELETE, UNKNOWN. */
  nametype: string;
}

export type AuditSockaddr =
  | { family: 'inet' | 'inet6'; address: string; port: number }
  | { family: 'unix'; path: string }
  | { family: 'other'; code: string };

/** One audit event: the records sharing a `msg=audit(time:serial)` stamp. */
export interface AuditEvent {
  kind: 'auditd';
  /** The host: the `node=` prefix, else the host the reader was given, else the file's name. */
  host: string;
  /** The `node=` prefix as written; '' when the log has none. */
  node: string;
  serial: number;
  /** Event time, milliseconds since the Unix epoch (UTC). */
  timeMs: number;
  /** Record types in the order they were read. */
  types: string[];
  syscall: AuditSyscall | null;
  /** EXECVE arguments; null without an EXECVE record. */
  argv: string[] | null;
  /** Whether every argument EXECVE's `argc` announced was read. */
  argvComplete: boolean;
  /** PROCTITLE split at its NUL separators; null without one. */
  proctitle: string[] | null;
  /** The kernel cuts PROCTITLE at 128 bytes: true when it may be cut. */
  proctitleTruncated: boolean;
  cwd: string;
  paths: AuditPath[];
  sockaddr: AuditSockaddr | null;
  /** Where the event's first record is. */
  source: Location;
}
