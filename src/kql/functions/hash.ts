/**
 * Hashes: `hash_md5`, `hash_sha1`, `hash_sha256` (hex of the UTF-8 bytes of the value's
 * `tostring` text; the docs' `hash_md5(datetime(2020-01-01))` is the MD5 of
 * `2020-01-01T00:00:00.0000000Z`), and `hash(value[, mod])`, Kusto's XXH64 with seed 0 read
 * as a signed 64-bit number (`hash("Hello")` = 753694413698530628 in hash-combine docs). A
 * long is a double here, so the low digits of a 64-bit hash are rounded; `hash(x, mod)` is
 * exact. Non-string values hash their `tostring` text, which Kusto may not do.
 */

import { createHash } from 'node:crypto';
import type { Scalar } from '../../table/types.js';
import { int, text } from './args.js';
import { define, fn } from './registry.js';

const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M;

function round(acc: bigint, lane: bigint): bigint {
  return mul(rotl((acc + mul(lane, P2)) & M, 31n), P1);
}

function merge(acc: bigint, v: bigint): bigint {
  return (mul(acc ^ round(0n, v), P1) + P4) & M;
}

/** XXH64 of `data` with seed 0, as an unsigned 64-bit bigint. */
export function xxh64(data: Uint8Array): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = data.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & M;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & M;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, view.getBigUint64(i, true));
      v2 = round(v2, view.getBigUint64(i + 8, true));
      v3 = round(v3, view.getBigUint64(i + 16, true));
      v4 = round(v4, view.getBigUint64(i + 24, true));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & M;
  for (; i + 8 <= n; i += 8) {
    h ^= round(0n, view.getBigUint64(i, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M;
  }
  if (i + 4 <= n) {
    h ^= mul(BigInt(view.getUint32(i, true)), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & M;
    i += 4;
  }
  for (; i < n; i++) {
    h ^= mul(BigInt(data[i]!), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

function digest(
  algorithm: string,
  v: Scalar | undefined,
  type: Parameters<typeof text>[1],
): string {
  return createHash(algorithm).update(text(v, type), 'utf8').digest('hex');
}

define(
  fn('hash_md5', ([v], site) => digest('md5', v, site.argTypes[0])),
  fn('hash_sha1', ([v], site) => digest('sha1', v, site.argTypes[0])),
  fn('hash_sha256', ([v], site) => digest('sha256', v, site.argTypes[0])),
  fn('hash', ([v, mod], site) => {
    if (v === null || v === undefined) return null;
    const h = BigInt.asIntN(64, xxh64(Buffer.from(text(v, site.argTypes[0]), 'utf8')));
    if (mod === undefined) return Number(h);
    const m = int(mod);
    if (m === null || m <= 0) return null;
    const r = h % BigInt(m);
    return Number(r < 0n ? r + BigInt(m) : r);
  }),
);
