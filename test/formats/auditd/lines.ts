/** Builders for audit records in the kernel's raw form, for the auditd tests. */

export const hex = (s: string | Buffer): string => Buffer.from(s).toString('hex').toUpperCase();

export function rec(type: string, stamp: string, body: string, node?: string): string {
  return `${node !== undefined ? `node=${node} ` : ''}type=${type} msg=audit(${stamp}): ${body}`;
}

export interface SyscallFields {
  arch?: string;
  syscall?: number | string;
  success?: 'yes' | 'no';
  exit?: number | string;
  a0?: string;
  a2?: string;
  pid: number;
  ppid: number;
  uid?: number;
  auid?: number;
  comm: string;
  exe: string;
  key?: string;
  enriched?: string;
}

export function syscall(stamp: string, f: SyscallFields, node?: string): string {
  const uid = f.uid ?? 1000;
  const body =
    `arch=${f.arch ?? 'c000003e'} syscall=${f.syscall ?? 59} success=${f.success ?? 'yes'} ` +
    `exit=${f.exit ?? 0} a0=${f.a0 ?? '55d0'} a1=55d1 a2=${f.a2 ?? '55d2'} a3=0 items=2 ` +
    `ppid=${f.ppid} pid=${f.pid} auid=${f.auid ?? uid} uid=${uid} gid=${uid} euid=${uid} ` +
    `suid=${uid} fsuid=${uid} egid=${uid} sgid=${uid} fsgid=${uid} tty=pts0 ses=3 ` +
    `comm="${f.comm}" exe="${f.exe}" key=${f.key ?? '(null)'}` +
    (f.enriched !== undefined ? `\x1d${f.enriched}` : '');
  return rec('SYSCALL', stamp, body, node);
}

/** EXECVE with each argument written as the kernel would: quoted when plain, hex otherwise. */
export function execve(stamp: string, argv: readonly string[], node?: string): string {
  const args = argv.map(
    (a, i) => `a${i}=${/^[\x21-\x7e]*$/.test(a) && !a.includes('"') ? `"${a}"` : hex(a)}`,
  );
  return rec('EXECVE', stamp, `argc=${argv.length} ${args.join(' ')}`, node);
}

export function proctitle(stamp: string, argv: readonly string[], node?: string): string {
  return rec('PROCTITLE', stamp, `proctitle=${hex(argv.join('\0'))}`, node);
}

export function sockaddrInet(stamp: string, ip: string, port: number, node?: string): string {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(2, 0);
  b.writeUInt16BE(port, 2);
  ip.split('.').forEach((o, i) => b.writeUInt8(Number(o), 4 + i));
  return rec('SOCKADDR', stamp, `saddr=${hex(b)}`, node);
}

export function eoe(stamp: string, node?: string): string {
  return rec('EOE', stamp, '', node);
}

/** A whole execve event: SYSCALL, EXECVE, CWD, PATH, PROCTITLE, EOE. */
export function execEvent(
  stamp: string,
  f: { pid: number; ppid: number; exe: string; argv: string[]; uid?: number; cwd?: string },
  node?: string,
): string[] {
  const comm = f.exe.slice(f.exe.lastIndexOf('/') + 1);
  return [
    syscall(
      stamp,
      {
        pid: f.pid,
        ppid: f.ppid,
        comm,
        exe: f.exe,
        ...(f.uid !== undefined ? { uid: f.uid } : {}),
      },
      node,
    ),
    execve(stamp, f.argv, node),
    rec('CWD', stamp, `cwd="${f.cwd ?? '/home/alice'}"`, node),
    rec(
      'PATH',
      stamp,
      `item=0 name="${f.exe}" inode=1 dev=fd:01 mode=0100755 nametype=NORMAL`,
      node,
    ),
    proctitle(stamp, f.argv, node),
    eoe(stamp, node),
  ];
}

/** A whole connect event to an IPv4 address. */
export function connectEvent(
  stamp: string,
  f: {
    pid: number;
    ppid: number;
    exe: string;
    ip: string;
    port: number;
    success?: 'yes' | 'no';
    exit?: number;
    argv?: string[];
  },
  node?: string,
): string[] {
  const comm = f.exe.slice(f.exe.lastIndexOf('/') + 1);
  return [
    syscall(
      stamp,
      {
        syscall: 42,
        pid: f.pid,
        ppid: f.ppid,
        comm,
        exe: f.exe,
        success: f.success ?? 'yes',
        exit: f.exit ?? 0,
        a0: '5',
      },
      node,
    ),
    sockaddrInet(stamp, f.ip, f.port, node),
    proctitle(stamp, f.argv ?? [comm], node),
    eoe(stamp, node),
  ];
}
