/**
 * Defender's `RemoteIPType` / `LocalIPType` for an address, derived as Defender documents the
 * values (Public, Private, Reserved, Loopback, Teredo, FourToSixMapping, Broadcast). Sysmon
 * has no such field; the seed rule compares `RemoteIPType == "Public"`, so the case and the
 * spelling matter.
 */

export type IpType =
  | 'Public'
  | 'Private'
  | 'Reserved'
  | 'Loopback'
  | 'Teredo'
  | 'FourToSixMapping'
  | 'Broadcast'
  | 'LinkLocal'
  | 'Multicast'
  | '';

export function parseIpv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function v4Type(p: number[]): IpType {
  const [a = 0, b = 0, c = 0, d = 0] = p;
  if (a === 255 && b === 255 && c === 255 && d === 255) return 'Broadcast';
  if (a === 127) return 'Loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'Private';
  if (a === 169 && b === 254) return 'LinkLocal';
  if (a >= 224 && a <= 239) return 'Multicast';
  if (
    a === 0 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 192 && b === 0 && c === 0) ||
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 240
  ) {
    return 'Reserved';
  }
  return 'Public';
}

/** Strips `::ffff:` from IPv4-mapped IPv6 text. */
export function unmapIpv4(ip: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip.trim());
  return m ? m[1]! : ip.trim();
}

/**
 * An IPv6 address in its compressed canonical form (RFC 5952): Sysmon may write
 * `0:0:0:0:0:0:0:1` where others write `::1`. Null when the text is not IPv6.
 */
export function canonicalIpv6(text: string): string | null {
  let s = text.trim().toLowerCase().replace(/%.*$/, '');
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const p = parseIpv4(v4[2]!);
    if (!p) return null;
    s = `${v4[1]}${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...new Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const words = groups.map((g) => parseInt(g, 16).toString(16));
  // The longest run of two or more zero words becomes '::'.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

export function ipType(ip: string): IpType {
  const s = ip.trim();
  if (s === '' || s === '-') return '';
  const v4 = parseIpv4(s);
  if (v4) return v4Type(v4);
  const lower = canonicalIpv6(s);
  if (lower === null) return '';
  if (lower === '::1') return 'Loopback';
  if (lower.startsWith('::ffff:')) return 'FourToSixMapping';
  if (lower.startsWith('2001:0:') || lower.startsWith('2001:0000:')) return 'Teredo';
  if (lower.startsWith('2002:')) return 'FourToSixMapping';
  if (/^fe[89ab]/.test(lower)) return 'LinkLocal';
  if (/^f[cd]/.test(lower)) return 'Private';
  if (lower.startsWith('ff')) return 'Multicast';
  if (lower === '::') return 'Reserved';
  return 'Public';
}
