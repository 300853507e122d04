/**
 * Linux audit events → Defender Advanced Hunting rows.
 *
 * | audit event | table | ActionType |
 * |---|---|---|
 * | execve, execveat that succeeded | DeviceProcessEvents | ProcessCreated |
 * | connect to an IPv4/IPv6 address | DeviceNetworkEvents | ConnectionSuccess, …Request, …Failed |
 * | open, openat, openat2, creat with a CREATE PATH | DeviceFileEvents | FileCreated |
 *
 * The SYSCALL record's `exe` and `comm` describe the process *after* the call, so for an
 * execve they are the new program, never its parent: the parent (InitiatingProcess*) is
 * the program `ppid` was running then, from its own execve when the log has it, else from
 * any other event of that PID (see auditd-processes.ts). A non-blocking connect — what curl,
 * wget and browsers do — returns EINPROGRESS and the audit record says `success=no`: the
 * attempt was made and its outcome is not in the log, so it is a ConnectionRequest, not a
 * failure. AccountName is the uid's name when the log gives one (`ausearch -i`, enriched
 * logs), `root` for uid 0, else the number; the login uid (auid) goes to AdditionalFields.
 * RemoteUrl comes from the connecting process's command line (auditd-url.ts).
 */

import type { AuditEvent, AuditSyscall } from '../formats/auditd/index.js';
import { TICKS_PER_MS } from '../table/datetime.js';
import { urlForConnection } from './auditd-url.js';
import {
  asProcessInfo,
  joinArgv,
  LinuxProcessRegistry,
  type LinuxProcess,
} from './auditd-processes.js';
import { deviceId, deviceName } from './device-id.js';
import { ipType, unmapIpv4 } from './ip-type.js';
import { baseName } from './process-identity.js';
import { initiatingColumns, type Row } from './sysmon.js';
import type { JsonValue } from '../table/types.js';

export type AuditUse = 'process' | 'network' | 'file';

const EXEC = new Set(['execve', 'execveat']);
const OPEN = new Set(['open', 'openat', 'openat2', 'creat']);
const EINPROGRESS = -115;
const UNSET_ID = 4294967295;

/** The table an event feeds, or the kind it is counted under when no table uses it. */
export function auditdUse(e: AuditEvent): AuditUse | { ignored: string } {
  const sc = e.syscall;
  if (sc === null) return { ignored: `auditd ${e.types[0] ?? 'event'}` };
  if (EXEC.has(sc.name))
    return sc.success === false ? { ignored: `auditd ${sc.name} (failed)` } : 'process';
  if (sc.name === 'connect') {
    const family = e.sockaddr?.family;
    if (family === 'inet' || family === 'inet6') return 'network';
    return { ignored: `auditd connect (${family ?? 'no address'})` };
  }
  if (OPEN.has(sc.name) && sc.success !== false && e.paths.some((p) => p.nametype === 'CREATE'))
    return 'file';
  return { ignored: `auditd ${sc.name}` };
}

export function auditdTicks(e: AuditEvent): bigint {
  return BigInt(e.timeMs) * TICKS_PER_MS;
}

function account(sc: AuditSyscall): string {
  if (sc.uid.name !== '') return sc.uid.name;
  if (sc.uid.id === 0) return 'root';
  return sc.uid.id === null ? '' : String(sc.uid.id);
}

function loginUid(sc: AuditSyscall): string {
  if (sc.auid.id === UNSET_ID) return 'unset';
  return sc.auid.name || (sc.auid.id === null ? '' : String(sc.auid.id));
}

function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return `${dir.replace(/\/+$/, '')}/${name.replace(/^\.\//, '')}`;
}

/** The program an execve started: `exe` (symlinks resolved), else PATH item 0, else argv[0]. */
function execImage(e: AuditEvent): string {
  if (e.syscall?.exe) return e.syscall.exe;
  const item0 = e.paths.find((p) => p.item === 0)?.name;
  if (item0) return joinPath(e.cwd, item0);
  return e.argv?.[0] ?? e.proctitle?.[0] ?? '';
}

function commandLine(e: AuditEvent): Pick<LinuxProcess, 'commandLine' | 'commandLineSource'> {
  if (e.argv !== null && e.argv.length > 0)
    return { commandLine: joinArgv(e.argv), commandLineSource: 'execve' };
  if (e.proctitle !== null)
    return { commandLine: joinArgv(e.proctitle), commandLineSource: 'proctitle' };
  return { commandLine: '', commandLineSource: '' };
}

function common(e: AuditEvent, actionType: string, extra: Record<string, JsonValue>): Row {
  const t = auditdTicks(e);
  const sc = e.syscall!;
  return {
    Timestamp: t,
    TimeGenerated: t,
    DeviceId: deviceId(e.host),
    DeviceName: deviceName(e.host),
    ActionType: actionType,
    ReportId: e.serial,
    AdditionalFields: {
      ...extra,
      AuditSerial: e.serial,
      ...(e.node ? { AuditNode: e.node } : {}),
      Syscall: sc.name,
      LoginUid: loginUid(sc),
      ...(sc.keys.length ? { AuditKeys: sc.keys } : {}),
      SourceFile: e.source.file ?? '',
    },
  };
}

