/**
 * Base64: `base64_encode_tostring` / `base64_decode_tostring` work on the UTF-8 bytes of the
 * text; `base64_decode_toarray` / `base64_encode_fromarray` on byte arrays. Decoding that
 * fails, including bytes that are not valid UTF-8 (base64-decode-tostring docs: a string
 * cut inside a Cyrillic letter gives ""), returns "" (or null for the array form).
 */

import type { JsonValue } from '../../table/types.js';
import { array, text } from './args.js';
import { define, fn } from './registry.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of a base64 text, or null when it is not base64. Padding is required, as in
 * .NET's decoder: the docs decode the unpadded `U3RyaW5n0KHR0tGA0L7Rh9C60LA` to nothing
 * (base64-encode-fromarray-function-01).
 */
export function base64Bytes(s: string): Uint8Array | null {
  const t = s.replace(/\s+/g, '');
  if (!BASE64.test(t) || t.length % 4 !== 0) return null;
  return Buffer.from(t, 'base64');
}

export function base64DecodeToString(s: string): string {
  const bytes = base64Bytes(s);
  if (bytes === null) return '';
  try {
    return utf8.decode(bytes);
  } catch {
    return '';
  }
}

define(
  fn('base64_encode_tostring', ([s], site) =>
    Buffer.from(text(s, site.argTypes[0]), 'utf8').toString('base64'),
  ),
  fn('base64_decode_tostring', ([s]) => base64DecodeToString(text(s))),
  fn('base64_decode_toarray', ([s]): JsonValue => {
    const bytes = base64Bytes(text(s));
    return bytes === null ? null : [...bytes];
  }),
  fn('base64_encode_fromarray', ([a]) => {
    const list = array(a);
    if (list === null || !list.every((b) => typeof b === 'number' && b >= 0 && b < 256)) return '';
    return Buffer.from(list as number[]).toString('base64');
  }),
);
