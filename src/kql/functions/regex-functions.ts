/**
 * Functions that take a regular expression: `extract`, `extract_all`, `replace_regex` (and
 * the legacy `replace`), `trim`, `trim_start`, `trim_end`, `indexof_regex`, `regex_quote`.
 * Patterns are RE2 (see regex.ts). A pattern that does not compile, or a group that did not
 * take part in the match, gives the function's empty value: `""` for strings, null otherwise.
 */

import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { array, int, text } from './args.js';
import { convertText } from './conversion.js';
import { compileKqlRegex, groupText, matchAll, type KqlRegex } from './regex.js';
import { define, fn } from './registry.js';

function emptyOf(type: KqlType): Scalar {
  return type === 'string' ? '' : null;
}

/** `extract(regex, group, source[, typeof(T)])`; a failed conversion is null (extract docs). */
export function extract(pattern: string, group: number | null, s: string, type: KqlType): Scalar {
  const re = compileKqlRegex(pattern);
  if (re === null || group === null || group < 0 || group > re.groupCount) return emptyOf(type);
  const m = re.exec(s);
  const g = m === null ? null : groupText(s, m, group);
  return g === null ? emptyOf(type) : convertText(g, type);
}

/** Group numbers picked by `extract_all`'s list of numbers and names; null if one is unknown. */
function pickGroups(re: KqlRegex, picks: readonly JsonValue[] | null): number[] | null {
  if (picks === null) {
    const all = Array.from({ length: re.groupCount }, (_, i) => i + 1);
    return all.length > 0 ? all : [0];
  }
  const out: number[] = [];
  for (const p of picks) {
    const g = typeof p === 'number' ? p : typeof p === 'string' ? re.names.get(p) : undefined;
    if (g === undefined || !Number.isInteger(g) || g < 0 || g > re.groupCount) return null;
    out.push(g);
  }
  return out;
}

/**
 * `extract_all(regex, [groups,] source)`: one item per match; an item is the group's text
 * when one group is asked for and an array of texts when several are (extract-all docs).
 * No match gives null, not an empty array.
 */
export function extractAll(
  pattern: string,
  picks: readonly JsonValue[] | null,
  s: string,
): JsonValue {
  const re = compileKqlRegex(pattern);
  if (re === null) return null;
  const groups = pickGroups(re, picks);
  if (groups === null || groups.length === 0) return null;
  const out: JsonValue[] = [];
  for (const m of matchAll(re, s)) {
    const texts = groups.map((g) => groupText(s, m, g) ?? '');
    out.push(groups.length === 1 ? texts[0]! : texts);
  }
  return out.length > 0 ? out : null;
}

/** Expands RE2's rewrite string: `\0` is the match, `\1`…`\9` the groups, `\\` a backslash. */
function rewriteWith(rewrite: string, s: string, m: readonly number[]): string {
  if (!rewrite.includes('\\')) return rewrite;
  let out = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i]!;
    const next = rewrite[i + 1];
    if (c === '\\' && next !== undefined && next >= '0' && next <= '9') {
      out += groupText(s, m, Number(next)) ?? '';
      i++;
    } else if (c === '\\' && next === '\\') {
      out += '\\';
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

export function replaceRegex(s: string, pattern: string, rewrite: string): string {
  const re = compileKqlRegex(pattern);
  if (re === null) return s;
  let out = '';
  let last = 0;
  for (const m of matchAll(re, s)) {
    out += s.slice(last, m[0]) + rewriteWith(rewrite, s, m);
    last = m[1]!;
  }
  return out + s.slice(last);
}

/** The leading match of `pattern` removed (one match, as trim_start's docs describe). */
export function trimStart(pattern: string, s: string): string {
  const re = compileKqlRegex(`^(?:${pattern})`);
  const m = re?.exec(s) ?? null;
  return m === null ? s : s.slice(m[1]);
}

/** The trailing match of `pattern` removed: the leftmost match that ends at the end. */
export function trimEnd(pattern: string, s: string): string {
  const re = compileKqlRegex(`(?:${pattern})$`);
  const m = re?.exec(s) ?? null;
  return m === null ? s : s.slice(0, m[0]);
}

/** `indexof_regex(source, regex, start, length, occurrence)`: a negative start is null. */
export function indexOfRegex(
  s: string,
  pattern: string,
  start: number | null,
  length: number | null,
  occurrence: number | null,
): number | null {
  if (start === null || length === null || occurrence === null || start < 0 || occurrence < 1) {
    return null;
  }
  const re = compileKqlRegex(pattern);
  if (re === null) return null;
  const end = length < 0 ? s.length : Math.min(s.length, start + length);
  let seen = 0;
  for (const m of matchAll(re, s.slice(0, end), start)) {
    if (++seen === occurrence) return m[0]!;
  }
  return -1;
}

define(
  fn('extract', ([re, group, s], site) =>
    extract(text(re), int(group), text(s, site.argTypes[2]), site.resultType),
  ),
  fn('extract_all', (args, site) => {
    const withGroups = args.length >= 3;
    const s = args[withGroups ? 2 : 1];
    return extractAll(
      text(args[0]),
      withGroups ? (array(args[1]) ?? []) : null,
      text(s, site.argTypes[withGroups ? 2 : 1]),
    );
  }),
  fn('replace_regex', ([s, re, rewrite], site) =>
    replaceRegex(text(s, site.argTypes[0]), text(re), text(rewrite)),
  ),
  // The legacy form takes its arguments in another order: (regex, rewrite, source).
  fn('replace', ([re, rewrite, s], site) =>
    replaceRegex(text(s, site.argTypes[2]), text(re), text(rewrite)),
  ),
  fn('trim', ([re, s], site) => trimEnd(text(re), trimStart(text(re), text(s, site.argTypes[1])))),
  fn('trim_start', ([re, s], site) => trimStart(text(re), text(s, site.argTypes[1]))),
  fn('trim_end', ([re, s], site) => trimEnd(text(re), text(s, site.argTypes[1]))),
  fn('indexof_regex', ([s, re, start, len, occ], site) =>
    indexOfRegex(
      text(s, site.argTypes[0]),
      text(re),
      start === undefined ? 0 : int(start),
      len === undefined ? -1 : int(len),
      occ === undefined ? 1 : int(occ),
    ),
  ),
  fn('regex_quote', ([s]) => text(s).replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')),
);
