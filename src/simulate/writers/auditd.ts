/**
 * A Linux timeline as audit.log, the way a kernel with execve, connect and file-creation
 * rules and auditd with `log_format = ENRICHED` and `name_format = HOSTNAME` write it:
 * every line prefixed `node=<host>`, one event per syscall made of SYSCALL, EXECVE, CWD,
 * PATH…, SOCKADDR, PROCTITLE and EOE records sharing a `msg=audit(secs.ms:serial)` stamp,
 * serials counting up per host, strings the kernel distrusts (spaces, quotes, control
 * bytes) written as upper-case hex, the process title NUL-separated and cut at 128 bytes.
 * Events of processes running at the same moment interleave their records, as records
 * from several CPUs do. A DNS lookup is the resolver stub's UDP connect to 127.0.0.53:53;
 * a PAM session is the USER_ACCT, CRED_ACQ and USER_START messages of its service.
 */

import { archCode, syscallNumber } from '../../formats/auditd/index.js';
import type { Host, Proc, SimEvent, SimFile } from '../model.js';
import type { Prng } from '../prng.js';

const ARCH = 'x86_64';
const UNSET = 4294967295;
const GS = '\x1d';
// The kernel logs at most 128 bytes of the process title.
const PROCTITLE_MAX = 128;
// How close in time two events must be for their records to interleave.
const CONCURRENT_MS = 1;

function hex(s: string | Buffer): string {
  return Buffer.from(s).toString('hex').toUpperCase();
}

/** As the kernel's audit_log_untrustedstring: quoted when plain, hex otherwise. */
function untrusted(s: string): string {
  return /^[\x21-\x7e]*$/.test(s) && !s.includes('"') ? `"${s}"` : hex(s);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function stamp(ms: number, serial: number): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}:${serial}`;
}

interface HostState {
  serial: number;
}

interface AuditEventText {
  at: number;
  host: Host;
  records: string[];
}

/** The login uid: the session user's inside an ssh session, unset for daemons. */
function loginUid(p: Proc): number {
  return p.tty === '(none)' ? UNSET : p.host.user.uid;
}

function idName(uid: number, p: Proc): string {
  if (uid === UNSET) return 'unset';
  if (uid === p.user.uid) return p.user.name;
  return uid === p.host.user.uid ? p.host.user.name : uid === 0 ? 'root' : String(uid);
}

function syscallRecord(
  p: Proc,
  name: string,
  result: { success: boolean; exit: number },
  args: string[],
  items: number,
  key: string,
): string {
  const auid = loginUid(p);
  const uid = p.user.uid;
  const ses = auid === UNSET ? UNSET : p.session;
  const ids = ['uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid']
    .map((k) => `${k}=${uid}`)
    .join(' ');
  const u = `"${idName(uid, p)}"`;
  const enriched =
    `ARCH=${ARCH} SYSCALL=${name} AUID="${idName(auid, p)}" UID=${u} GID=${u} EUID=${u} ` +
    `SUID=${u} FSUID=${u} EGID=${u} SGID=${u} FSGID=${u}`;
  return (
    `arch=${archCode(ARCH)} syscall=${syscallNumber(ARCH, name)} success=${result.success ? 'yes' : 'no'} ` +
    `exit=${result.exit} a0=${args[0]} a1=${args[1]} a2=${args[2]} a3=${args[3]} items=${items} ` +
    `ppid=${p.parent?.pid ?? 1} pid=${p.pid} auid=${auid} ${ids} tty=${p.tty} ses=${ses} ` +
    `comm=${untrusted(baseName(p.image).slice(0, 15))} exe=${untrusted(p.image)} ` +
    `subj=unconfined key="${key}"${GS}${enriched}`
  );
}

function proctitle(argv: readonly string[]): string {
  const bytes = Buffer.from(argv.join('\0')).subarray(0, PROCTITLE_MAX);
  return argv.length === 1 && /^[\x21-\x7e]*$/.test(argv[0]!) && !argv[0]!.includes('"')
    ? `proctitle="${argv[0]}"`
    : `proctitle=${hex(bytes)}`;
}

function pathRecord(
  item: number,
  name: string,
  nametype: string,
  inode: number,
  mode: string,
): string {
  return (
    `item=${item} name=${untrusted(name)} inode=${inode} dev=fd:01 mode=${mode} ouid=0 ogid=0 ` +
    `rdev=00:00 nametype=${nametype} cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0${GS}OUID="root" OGID="root"`
  );
}

function sockaddr(ip: string, port: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt16LE(2, 0);
  bytes.writeUInt16BE(port, 2);
  ip.split('.').forEach((o, i) => bytes.writeUInt8(Number(o), 4 + i));
  return `saddr=${hex(bytes)}${GS}SADDR={ saddr_fam=inet laddr=${ip} lport=${port} }`;
}

function pointer(rng: Prng): string {
  return `7ff${rng.hex(9)}`;
}

function pamRecords(p: Proc, service: string, rng: Prng): [string, string][] {
  const acct = p.host.user.name;
  const remote = service === 'sshd' ? `10.20.6.${rng.int(10, 250)}` : '?';
  const terminal = service === 'sshd' ? 'ssh' : 'cron';
  const exe = service === 'sshd' ? '/usr/sbin/sshd' : '/usr/sbin/cron';
  const uid = service === 'sshd' ? 0 : p.user.uid;
  const msg = (op: string, grantors: string): string =>
    `pid=${p.pid} uid=${uid} auid=${service === 'sshd' ? p.host.user.uid : UNSET} ses=${service === 'sshd' ? rng.int(3, 40) : UNSET} ` +
    `subj=unconfined msg='op=${op} grantors=${grantors} acct="${service === 'sshd' ? acct : 'root'}" exe="${exe}" ` +
    `hostname=${remote} addr=${remote} terminal=${terminal} res=success'${GS}UID="root" AUID="${service === 'sshd' ? acct : 'unset'}"`;
  return [
    ['USER_ACCT', msg('PAM:accounting', 'pam_permit')],
    ['CRED_ACQ', msg('PAM:setcred', 'pam_permit,pam_cap')],
    ['USER_START', msg('PAM:session_open', 'pam_loginuid,pam_keyinit,pam_limits,pam_unix')],
  ];
}

