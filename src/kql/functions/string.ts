/**
 * String functions. Strings are never null: a function that has nothing to return returns
 * `""`, and a null argument reads as `""`. Positions are 0-based and count UTF-16 code units,
 * like Kusto's .NET strings. Arguments of other types are converted with `tostring` first
 * (the docs' own example: `indexof(1234567, 5, 1, 4)` is 4).
 */

import type { JsonValue, Scalar } from '../../table/types.js';
import { toKqlString } from '../values.js';
import { array, int, text } from './args.js';
import { compileKqlRegex, matchAll } from './regex.js';
import { define, fn } from './registry.js';
import { HAS, matchTerm, prepareNeedle } from './terms.js';

/** `substring`: a negative start counts from the end; a negative length gives `""`. */
export function substring(s: string, start: number | null, length: number | null): string {
  if (start === null) return '';
  let from = start < 0 ? Math.max(0, s.length + start) : start;
  if (from > s.length) from = s.length;
  if (length === null) return s.slice(from);
  return length <= 0 ? '' : s.slice(from, from + length);
}

/**
 * `indexof(source, lookup, start, length, occurrence)`. The window [start, start+length)
 * must hold the whole match, and each further occurrence is sought from one character past
 * the previous one with the same window length: that is what the docs' examples require
 * (`indexof("abcdefgabcdefg", "cde", 1, 10, 2)` is 9 although 9+3 > 1+10).
 */
export function indexOf(
  s: string,
  lookup: string,
  start: number | null,
  length: number | null,
  occurrence: number | null,
): number | null {
  if (start === null || length === null || occurrence === null || occurrence < 1) return null;
  let from = start < 0 ? Math.max(0, s.length + start) : start;
  if (from > s.length) return -1;
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    const end = length < 0 ? s.length : Math.min(s.length, from + length);
    at = s.indexOf(lookup, from);
    if (at < 0 || at + lookup.length > end) return -1;
    from = at + 1;
  }
  return at;
}

/** `countof`: plain matches may overlap, regex matches do not (countof-function docs). */
export function countOf(s: string, search: string, kind: string): number | null {
  if (kind === 'regex') {
    const re = compileKqlRegex(search);
    if (re === null) return null;
    let n = 0;
    for (const _m of matchAll(re, s)) n++;
    return n;
  }
  if (kind !== 'normal' || search === '') return kind === 'normal' ? 0 : null;
  let n = 0;
  for (let at = s.indexOf(search); at >= 0; at = s.indexOf(search, at + 1)) n++;
  return n;
}

/** `split(s, delimiter[, index])`: always an array; the index form holds one item or none. */
export function split(s: string, delimiter: string, index?: number | null): JsonValue {
  const parts = delimiter === '' ? [s] : s.split(delimiter);
  if (index === undefined) return parts;
  if (index === null || index < 0 || index >= parts.length) return [];
  return [parts[index]!];
}

define(
  fn('strlen', ([s], site) => text(s, site.argTypes[0]).length),
  fn('string_size', ([s], site) => Buffer.byteLength(text(s, site.argTypes[0]), 'utf8')),
  fn('tolower', ([s], site) => text(s, site.argTypes[0]).toLowerCase()),
  fn('toupper', ([s], site) => text(s, site.argTypes[0]).toUpperCase()),
  fn('strcat', (args, site) => args.map((a, i) => text(a, site.argTypes[i])).join('')),
  fn('strcat_delim', ([d, ...rest], site) =>
    rest.map((a, i) => text(a, site.argTypes[i + 1])).join(text(d)),
  ),
  fn('strcat_array', ([arr, d]) =>
    (array(arr) ?? []).map((v) => toKqlString(v as Scalar, 'dynamic')).join(text(d)),
  ),
  fn('substring', ([s, start, len], site) =>
    substring(text(s, site.argTypes[0]), int(start), len === undefined ? null : int(len)),
  ),
  fn('split', ([s, d, i], site) =>
    split(text(s, site.argTypes[0]), text(d), i === undefined ? undefined : int(i)),
  ),
  fn('replace_string', ([s, lookup, rewrite], site) => {
    const src = text(s, site.argTypes[0]);
    const l = text(lookup);
    return l === '' ? src : src.split(l).join(text(rewrite));
  }),
  fn('reverse', ([s], site) => [...text(s, site.argTypes[0])].reverse().join('')),
  fn('strrep', ([s, times, delim], site) => {
    const n = int(times);
    if (n === null || n <= 0) return '';
    return new Array<string>(Math.min(n, 1024)).fill(text(s, site.argTypes[0])).join(text(delim));
  }),
  fn('indexof', ([s, lookup, start, len, occ], site) =>
    indexOf(
      text(s, site.argTypes[0]),
      text(lookup, site.argTypes[1]),
      start === undefined ? 0 : int(start),
      len === undefined ? -1 : int(len),
      occ === undefined ? 1 : int(occ),
    ),
  ),
  fn('countof', ([s, search, kind], site) =>
    countOf(
      text(s, site.argTypes[0]),
      text(search),
      kind === undefined ? 'normal' : text(kind).toLowerCase(),
    ),
  ),
  fn('strcmp', ([a, b]) => {
    const x = text(a);
    const y = text(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  fn('has_any_index', ([s, lookups], site) => {
    const hay = text(s, site.argTypes[0]);
    const list = array(lookups) ?? [];
    return list.findIndex((v) => matchTerm(hay, prepareNeedle(toKqlString(v as Scalar), HAS)));
  }),
  fn('unicode_codepoints_from_string', ([s], site) =>
    [...text(s, site.argTypes[0])].map((c) => c.codePointAt(0)!),
  ),
  fn('unicode_codepoints_to_string', (args) => {
    const points: number[] = [];
    for (const a of args) {
      for (const v of Array.isArray(a) ? a : [a]) if (typeof v === 'number') points.push(v);
    }
    try {
      return String.fromCodePoint(...points);
    } catch {
      return '';
    }
  }),
);
