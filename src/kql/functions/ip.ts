/**
 * IP address functions. An IPv4 text may carry a prefix (`192.168.1.1/24`); comparisons
 * mask both sides with the smallest prefix in play, as the ipv4-compare and ipv4-is-match
 * docs show (`192.168.1.1/24` matches `192.168.1.255`). A text that is not an address gives
 * null. For IPv6, an IPv4 address (or `::a.b.c.d`) stands for the mapped address
 * `::ffff:a.b.c.d` and its suffix counts IPv4 bits (parse-ipv6-mask docs: `/24` → 120 bits).
 */

import type { JsonValue, Scalar } from '../../table/types.js';
import { int, num, text } from './args.js';
import { define, fn } from './registry.js';

export interface Ipv4 {
  addr: number;
  prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d|0\d{1,2})$/;

/** `a.b.c.d` with an optional `/n`; null when it is not one. */
export function parseIpv4(s: string): Ipv4 | null {
  const [ip, suffix, extra] = s.trim().split('/');
  if (ip === undefined || extra !== undefined) return null;
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  let prefix = 32;
  if (suffix !== undefined) {
    if (!/^\d{1,2}$/.test(suffix) || Number(suffix) > 32) return null;
    prefix = Number(suffix);
  }
  const addr = parts.reduce((a, p) => a * 256 + Number(p), 0);
  return { addr, prefix };
}

export function mask4(addr: number, prefix: number): number {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return addr;
  return addr - (addr % 2 ** (32 - prefix));
}

function ipv4Arg(v: Scalar | undefined): Ipv4 | null {
  if (typeof v === 'number')
    return v >= 0 && v < 2 ** 32 ? { addr: Math.trunc(v), prefix: 32 } : null;
  return typeof v === 'string' ? parseIpv4(v) : null;
}

function formatIpv4(addr: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(addr / 2 ** s) % 256).join('.');
}

