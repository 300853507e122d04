/**
 * The builder scenarios and the background write their stories with: hosts, processes
 * (PIDs unique per host, Sysmon ProcessGuids, Linux PIDs counting up as the kernel hands
 * them out), and the timeline of events. Everything random comes from the world's PRNG.
 */

import { imageInfo } from './images.js';
import type { Account, DnsAnswer, Host, Platform, Proc, SimEvent } from './model.js';
import type { Prng } from './prng.js';
import { answerFor } from './services.js';

export interface HostSpec {
  name: string;
  platform: Platform;
  ip: string;
  user: string;
  /** Windows domain of the user; Linux uid. */
  domain?: string;
  uid?: number;
}

export interface SpawnOptions {
  user?: Account;
  integrity?: Proc['integrity'];
  cwd?: string;
  /** Linux: the terminal and audit session of a login (children inherit them). */
  tty?: string;
  session?: number;
}

/** Quotes arguments the way a shell would need them, for a Linux command line. */
function joinArgs(argv: readonly string[]): string {
  return argv
    .map((a) => (a === '' || /[\s"'\\]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a))
    .join(' ');
}

export class World {
  readonly events: SimEvent[] = [];
  readonly hosts: Host[] = [];
  private readonly usedPids = new Map<Host, Set<number>>();
  private readonly nextPid = new Map<Host, number>();
  private guidCounter = 0x1a00;

  constructor(
    /** Swapped by the caller between the scenario's and the background's streams. */
    public rng: Prng,
    /** The timeline's origin, ms since the Unix epoch. */
    readonly origin: number,
  ) {}

  addHost(spec: HostSpec): Host {
    const rng = this.rng;
    const windows = spec.platform === 'windows';
    const domainSid = `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`;
    const host: Host = {
      name: spec.name,
      platform: spec.platform,
      ip: spec.ip,
      deviceId: rng.hex(40),
      user: {
        name: spec.user,
        domain: windows ? (spec.domain ?? 'CORP') : '',
        sid: windows ? `${domainSid}-${rng.int(1100, 4000)}` : '',
        uid: windows ? -1 : (spec.uid ?? 1000),
      },
      system: windows
        ? { name: 'SYSTEM', domain: 'NT AUTHORITY', sid: 'S-1-5-18', uid: -1 }
        : { name: 'root', domain: '', sid: '', uid: 0 },
      guidPrefix: rng.hex(8),
      sysmonPid: 4 * rng.int(500, 900),
    };
    this.hosts.push(host);
    this.usedPids.set(host, new Set());
    this.nextPid.set(host, rng.int(1800, 2600));
    return host;
  }

  private pid(host: Host): number {
    const used = this.usedPids.get(host)!;
    let pid: number;
    if (host.platform === 'windows') {
      // Windows recycles the PIDs of exited processes: once the range is crowded, forget the
      // old ones rather than search forever (a large --background fills it).
      let tries = 0;
      do {
        pid = 4 * this.rng.int(250, 4000);
        if (++tries > 64) {
          used.clear();
          tries = 0;
        }
      } while (used.has(pid));
    } else {
      // Linux hands PIDs out in order; other processes take some in between.
      pid = this.nextPid.get(host)! + this.rng.int(1, 12);
      this.nextPid.set(host, pid);
    }
    used.add(pid);
    return pid;
  }

  private guid(host: Host, created: number): string {
    if (host.platform !== 'windows') return '';
    const secs = Math.floor(created / 1000);
    const hex4 = (n: number): string => (n & 0xffff).toString(16).padStart(4, '0');
    this.guidCounter++;
    return `{${host.guidPrefix}-${hex4(secs)}-${hex4(secs >>> 16)}-${hex4(this.guidCounter)}-000000000700}`;
  }

  private make(
    host: Host,
    created: number,
    parent: Proc | null,
    image: string,
    args: string | readonly string[],
    o: SpawnOptions,
  ): Proc {
    const argv = typeof args === 'string' ? args.split(' ').filter(Boolean) : [...args];
    const user = o.user ?? parent?.user ?? host.user;
    return {
      host,
      pid: this.pid(host),
      guid: this.guid(host, created),
      image,
      commandLine: typeof args === 'string' ? args : joinArgs(args),
      argv,
      user,
      parent,
      created,
      cwd: o.cwd ?? parent?.cwd ?? (host.platform === 'windows' ? 'C:\\Windows\\system32\\' : '/'),
      integrity: o.integrity ?? parent?.integrity ?? 'Medium',
      logonId: parent?.logonId ?? `0x${this.rng.int(0x20000, 0xfffff).toString(16)}`,
      session: o.session ?? parent?.session ?? (user === host.system ? 0 : this.rng.int(1, 6)),
      tty: o.tty ?? parent?.tty ?? '(none)',
      info: host.platform === 'windows' ? imageInfo(image) : null,
    };
  }

  /** A process that was running before the log begins: referenced, never logged as created. */
  running(
    host: Host,
    image: string,
    args: string | readonly string[],
    parent: Proc | null,
    o: SpawnOptions = {},
  ): Proc {
    return this.make(
      host,
      this.origin - this.rng.int(3_600_000, 86_400_000),
      parent,
      image,
      args,
      o,
    );
  }

  /** Starts a process at `at` (ms after the origin) and logs its creation. */
  spawn(
    at: number,
    parent: Proc,
    image: string,
    args: string | readonly string[],
    o: SpawnOptions = {},
  ): Proc {
    const proc = this.make(parent.host, this.origin + at, parent, image, args, o);
    this.events.push({ kind: 'process', at: this.origin + at, proc });
    return proc;
  }

  /** A DNS lookup by `proc`; returns the answer (addresses in the order the resolver gave). */
  dns(at: number, proc: Proc, name: string): DnsAnswer {
    const answer = answerFor(name, (l) => this.rng.shuffle(l));
    this.events.push({ kind: 'dns', at: this.origin + at, proc, query: name, answer });
    return answer;
  }

  /** An outbound connection; `remoteUrl` is what Defender would name it. */
  connect(
    at: number,
    proc: Proc,
    remoteIp: string,
    remotePort: number,
    remoteUrl: string,
    o: { protocol?: 'tcp' | 'udp'; nonBlocking?: boolean } = {},
  ): void {
    const windows = proc.host.platform === 'windows';
    this.events.push({
      kind: 'connect',
      at: this.origin + at,
      proc,
      remoteIp,
      remotePort,
      localPort: windows ? this.rng.int(49152, 65535) : this.rng.int(32768, 60999),
      protocol: o.protocol ?? 'tcp',
      nonBlocking: o.nonBlocking ?? false,
      remoteUrl,
    });
  }

  /** Looks `name` up and connects to the first address, as most clients do. */
  reach(
    at: number,
    proc: Proc,
    name: string,
    port = 443,
    o: { nonBlocking?: boolean } = {},
  ): number {
    const answer = this.dns(at, proc, name);
    const delay = this.rng.int(3, 40);
    this.connect(at + delay, proc, answer.addresses[0]!, port, name, o);
    return at + delay;
  }

  script(at: number, proc: Proc, text: string): void {
    this.events.push({
      kind: 'script',
      at: this.origin + at,
      proc,
      text,
      blockId: this.rng.guid(),
    });
  }

  file(at: number, proc: Proc, path: string): void {
    this.events.push({ kind: 'file', at: this.origin + at, proc, path });
  }

  /** A PAM session (Linux: USER_START and friends). */
  logon(at: number, proc: Proc, service: string): void {
    this.events.push({ kind: 'logon', at: this.origin + at, proc, service });
  }

  /** The events in time order (stable for equal times). */
  timeline(): SimEvent[] {
    return this.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map((x) => x.e);
  }
}
