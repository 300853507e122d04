/**
 * Who a Linux process is, from audit events. A process is known by host and PID; the PID
 * keeps its number across execve, so one PID may run several programs in turn (a shell
 * that `exec`s curl), and PIDs are reused. Each successful execve registers the program a
 * PID runs from that moment; any other syscall event records what the PID was running then
 * (`exe`, `comm`). A question "what was PID p at time t" takes the latest execve of p at or
 * before t, and, for a process whose start the log missed, the nearest sighting.
 */

import { processInfo, type ProcessInfo } from './process-identity.js';

export interface LinuxProcess {
  host: string;
  pid: number | null;
  ppid: number | null;
  /** Full path of the program. */
  image: string;
  commandLine: string;
  /** Where the command line came from: EXECVE, PROCTITLE (≤128 bytes), or nowhere. */
  commandLineSource: 'execve' | 'proctitle' | '';
  user: string;
  /** Time of the execve, ticks since the Unix epoch; null for a process seen only later. */
  created: bigint | null;
}

interface Sighting {
  time: bigint;
  image: string;
  user: string;
  commandLine: string;
  commandLineSource: LinuxProcess['commandLineSource'];
  ppid: number | null;
}

/** A command line from argv: arguments with spaces or quotes are double-quoted. */
export function joinArgv(argv: readonly string[]): string {
  return argv
    .map((a) => (a === '' || /[\s"'\\]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a))
    .join(' ');
}

function byTime<T>(get: (x: T) => bigint | null): (a: T, b: T) => number {
  return (a, b) => {
    const x = get(a) ?? 0n;
    const y = get(b) ?? 0n;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

export class LinuxProcessRegistry {
  private readonly execs = new Map<string, LinuxProcess[]>();
  private readonly sightings = new Map<string, Sighting[]>();
  private sorted = true;

  private key(host: string, pid: number | null): string {
    return `${host.toLowerCase()}|${pid}`;
  }

  addExec(p: LinuxProcess): void {
    if (p.pid === null) return;
    const k = this.key(p.host, p.pid);
    const list = this.execs.get(k);
    if (list) list.push(p);
    else this.execs.set(k, [p]);
    this.sorted = false;
  }

  addSighting(host: string, pid: number | null, s: Sighting): void {
    if (pid === null) return;
    const k = this.key(host, pid);
    const list = this.sightings.get(k);
    if (list) list.push(s);
    else this.sightings.set(k, [s]);
    this.sorted = false;
  }

  /** The program PID `pid` ran at `at`: its latest execve by then, else a sighting. */
  at(host: string, pid: number | null, at: bigint): LinuxProcess | undefined {
    if (pid === null) return undefined;
    if (!this.sorted) this.sort();
    const k = this.key(host, pid);
    const exec = this.execs.get(k)?.findLast((p) => (p.created ?? 0n) <= at);
    if (exec) return exec;
    const seen = this.sightings.get(k);
    if (!seen || seen.length === 0) return undefined;
    // Nothing started this PID in the log: what it ran when last seen before, else first after.
    const s = seen.findLast((x) => x.time <= at) ?? seen[0]!;
    return {
      host,
      pid,
      ppid: s.ppid,
      image: s.image,
      commandLine: s.commandLine,
      commandLineSource: s.commandLineSource,
      user: s.user,
      created: null,
    };
  }

  private sort(): void {
    for (const l of this.execs.values()) l.sort(byTime((p) => p.created));
    for (const l of this.sightings.values()) l.sort(byTime((s) => s.time));
    this.sorted = true;
  }
}

/** A Linux process in the shape the Defender column builders take. */
export function asProcessInfo(p: LinuxProcess, parent: LinuxProcess | undefined): ProcessInfo {
  return processInfo({
    host: p.host,
    pid: p.pid,
    image: p.image,
    commandLine: p.commandLine,
    user: p.user,
    parentPid: p.ppid,
    parentImage: parent?.image ?? '',
    parentCommandLine: parent?.commandLine ?? '',
    parentUser: parent?.user ?? '',
    created: p.created,
  });
}