interface Timed {
  e: AuditEvent;
  t: bigint;
  use: AuditUse;
}

/** Builds the rows for a run's audit events (any order; they are sorted here). */
export function auditdRows(events: readonly AuditEvent[]): { table: string; row: Row }[] {
  const timed: Timed[] = [];
  for (const e of events) {
    const use = auditdUse(e);
    if (typeof use === 'string') timed.push({ e, t: auditdTicks(e), use });
  }
  timed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.e.serial - b.e.serial));

  const registry = new LinuxProcessRegistry();
  for (const { e, t, use } of timed) {
    const sc = e.syscall!;
    const base = { user: account(sc), ...commandLine(e) };
    if (use === 'process') {
      registry.addExec({
        host: e.host,
        pid: sc.pid,
        ppid: sc.ppid,
        image: execImage(e),
        created: t,
        ...base,
      });
    } else {
      registry.addSighting(e.host, sc.pid, { time: t, image: sc.exe, ppid: sc.ppid, ...base });
    }
  }

  const out: { table: string; row: Row }[] = [];
  for (const { e, t, use } of timed) {
    const sc = e.syscall!;
    if (use === 'process')
      out.push({ table: 'DeviceProcessEvents', row: processRow(e, t, registry) });
    else {
      // The process as this event shows it, completed from its execve when logged.
      const started = registry.at(e.host, sc.pid, t);
      const own = commandLine(e);
      const owner: LinuxProcess = {
        host: e.host,
        pid: sc.pid,
        ppid: sc.ppid,
        image: sc.exe || started?.image || '',
        user: account(sc),
        created: started?.created ?? null,
        ...(started?.commandLine
          ? { commandLine: started.commandLine, commandLineSource: started.commandLineSource }
          : own),
      };
      const parent = registry.at(e.host, sc.ppid, t);
      const initiating = initiatingColumns(asProcessInfo(owner, parent), undefined);
      out.push(
        use === 'network'
          ? { table: 'DeviceNetworkEvents', row: { ...networkRow(e, owner), ...initiating } }
          : { table: 'DeviceFileEvents', row: { ...fileRow(e), ...initiating } },
      );
    }
  }
  return out;
}

function processRow(e: AuditEvent, t: bigint, registry: LinuxProcessRegistry): Row {
  const sc = e.syscall!;
  const self = { image: execImage(e), user: account(sc), ...commandLine(e) };
  // The parent as of just before this execve: a PID that exec'd twice is its older self.
  const parent = registry.at(e.host, sc.ppid, t);
  const grandparent = parent ? registry.at(e.host, parent.ppid, t) : undefined;
  const creator = parent ?? {
    host: e.host,
    pid: sc.ppid,
    ppid: null,
    image: '',
    commandLine: '',
    commandLineSource: '',
    user: '',
    created: null,
  };
  const row = common(e, 'ProcessCreated', {
    Cwd: e.cwd,
    Tty: sc.tty,
    Session: sc.ses,
    CommandLineSource: self.commandLineSource,
    ...(self.commandLineSource === 'proctitle' && e.proctitleTruncated
      ? { CommandLineTruncated: true }
      : {}),
    ...(e.argvComplete ? {} : { CommandLinePartial: true }),
  });
  row['FileName'] = baseName(self.image);
  row['FolderPath'] = self.image;
  row['ProcessId'] = sc.pid;
  row['ProcessCommandLine'] = self.commandLine;
  row['ProcessCreationTime'] = t;
  row['AccountDomain'] = '';
  row['AccountName'] = self.user;
  return Object.assign(
    row,
    initiatingColumns(
      asProcessInfo(creator, grandparent),
      grandparent ? asProcessInfo(grandparent, undefined) : undefined,
    ),
  );
}

function networkRow(e: AuditEvent, owner: LinuxProcess): Row {
  const sc = e.syscall!;
  const sa = e.sockaddr as { address: string; port: number };
  const remoteIP = unmapIpv4(sa.address);
  const inProgress = sc.exit === EINPROGRESS;
  const match = urlForConnection(owner.commandLine, remoteIP, sa.port);
  return {
    ...common(
      e,
      sc.success !== false
        ? 'ConnectionSuccess'
        : inProgress
          ? 'ConnectionRequest'
          : 'ConnectionFailed',
      {
        ...(sc.exit !== null && sc.exit < 0 ? { Errno: -sc.exit } : {}),
        RemoteUrlSource: match ? 'command-line' : '',
        ...(match ? { CommandLineUrl: match.url } : {}),
      },
    ),
    RemoteIP: remoteIP,
    RemotePort: sa.port,
    RemoteUrl: match?.host ?? '',
    LocalIP: '',
    LocalPort: null,
    // Only a stream socket answers a non-blocking connect with EINPROGRESS.
    Protocol: inProgress ? 'Tcp' : 'Unknown',
    LocalIPType: '',
    RemoteIPType: ipType(remoteIP),
  };
}

function fileRow(e: AuditEvent): Row {
  const created = e.paths.find((p) => p.nametype === 'CREATE')!;
  const path = joinPath(e.cwd, created.name);
  return {
    ...common(e, 'FileCreated', { Cwd: e.cwd }),
    FileName: baseName(path),
    FolderPath: path,
  };
}
