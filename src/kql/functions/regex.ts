/**
 * Regular expressions as KQL has them: RE2 syntax, matched in time linear in the input.
 *
 * Kusto runs user patterns on RE2, so a detection's `(a+)+$` cannot stall a cluster, and its
 * syntax is RE2's: inline flags anywhere (`a(?i)b`), `(?P<name>…)`, `\Q…\E`, `[[:alpha:]]`,
 * `\pL`, ASCII-only `\w`, `\d`, `\s` and `\b`, and no backreferences or lookaround (a pattern
 * using them does not compile). JavaScript's RegExp backtracks and spells several of these
 * differently, so webc2 matches with `re2js`, a pure-JavaScript port of RE2 (measured on
 * realistic command lines: a boolean test costs 1–9× V8's, a capture-extracting match
 * 10–100×, hence `exec` tries the cheap DFA test before asking for groups).
 *
 * Until that package is installed the engine falls back to a translation onto V8's RegExp,
 * which has the old backtracking risk; `linearRegexEngine` says which one is running.
 *
 * A pattern that does not compile gives null; callers treat it as no match, as Kusto turns a
 * bad pattern into an error only at compile time and webc2 must not crash on one row.
 */

import { createRequire } from 'node:module';

/** A compiled pattern. Offsets count UTF-16 code units, like every other string position. */
export interface KqlRegex {
  readonly source: string;
  /** Capture groups, not counting group 0. */
  readonly groupCount: number;
  /** Named groups and their numbers. */
  readonly names: ReadonlyMap<string, number>;
  test(s: string): boolean;
  /**
   * The first match starting at or after `from` (the text before `from` still counts for `^`
   * and `\b`): `[start0, end0, start1, end1, …]`, -1 for a group that did not take part.
   */
  exec(s: string, from?: number): number[] | null;
}

interface Re2Matcher {
  find(start?: number): boolean;
  start(group?: number): number;
  end(group?: number): number;
}

interface Re2Pattern {
  test(s: string): boolean;
  matcher(s: string): Re2Matcher;
  groupCount(): number;
  namedGroups(): Record<string, number>;
}

interface Re2Module {
  RE2JS: { compile(pattern: string, flags?: number): Re2Pattern };
}

function loadRe2(): Re2Module | null {
  try {
    return createRequire(import.meta.url)('re2js') as Re2Module;
  } catch {
    return null;
  }
}

const re2 = loadRe2();

/** True when patterns run on the linear-time RE2 port rather than V8's backtracking RegExp. */
export const linearRegexEngine = re2 !== null;

function re2Regex(mod: Re2Module, pattern: string): KqlRegex {
  const p = mod.RE2JS.compile(pattern);
  const groupCount = p.groupCount();
  return {
    source: pattern,
    groupCount,
    names: new Map(Object.entries(p.namedGroups())),
    test: (s) => p.test(s),
    exec: (s, from = 0) => {
      if (from > s.length) return null;
      // The DFA-only test is several times cheaper than a capturing search, and most rows a
      // detection scans do not match.
      if (from === 0 && !p.test(s)) return null;
      const m = p.matcher(s);
      if (!m.find(from)) return null;
      const out = new Array<number>(2 * groupCount + 2);
      for (let g = 0; g <= groupCount; g++) {
        out[2 * g] = m.start(g);
        out[2 * g + 1] = m.end(g);
      }
      return out;
    },
  };
}

/** RE2 forms V8 spells differently, for the fallback engine only. */
function toJsRegExp(pattern: string, global: boolean): RegExp {
  let flags = 'u' + (global ? 'g' : '');
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    for (const f of lead[1]!) if ('ism'.includes(f) && !flags.includes(f)) flags += f;
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(body, flags);
  } catch {
    return new RegExp(body, flags.replace('u', ''));
  }
}

/** Numbers of the named groups in a JavaScript pattern: capturing `(` counted left to right. */
function groupNumbers(source: string): Map<string, number> {
  const names = new Map<string, number>();
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      const named = /^\?<([A-Za-z_]\w*)>/.exec(source.slice(i + 1));
      if (named) names.set(named[1]!, ++n);
      else if (source[i + 1] !== '?') n++;
    }
  }
  return names;
}

function v8Regex(pattern: string): KqlRegex {
  const re = toJsRegExp(pattern, false);
  const sticky = new RegExp(re.source, re.flags + 'gd');
  const probe = new RegExp(`${re.source}|`, re.flags.replace('g', ''));
  const groupCount = (probe.exec('')?.length ?? 1) - 1;
  return {
    source: pattern,
    groupCount,
    names: groupNumbers(re.source),
    test: (s) => re.test(s),
    exec: (s, from = 0) => {
      sticky.lastIndex = from;
      const m = sticky.exec(s);
      if (m === null || m.indices === undefined) return null;
      const out: number[] = [];
      for (let g = 0; g <= groupCount; g++) {
        const span = m.indices[g];
        out.push(span ? span[0] : -1, span ? span[1] : -1);
      }
      return out;
    },
  };
}

const cache = new Map<string, KqlRegex | null>();

/** Compiles (and caches) a KQL pattern; null when it is not a valid RE2 pattern. */
export function compileKqlRegex(pattern: string): KqlRegex | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let out: KqlRegex | null;
  try {
    out = re2 !== null ? re2Regex(re2, pattern) : v8Regex(pattern);
  } catch {
    out = null;
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, out);
  return out;
}

/**
 * Successive non-overlapping matches, as RE2's global functions find them: after an empty
 * match the search moves on one character, and an empty match right where the previous match
 * ended is skipped (so `replace_regex("abc", "x*", "-")` gives `-a-b-c-`).
 */
export function* matchAll(re: KqlRegex, s: string, start = 0): Generator<number[]> {
  let from = start;
  let prevEnd = -1;
  while (from <= s.length) {
    const m = re.exec(s, from);
    if (m === null) return;
    const start = m[0]!;
    const end = m[1]!;
    if (start === end && start === prevEnd) {
      from = start + charWidth(s, start);
      continue;
    }
    yield m;
    prevEnd = end;
    from = end > start ? end : end + charWidth(s, end);
  }
}

/** 2 at a surrogate pair (RE2 steps over code points), else 1. */
function charWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** Group `g` of a match as text; null when the group did not take part. */
export function groupText(s: string, m: readonly number[], g: number): string | null {
  const a = m[2 * g];
  const b = m[2 * g + 1];
  return a === undefined || b === undefined || a < 0 ? null : s.slice(a, b);
}
