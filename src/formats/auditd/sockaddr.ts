/**
 * The SOCKADDR record: the address a connect, bind, sendto… named, copied from user memory.
 * A raw log gives the `struct sockaddr` bytes as hex: the family in host byte order (two
 * bytes, little-endian on the machines audit logs come from), then for AF_INET the port
 * and the IPv4 address in network order, for AF_INET6 the port, flow info, 16 address bytes
 * and the scope id, for AF_UNIX a path (a leading NUL marks an abstract name).
 * `ausearch -i` prints `{ saddr_fam=inet laddr=185.199.108.133 lport=443 }` (older releases
 * wrote `fam=`), or a reason such as `sockaddr len too short`.
 */

import type { AuditSockaddr } from './model.js';

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;

/** RFC 5952 text for 16 address bytes; IPv4-mapped addresses keep their dotted tail. */
export function formatIpv6(b: Uint8Array): string {
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff)
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  // The longest run of two or more zero groups becomes `::` (the first such run on a tie).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Decodes raw `saddr` bytes; a string says why they cannot be read. */
export function decodeSockaddr(bytes: Buffer): AuditSockaddr | string {
  if (bytes.length < 2) return `${bytes.length} byte(s) is too short for an address family`;
  let family = bytes.readUInt16LE(0);
  // A big-endian machine (s390x) writes the family the other way round.
  if (family > 0xff && bytes[0] === 0) family = bytes.readUInt16BE(0);
  switch (family) {
    case AF_INET:
      if (bytes.length < 8) return `${bytes.length} bytes is too short for AF_INET (8)`;
      return {
        family: 'inet',
        port: bytes.readUInt16BE(2),
        address: `${bytes[4]}.${bytes[5]}.${bytes[6]}.${bytes[7]}`,
      };
    case AF_INET6:
      if (bytes.length < 24) return `${bytes.length} bytes is too short for AF_INET6 (24)`;
      return {
        family: 'inet6',
        port: bytes.readUInt16BE(2),
        address: formatIpv6(bytes.subarray(8, 24)),
      };
    case AF_UNIX: {
      const path = bytes.subarray(2);
      if (path.length > 0 && path[0] === 0) {
        // Abstract socket: the name is every byte after the NUL (ss prints it with `@`).
        return {
          family: 'unix',
          path: '@' + path.subarray(1).toString('utf8').replace(/\0+$/, ''),
        };
      }
      const end = path.indexOf(0);
      return {
        family: 'unix',
        path: path.subarray(0, end < 0 ? path.length : end).toString('utf8'),
      };
    }
    default:
      return { family: 'other', code: String(family) };
  }
}

const FAMILY_NAMES: Readonly<Record<string, 'inet' | 'inet6' | 'unix'>> = {
  inet: 'inet',
  inet6: 'inet6',
  local: 'unix',
  unix: 'unix',
};

/** Reads ausearch's `{ saddr_fam=… }` rendering. */
export function parseInterpretedSockaddr(text: string): AuditSockaddr | string {
  const inner = text
    .trim()
    .replace(/^\{\s*/, '')
    .replace(/\s*\}$/, '');
  const fam = /(?:^|\s)(?:saddr_)?fam=(\S+)/.exec(inner)?.[1];
  if (fam === undefined) return `no family in '${text.trim()}'`;
  const family = FAMILY_NAMES[fam];
  if (family === undefined) return { family: 'other', code: fam };
  if (family === 'unix') {
    const path = /(?:^|\s)path=(.*)$/.exec(inner)?.[1] ?? '';
    return { family, path: path.trim() };
  }
  const address = /(?:^|\s)laddr=(\S+)/.exec(inner)?.[1];
  const port = /(?:^|\s)lport=(\d+)/.exec(inner)?.[1];
  if (address === undefined || port === undefined)
    return `${fam} address without laddr/lport ('${inner}')`;
  return { family, address, port: Number(port) };
}
