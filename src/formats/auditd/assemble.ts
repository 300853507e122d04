/**
 * Groups decoded records into events. The kernel writes one event as several records that
 * share a `msg=audit(time:serial)` stamp (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE) and ends
 * it with EOE; records of events on other CPUs can arrive in between, and ausearch prints
 * an event's records last-first between `----` lines. An event is complete when its EOE
 * arrives, at a `----`, at the end of the file, or — as ausearch decides — once a record
 * from the same node is stamped more than two seconds later than the event. User-space
 * messages (USER_*, CRED_*, DAEMON_*…) are single records and complete on arrival.
 */

import type { AuditEvent, AuditPath, AuditSockaddr, AuditSyscall } from './model.js';
import type { Decoded } from './decode.js';
import type { RecordLine } from './line.js';

/** ausearch's default `--eoe-timeout`. */
export const EOE_TIMEOUT_MS = 2000;
// A bound on events waiting for their EOE, so a log without EOE records keeps memory flat.
const MAX_OPEN = 4096;

const STANDALONE = new RegExp(
  '^(?:USER|USER_\\w+|CRED_\\w+|DAEMON_\\w+|SERVICE_\\w+|SYSTEM_\\w+|ADD_\\w+|DEL_\\w+|ACCT_\\w+|' +
    'GRP_\\w+|ROLE_\\w+|ANOM_ABEND|ANOM_PROMISCUOUS)$',
);

/** Records that only make sense inside a syscall event. */
export const SYSCALL_AUX = new Set(['EXECVE', 'PATH', 'CWD', 'PROCTITLE', 'SOCKADDR', 'EOE']);

export interface Pending {
  key: string;
  node: string;
  serial: number;
  timeMs: number;
  line: number;
  offset: number;
  types: string[];
  syscall: AuditSyscall | null;
  argc: number | null;
  args: Map<number, string> | null;
  proctitle: string[] | null;
  proctitleTruncated: boolean;
  cwd: string;
  paths: AuditPath[];
  sockaddr: AuditSockaddr | null;
  /** Records of this event that could not be decoded (already reported). */
  broken: number;
}

export class Assembler {
  private readonly open = new Map<string, Pending>();

  /** `complete` receives each event once it is complete. */
  constructor(private readonly complete: (p: Pending) => void) {}

  /** The event a record belongs to, opening it if needed; completes stale events first. */
  pendingFor(rec: RecordLine, line: number, offset: number): Pending {
    this.expire(rec.node, rec.timeMs);
    const key = `${rec.node}|${rec.stampText}`;
    let p = this.open.get(key);
    if (p === undefined) {
      p = {
        key,
        node: rec.node,
        serial: rec.serial,
        timeMs: rec.timeMs,
        line,
        offset,
        types: [],
        syscall: null,
        argc: null,
        args: null,
        proctitle: null,
        proctitleTruncated: false,
        cwd: '',
        paths: [],
        sockaddr: null,
        broken: 0,
      };
      this.open.set(key, p);
      if (this.open.size > MAX_OPEN) this.finish(this.open.values().next().value!);
    }
    return p;
  }

  /** Adds a decoded record to its event. */
  add(p: Pending, type: string, d: Decoded): void {
    p.types.push(type);
    switch (d.type) {
      case 'SYSCALL':
        p.syscall = d.syscall;
        break;
      case 'EXECVE':
        p.args ??= new Map();
        if (d.argc !== null) p.argc = d.argc;
        for (const [i, a] of d.args) p.args.set(i, a);
        break;
      case 'PROCTITLE':
        p.proctitle = d.args;
        p.proctitleTruncated = d.truncated;
        break;
      case 'CWD':
        p.cwd = d.cwd;
        break;
      case 'PATH':
        p.paths.push(d.path);
        break;
      case 'SOCKADDR':
        p.sockaddr = d.sockaddr;
        break;
      case 'EOE':
        this.finish(p);
        return;
      case 'OTHER':
        break;
    }
    if (p.types.length === 1 && STANDALONE.test(type)) this.finish(p);
  }

  /** Completes every open event (at `----` and at the end of the input). */
  flush(): void {
    for (const p of [...this.open.values()]) this.finish(p);
  }

  private expire(node: string, timeMs: number): void {
    // Open events are in arrival order, which is nearly time order: stop at the first one of
    // this node still inside the window; any older one behind it completes on a later call.
    for (const p of this.open.values()) {
      if (p.node !== node) continue;
      if (p.timeMs >= timeMs - EOE_TIMEOUT_MS) break;
      this.finish(p);
    }
  }

  private finish(p: Pending): void {
    if (this.open.get(p.key) !== p) return;
    this.open.delete(p.key);
    this.complete(p);
  }
}

/** Whether a completed event is only auxiliary records, with its SYSCALL missing. */
export function isOrphan(p: Pending): boolean {
  return p.syscall === null && p.types.length > 0 && p.types.every((t) => SYSCALL_AUX.has(t));
}

/** The arguments EXECVE gave, in order, and whether all `argc` of them were there. */
export function argvOf(p: Pending): { argv: string[] | null; complete: boolean } {
  if (p.args === null) return { argv: null, complete: true };
  const n = p.argc ?? Math.max(-1, ...p.args.keys()) + 1;
  const argv: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = p.args.get(i);
    if (a !== undefined) argv.push(a);
  }
  return { argv, complete: argv.length === n };
}

/** The event a completed pending becomes. */
export function toEvent(p: Pending, host: string, file: string): AuditEvent {
  const { argv, complete } = argvOf(p);
  return {
    kind: 'auditd',
    host,
    node: p.node,
    serial: p.serial,
    timeMs: p.timeMs,
    types: p.types,
    syscall: p.syscall,
    argv,
    argvComplete: complete,
    proctitle: p.proctitle,
    proctitleTruncated: p.proctitleTruncated,
    cwd: p.cwd,
    paths: p.paths,
    sockaddr: p.sockaddr,
    source: { file, line: p.line, offset: p.offset },
  };
}