/** Compares two addresses under the smallest of their prefixes and `prefix`; null if invalid. */
export function compareIpv4(a: string, b: string, prefix = 32): number | null {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if (x === null || y === null || prefix < 0 || prefix > 32) return null;
  const p = Math.min(x.prefix, y.prefix, prefix);
  const d = mask4(x.addr, p) - mask4(y.addr, p);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

const PRIVATE: readonly [number, number][] = [
  [parseIpv4('10.0.0.0')!.addr, 8],
  [parseIpv4('172.16.0.0')!.addr, 12],
  [parseIpv4('192.168.0.0')!.addr, 16],
];

/** RFC 1918 ranges; loopback (127/8) is not private (ipv4-is-private docs). */
export function isPrivateIpv4(s: string): boolean | null {
  const ip = parseIpv4(s);
  if (ip === null) return null;
  return PRIVATE.some(([net, p]) => ip.prefix >= p && mask4(ip.addr, p) === net);
}

function inRange4(ip: Ipv4, range: Ipv4): boolean {
  const p = Math.min(ip.prefix, range.prefix);
  return mask4(ip.addr, p) === mask4(range.addr, p);
}

/**
 * `has_ipv4(source, ip)`: the address occurs with no letter, digit or dot against either
 * side (has-ipv4 docs: `05:04:54127.0.0.1` does not contain `127.0.0.1`), and it must be a
 * valid address (`127.0.0.256` is never found).
 */
export function hasIpv4(source: string, ip: string): boolean {
  if (parseIpv4(ip) === null || ip.includes('/')) return false;
  const edge = (c: string | undefined): boolean => c === undefined || !/[A-Za-z0-9.]/.test(c);
  for (let at = source.indexOf(ip); at >= 0; at = source.indexOf(ip, at + 1)) {
    if (edge(source[at - 1]) && edge(source[at + ip.length])) return true;
  }
  return false;
}

export interface Ipv6 {
  addr: bigint;
  prefix: number;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;

/** An IPv6 (or IPv4, mapped) address with an optional `/n`; null when it is not one. */
export function parseIpv6(s: string): Ipv6 | null {
  const [ip, suffix, extra] = s.trim().split('/');
  if (ip === undefined || extra !== undefined) return null;
  if (suffix !== undefined && !/^\d{1,3}$/.test(suffix)) return null;
  const v4 = parseIpv4(ip);
  if (v4 !== null) {
    const p = suffix === undefined ? 32 : Number(suffix);
    return p > 32 ? null : { addr: (0xffffn << 32n) | BigInt(v4.addr), prefix: 96 + p };
  }
  // A dotted IPv4 tail stands for the last two 16-bit words.
  let words = ip;
  let dotted = false;
  const lastColon = ip.lastIndexOf(':');
  if (ip.includes('.', lastColon)) {
    const t = parseIpv4(ip.slice(lastColon + 1));
    if (t === null) return null;
    const hi = Math.floor(t.addr / 65536).toString(16);
    words = `${ip.slice(0, lastColon + 1)}${hi}:${(t.addr % 65536).toString(16)}`;
    dotted = true;
  }
  const halves = words.split('::');
  if (halves.length > 2) return null;
  const split = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const left = split(halves[0]!);
  const right = halves.length === 2 ? split(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...new Array<string>(Math.max(0, missing)).fill('0'), ...right];
  if (!all.every((w) => HEXTET.test(w))) return null;
  let addr = all.reduce((a, w) => (a << 16n) | BigInt(parseInt(w, 16)), 0n);
  let maxPrefix = 128;
  let base = 0;
  // `::a.b.c.d` is read as the IPv4-mapped address, and its suffix counts IPv4 bits.
  if (dotted && addr >> 32n === 0n) {
    addr |= 0xffffn << 32n;
    base = 96;
    maxPrefix = 32;
  }
  const p = suffix === undefined ? maxPrefix : Number(suffix);
  if (p > maxPrefix) return null;
  return { addr, prefix: base + p };
}

function mask6(addr: bigint, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  if (prefix >= 128) return addr;
  const keep = ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix);
  return addr & keep;
}

export function compareIpv6(a: string, b: string, prefix = 128): number | null {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  return x === null || y === null ? null : compare6(x, y, prefix);
}

function compare6(x: Ipv6, y: Ipv6, prefix: number): number | null {
  if (prefix < 0 || prefix > 128) return null;
  const p = Math.min(x.prefix, y.prefix, prefix);
  const m = mask6(x.addr, p);
  const n = mask6(y.addr, p);
  return m < n ? -1 : m > n ? 1 : 0;
}

function formatIpv6(addr: bigint): string {
  const out: string[] = [];
  for (let i = 7; i >= 0; i--)
    out.push(((addr >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, '0'));
  return out.join(':');
}

function anyRange<T>(
  ranges: readonly Scalar[],
  parse: (s: string) => T | null,
  test: (r: T) => boolean,
): boolean | null {
  const list: JsonValue[] = ranges.flatMap((r) => (Array.isArray(r) ? r : [r as JsonValue]));
  for (const r of list) {
    const range = typeof r === 'string' ? parse(r) : null;
    if (range === null) return null;
    if (test(range)) return true;
  }
  return false;
}

const optPrefix = (v: Scalar | undefined, dflt: number): number | null =>
  v === undefined ? dflt : int(v);

define(
  fn('parse_ipv4', ([s]) => {
    const ip = ipv4Arg(s);
    return ip === null ? null : mask4(ip.addr, ip.prefix);
  }),
  fn('parse_ipv4_mask', ([s, p]) => {
    const ip = ipv4Arg(s);
    const prefix = int(p);
    if (ip === null || prefix === null || prefix < 0 || prefix > 32) return null;
    return mask4(ip.addr, Math.min(ip.prefix, prefix));
  }),
  fn('ipv4_is_private', ([s]) => isPrivateIpv4(text(s))),
  fn('ipv4_netmask_suffix', ([s]) => parseIpv4(text(s))?.prefix ?? null),
  fn('ipv4_compare', ([a, b, p]) => {
    const prefix = optPrefix(p, 32);
    return prefix === null ? null : compareIpv4(text(a), text(b), prefix);
  }),
  fn('ipv4_is_match', ([a, b, p]) => {
    const prefix = optPrefix(p, 32);
    const c = prefix === null ? null : compareIpv4(text(a), text(b), prefix);
    return c === null ? null : c === 0;
  }),
  fn('ipv4_is_in_range', ([a, r]) => {
    const ip = parseIpv4(text(a));
    const range = parseIpv4(text(r));
    return ip === null || range === null ? null : inRange4(ip, range);
  }),
  fn('ipv4_is_in_any_range', ([a, ...ranges]) => {
    const ip = parseIpv4(text(a));
    return ip === null ? null : anyRange(ranges, parseIpv4, (r) => inRange4(ip, r));
  }),
  fn('format_ipv4', ([s, p]) => {
    const ip = ipv4Arg(s);
    const prefix = optPrefix(p, 32);
    if (ip === null || prefix === null || prefix < 0 || prefix > 32) return '';
    return formatIpv4(mask4(ip.addr, Math.min(ip.prefix, prefix)));
  }),
  fn('format_ipv4_mask', ([s, p]) => {
    const ip = ipv4Arg(s);
    const prefix = optPrefix(p, 32);
    if (ip === null || prefix === null || prefix < 0 || prefix > 32) return '';
    const bits = Math.min(ip.prefix, prefix);
    return `${formatIpv4(mask4(ip.addr, bits))}/${bits}`;
  }),
  fn('has_ipv4', ([s, ip]) => hasIpv4(text(s), text(ip))),
  fn('parse_ipv6', ([s]) => {
    const ip = parseIpv6(text(s));
    return ip === null ? '' : formatIpv6(mask6(ip.addr, ip.prefix));
  }),
  fn('parse_ipv6_mask', ([s, p]) => {
    const ip = parseIpv6(text(s));
    const prefix = num(p);
    if (ip === null || prefix === null || prefix < 0 || prefix > 128) return '';
    return formatIpv6(mask6(ip.addr, Math.min(ip.prefix, prefix)));
  }),
  fn('ipv6_compare', ([a, b, p]) => {
    const prefix = optPrefix(p, 128);
    return prefix === null ? null : compareIpv6(text(a), text(b), prefix);
  }),
  fn('ipv6_is_match', ([a, b, p]) => {
    const prefix = optPrefix(p, 128);
    const c = prefix === null ? null : compareIpv6(text(a), text(b), prefix);
    return c === null ? null : c === 0;
  }),
  fn('ipv6_is_in_range', ([a, r]) => {
    const c = compareIpv6(text(a), text(r));
    return c === null ? null : c === 0;
  }),
  fn('ipv6_is_in_any_range', ([a, ...ranges]) => {
    const ip = parseIpv6(text(a));
    return ip === null ? null : anyRange(ranges, parseIpv6, (r) => compare6(ip, r, 128) === 0);
  }),
);
