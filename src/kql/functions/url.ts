/**
 * URL functions: `parse_url`, `parse_urlquery`, `url_encode`, `url_encode_component`,
 * `url_decode`. Encoding follows .NET's HttpUtility, which the docs' outputs match: letters,
 * digits and `-_.!*()` stay, other bytes of the UTF-8 text become lower-case `%xx`, and a
 * space is `+` (`url_encode`) or `%20` (`url_encode_component`). Decoding is lenient: a `%`
 * that does not start an escape stays as it is, and `+` reads as a space.
 */

import type { JsonValue } from '../../table/types.js';
import { text } from './args.js';
import { define, fn } from './registry.js';

const SAFE = /[A-Za-z0-9\-_.!*()]/;

export function urlEncode(s: string, space: string): string {
  let out = '';
  for (const ch of s) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === ' ') out += space;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

export function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') {
      bytes.push(0x20);
    } else if (c === '%' && /^[0-9a-f]{2}$/i.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '%' && /^u[0-9a-f]{4}$/i.test(s.slice(i + 1, i + 6))) {
      bytes.push(...Buffer.from(String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16)), 'utf8'));
      i += 5;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Percent escapes decoded; `+` is left alone, since it is data in a query value. */
function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `k1=v1&k2=v2` as a bag; a key without `=` has the value `""`, a repeated key the last. */
export function queryParameters(q: string): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    out[decodeComponent(k)] = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
  }
  return out;
}

const URL_RE =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^/?#@]*)@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/**
 * `parse_url`: the parts of an absolute URL, every part a string (`Port` too), the query as a
 * bag. The docs print `Path` without its leading `/`; webc2 keeps the `/`, as a URL path has
 * it and as detections compare it (`Path startswith "/api"`). A text without `scheme://`
 * gives every part empty.
 */
export function parseUrl(s: string): JsonValue {
  const m = URL_RE.exec(s.trim());
  const user = m?.[2] ?? '';
  const colon = user.indexOf(':');
  return {
    Scheme: m?.[1] ?? '',
    Host: m?.[3] ?? '',
    Port: m?.[4] ?? '',
    Path: m?.[5] ?? '',
    Username: colon < 0 ? user : user.slice(0, colon),
    Password: colon < 0 ? '' : user.slice(colon + 1),
    'Query Parameters': queryParameters(m?.[6] ?? ''),
    Fragment: m?.[7] ?? '',
  };
}

define(
  fn('parse_url', ([s]) => parseUrl(text(s)), ['parseurl']),
  fn(
    'parse_urlquery',
    ([s]) => ({ 'Query Parameters': queryParameters(text(s).replace(/^\?/, '')) }),
    ['parseurlquery'],
  ),
  fn('url_encode', ([s]) => urlEncode(text(s), '+')),
  fn('url_encode_component', ([s]) => urlEncode(text(s), '%20')),
  fn('url_decode', ([s]) => urlDecode(text(s))),
);