function render(e: SimEvent, states: Map<Host, HostState>, rng: Prng): AuditEventText[] {
  const p = e.proc;
  const host = p.host;
  let state = states.get(host);
  if (state === undefined) {
    state = { serial: rng.int(20_000, 90_000) };
    states.set(host, state);
  }
  const st = state;
  const event = (at: number, records: [string, string][]): AuditEventText => {
    st.serial += rng.int(1, 6);
    const s = stamp(at, st.serial);
    const lines = records.map(
      ([type, body]) => `node=${host.name} type=${type} msg=audit(${s}): ${body}`,
    );
    if (records.length > 1 || records[0]![0] === 'SYSCALL')
      lines.push(`node=${host.name} type=EOE msg=audit(${s}): `);
    return { at, host, records: lines };
  };
  const cwd = (q: Proc): [string, string] => ['CWD', `cwd=${untrusted(q.cwd)}`];
  const title = (q: Proc): [string, string] => ['PROCTITLE', proctitle(q.argv)];
  switch (e.kind) {
    case 'process':
      return [
        event(e.at, [
          [
            'SYSCALL',
            syscallRecord(
              p,
              'execve',
              { success: true, exit: 0 },
              [pointer(rng), pointer(rng), pointer(rng), pointer(rng)],
              2,
              'exec',
            ),
          ],
          [
            'EXECVE',
            `argc=${p.argv.length} ${p.argv.map((a, i) => `a${i}=${untrusted(a)}`).join(' ')}`,
          ],
          cwd(p),
          ['PATH', pathRecord(0, p.image, 'NORMAL', rng.int(100_000, 3_000_000), '0100755')],
          ['PATH', pathRecord(1, '/lib64/ld-linux-x86-64.so.2', 'NORMAL', 1_835_553, '0100755')],
          title(p),
        ]),
      ];
    case 'dns':
      return [
        event(e.at, [
          [
            'SYSCALL',
            syscallRecord(
              p,
              'connect',
              { success: true, exit: 0 },
              [String(rng.int(3, 9)), pointer(rng), '10', '0'],
              0,
              'network_connect',
            ),
          ],
          ['SOCKADDR', sockaddr('127.0.0.53', 53)],
          title(p),
        ]),
      ];
    case 'connect': {
      const result = e.nonBlocking ? { success: false, exit: -115 } : { success: true, exit: 0 };
      return [
        event(e.at, [
          [
            'SYSCALL',
            syscallRecord(
              p,
              'connect',
              result,
              [String(rng.int(3, 9)), pointer(rng), '10', '0'],
              0,
              'network_connect',
            ),
          ],
          ['SOCKADDR', sockaddr(e.remoteIp, e.remotePort)],
          title(p),
        ]),
      ];
    }
    case 'file': {
      const dir = e.path.slice(0, e.path.lastIndexOf('/') + 1) || '/';
      return [
        event(e.at, [
          // openat(AT_FDCWD, path, O_WRONLY|O_CREAT|O_TRUNC, 0666)
          [
            'SYSCALL',
            syscallRecord(
              p,
              'openat',
              { success: true, exit: 5 },
              ['ffffff9c', pointer(rng), '241', '1b6'],
              2,
              'file_create',
            ),
          ],
          cwd(p),
          ['PATH', pathRecord(0, dir, 'PARENT', rng.int(100, 9000), '041777')],
          ['PATH', pathRecord(1, e.path, 'CREATE', rng.int(100_000, 3_000_000), '0100644')],
          title(p),
        ]),
      ];
    }
    case 'logon':
      return pamRecords(p, e.service, rng).map(([type, body], i) =>
        event(e.at + i, [[type, body]]),
      );
    case 'script':
      return [];
  }
}

/** Interleaves the records of events that happen at the same moment on the same host. */
function interleave(events: AuditEventText[], rng: Prng): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < events.length) {
    let j = i + 1;
    while (
      j < events.length &&
      events[j]!.host === events[i]!.host &&
      events[j]!.at - events[i]!.at <= CONCURRENT_MS
    )
      j++;
    const queues = events.slice(i, j).map((e) => [...e.records]);
    while (queues.some((q) => q.length > 0)) {
      const open = queues.filter((q) => q.length > 0);
      lines.push(rng.pick(open).shift()!);
    }
    i = j;
  }
  return lines;
}

export function writeAuditd(timeline: readonly SimEvent[], rng: Prng, stem: string): SimFile[] {
  const states = new Map<Host, HostState>();
  const events = timeline.flatMap((e) => render(e, states, rng));
  return [{ name: `${stem}.audit.log`, text: interleave(events, rng).join('\n') + '\n' }];
}
