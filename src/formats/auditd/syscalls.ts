/**
 * Names for the syscalls webc2 maps, per architecture. A raw SYSCALL record gives
 * `arch=` (the kernel's AUDIT_ARCH value in hex) and `syscall=` as a number, and the numbers
 * differ between architectures: execve is 59 on x86_64, 11 on i386 and 32-bit ARM, 221 on
 * aarch64. Only the syscalls a mapping uses are listed (process start, outbound connection,
 * file creation); others are named `syscall <n>`. Numbers from the kernel's syscall tables
 * (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h, arch/arm/tools/syscall.tbl).
 */

/** AUDIT_ARCH_* values (include/uapi/linux/audit.h) → the names ausearch prints. */
const ARCHES: Readonly<Record<string, string>> = {
  c000003e: 'x86_64',
  '40000003': 'i386',
  c00000b7: 'aarch64',
  '40000028': 'arm',
};

const TABLES: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  x86_64: { 2: 'open', 42: 'connect', 59: 'execve', 85: 'creat', 257: 'openat', 322: 'execveat' },
  // i386 reached connect only through socketcall(2) before Linux 4.3.
  i386: {
    5: 'open',
    8: 'creat',
    11: 'execve',
    102: 'socketcall',
    295: 'openat',
    358: 'execveat',
    362: 'connect',
  },
  aarch64: { 56: 'openat', 203: 'connect', 221: 'execve', 281: 'execveat' },
  arm: { 5: 'open', 8: 'creat', 11: 'execve', 283: 'connect', 322: 'openat', 387: 'execveat' },
};

// openat2 has the same number everywhere (new syscalls share one table since Linux 5.1).
const COMMON: Readonly<Record<number, string>> = { 437: 'openat2' };

// socketcall's first argument picks the socket operation; 3 is SYS_CONNECT.
const SYS_CONNECT = '3';

/** The architecture name for an `arch=` value: raw hex or already a name. */
export function archName(arch: string): { name: string; known: boolean } {
  const key = arch.trim().toLowerCase();
  const named = ARCHES[key];
  if (named !== undefined) return { name: named, known: true };
  if (key in TABLES) return { name: key, known: true };
  return { name: arch.trim(), known: false };
}

/**
 * The syscall's name: `syscall=` may be a number (raw) or a name (ausearch -i). `a0` is
 * socketcall's operation on i386.
 */
export function syscallName(arch: string, syscall: string, a0: string): string {
  const s = syscall.trim();
  if (!/^\d+$/.test(s)) return s.toLowerCase();
  const n = Number(s);
  const table = TABLES[archName(arch).name];
  const name = table?.[n] ?? COMMON[n];
  if (name === 'socketcall') return a0.replace(/^0x/i, '') === SYS_CONNECT ? 'connect' : name;
  return name ?? `syscall ${n}`;
}

/** The AUDIT_ARCH value for an architecture name (the simulator writes raw records). */
export function archCode(name: string): string {
  for (const [code, n] of Object.entries(ARCHES)) if (n === name) return code;
  throw new Error(`Unknown architecture '${name}'.`);
}

/** The number of a syscall on an architecture (the simulator writes raw records). */
export function syscallNumber(arch: string, name: string): number {
  for (const [n, s] of Object.entries({ ...COMMON, ...TABLES[arch] }))
    if (s === name) return Number(n);
  throw new Error(`No number for syscall '${name}' on ${arch}.`);
}
