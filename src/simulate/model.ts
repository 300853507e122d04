/**
 * What a simulation produces before any format is chosen: hosts, processes and a timeline
 * of what they did (started, asked DNS, connected, ran a script block, created a file).
 * Writers render the same timeline as Sysmon JSON or XML, Defender rows, or audit.log, so
 * every format tells one story and a detection gap shows up as a difference between
 * formats, not between stories.
 */

export type Platform = 'windows' | 'linux';

export interface Account {
  name: string;
  /** Windows domain (or host name for local accounts); '' on Linux. */
  domain: string;
  sid: string;
  /** Linux uid; -1 on Windows. */
  uid: number;
}

export interface Host {
  /** The name the OS logs (Sysmon's Computer, auditd's node=). */
  name: string;
  platform: Platform;
  ip: string;
  /** Defender's 40-hex DeviceId. */
  deviceId: string;
  /** The person working on it. */
  user: Account;
  /** SYSTEM or root. */
  system: Account;
  /** First eight hex digits of every Sysmon ProcessGuid on the host. */
  guidPrefix: string;
  /** The Sysmon service's PID (Execution/@ProcessID of its events). */
  sysmonPid: number;
}

/** Version resources of a Windows image, as Sysmon 1 reports them. */
export interface ImageInfo {
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  fileVersion: string;
}

export interface Proc {
  host: Host;
  pid: number;
  /** Sysmon ProcessGuid, braces included; '' on Linux. */
  guid: string;
  /** Full path of the program. */
  image: string;
  commandLine: string;
  /** The argument vector (Linux execve); on Windows the command line split on spaces. */
  argv: string[];
  user: Account;
  parent: Proc | null;
  /**
   * Start time, ms since the Unix epoch; before the timeline for a process that was already
   * running when logging began.
   */
  created: number;
  cwd: string;
  integrity: 'Low' | 'Medium' | 'High' | 'System';
  /** Windows logon id (hex) / Linux audit session id. */
  logonId: string;
  session: number;
  tty: string;
  info: ImageInfo | null;
}

export interface DnsAnswer {
  cnames: string[];
  addresses: string[];
}

export type SimEvent =
  | { kind: 'process'; at: number; proc: Proc }
  | { kind: 'dns'; at: number; proc: Proc; query: string; answer: DnsAnswer }
  | {
      kind: 'connect';
      at: number;
      proc: Proc;
      remoteIp: string;
      remotePort: number;
      localPort: number;
      protocol: 'tcp' | 'udp';
      /** A non-blocking connect (curl, wget): EINPROGRESS, the handshake still happens. */
      nonBlocking: boolean;
      /** What Defender's RemoteUrl would hold ('' when it would not know). */
      remoteUrl: string;
    }
  | { kind: 'script'; at: number; proc: Proc; text: string; blockId: string }
  | { kind: 'file'; at: number; proc: Proc; path: string }
  | { kind: 'logon'; at: number; proc: Proc; service: string };

export type SimFormat = 'sysmon-json' | 'sysmon-xml' | 'mde-json' | 'auditd';

export const SIM_FORMATS: readonly SimFormat[] = [
  'sysmon-json',
  'sysmon-xml',
  'mde-json',
  'auditd',
];

/** The formats that can carry a platform's telemetry. */
export function formatsFor(platform: Platform): SimFormat[] {
  return platform === 'windows'
    ? ['sysmon-json', 'sysmon-xml', 'mde-json']
    : ['auditd', 'mde-json'];
}

/** A file a writer produced. */
export interface SimFile {
  /** Name relative to the output directory. */
  name: string;
  text: string;
}
