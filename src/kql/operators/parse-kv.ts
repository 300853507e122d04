/**
 * `parse-kv expr as (key:type, …) with (…)`: extends the table with the values of the
 * listed keys found in a string of key/value pairs (docs parse-kv-operator). Three modes:
 *
 * - delimiters given (`pair_delimiter`, `kv_delimiter`): pairs split on the pair delimiter,
 *   key from value on the first key/value delimiter; with `greedy=true` an unquoted value
 *   runs up to the next pair delimiter that starts another `key=` (or the end), so
 *   `name=John Doe phone=555` gives `John Doe`;
 * - no delimiters: any character that is not a letter or digit separates; a listed key is
 *   followed by its value, the next run of letters and digits;
 * - `regex`: each match of a pattern with two groups, the key and the value.
 *
 * `quote` (one character, or an opening and a closing one; may repeat) wraps a key or value
 * that contains delimiters, and `escape` characters inside quotes take the next character
 * literally. Only the listed keys are extracted, each from its first appearance; keys and
 * values are trimmed; a missing key gives `""` for a string and null for other types, and a
 * value that does not convert gives null.
 */

import { columnFromValues, type Column } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { KqlType, Scalar } from '../../table/types.js';
import { parseKqlType } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import { compileExpr, emptyRow, type Expr } from '../expr.js';
import { compileKqlRegex, groupText, matchAll } from '../functions/regex.js';
import { isTermChar } from '../functions/terms.js';
import type { Op } from '../plan.js';
import { child, listOf, must, nameText, text, type Node } from '../syntax.js';
import { toKqlString } from '../values.js';
import { convertTo } from './datatable.js';
import type { OpEnv } from './types.js';

interface Key {
  name: string;
  type: KqlType;
}

interface Options {
  pair: string | null;
  kv: string | null;
  /** Opening → closing quote characters. */
  quotes: Map<string, string>;
  escapes: Set<string>;
  greedy: boolean;
  regex: string | null;
}

function readKeys(n: Node): Key[] {
  return listOf(must(n, 'Keys'), 'Columns').map((c) => {
    const typeNode = must(c, 'Type');
    const type = parseKqlType(text(child(typeNode, 'Type') ?? typeNode));
    if (type === undefined) {
      throw new KqlError('KQL0109', `Unknown type in ${text(c)}.`, c.TextStart, c.Width);
    }
    return { name: nameText(must(c, 'Name')), type };
  });
}

function readOptions(n: Node, env: OpEnv): (q: QueryContext) => Options {
  const clause = child(n, 'WithClause');
  const props = clause
    ? listOf(clause, 'Properties').map((p) => ({
        name: nameText(must(p, 'Name')).toLowerCase(),
        value: compileExpr(must(p, 'Expression'), env),
      }))
    : [];
  const valueOf = (e: Expr, q: QueryContext): Scalar => e.eval(emptyRow, q).get(0);
  return (q) => {
    const o: Options = {
      pair: null,
      kv: null,
      quotes: new Map(),
      escapes: new Set(),
      greedy: false,
      regex: null,
    };
    for (const p of props) {
      const v = valueOf(p.value, q);
      const s = toKqlString(v);
      if (p.name === 'pair_delimiter') o.pair = s;
      else if (p.name === 'kv_delimiter') o.kv = s;
      else if (p.name === 'quote') o.quotes.set(s[0] ?? '"', s[1] ?? s[0] ?? '"');
      else if (p.name === 'escape') o.escapes.add(s[0] ?? '\\');
      else if (p.name === 'greedy') o.greedy = v === true;
      else if (p.name === 'regex') o.regex = s;
    }
    return o;
  };
}

/** Reads a quoted run starting at `i` (on the opening quote); returns its text and end. */
function readQuoted(s: string, i: number, close: string, o: Options): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < s.length && s[j] !== close) {
    if (o.escapes.has(s[j]!) && j + 1 < s.length) j++;
    out += s[j]!;
    j++;
  }
  return [out, Math.min(j + 1, s.length)];
}

/** Pairs by the given delimiters, in order of appearance. */
function delimitedPairs(s: string, o: Options): [string, string][] {
  const pair = o.pair!;
  const kv = o.kv!;
  const out: [string, string][] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && s[i] === ' ' && pair !== ' ') i++;
    // The key: quoted, or up to the key/value delimiter (a pair delimiter first means none).
    let key: string;
    const close = o.quotes.get(s[i]!);
    if (close !== undefined) [key, i] = readQuoted(s, i, close, o);
    const kvAt = s.indexOf(kv, i);
    const pairAt = s.indexOf(pair, i);
    if (close === undefined) {
      if (kvAt < 0) break;
      if (pairAt >= 0 && pairAt < kvAt) {
        i = pairAt + pair.length;
        continue;
      }
      key = s.slice(i, kvAt);
    }
    if (kvAt < 0) break;
    i = kvAt + kv.length;
    while (i < s.length && s[i] === ' ' && pair !== ' ') i++;
    let value: string;
    const vClose = o.quotes.get(s[i]!);
    if (vClose !== undefined) {
      [value, i] = readQuoted(s, i, vClose, o);
      const next = s.indexOf(pair, i);
      i = next < 0 ? s.length : next + pair.length;
    } else {
      const end = o.greedy ? greedyEnd(s, i, o) : s.indexOf(pair, i);
      value = s.slice(i, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end + pair.length;
    }
    out.push([key!.trim(), value.trim()]);
  }
  return out;
}

/** Where a greedy value ends: at the first pair delimiter followed by `key` + kv delimiter. */
function greedyEnd(s: string, from: number, o: Options): number {
  const pair = o.pair!;
  const kv = o.kv!;
  for (let at = s.indexOf(pair, from); at >= 0; at = s.indexOf(pair, at + pair.length)) {
    const start = at + pair.length;
    const kvAt = s.indexOf(kv, start);
    const nextPair = s.indexOf(pair, start);
    if (kvAt > start && (nextPair < 0 || kvAt < nextPair)) return at;
  }
  return -1;
}

/** Without delimiters: runs of letters and digits (or quoted runs); a key's value follows it. */
function undelimitedPairs(s: string, o: Options, wanted: Set<string>): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  const token = (): string | null => {
    while (i < s.length && !isTermChar(s[i]) && !o.quotes.has(s[i]!)) i++;
    if (i >= s.length) return null;
    const close = o.quotes.get(s[i]!);
    if (close !== undefined) {
      let t: string;
      [t, i] = readQuoted(s, i, close, o);
      return t;
    }
    const start = i;
    while (i < s.length && isTermChar(s[i])) i++;
    return s.slice(start, i);
  };
  for (let t = token(); t !== null; t = token()) {
    if (!wanted.has(t)) continue;
    const v = token();
    if (v === null) break;
    out.push([t, v.trim()]);
  }
  return out;
}

function regexPairs(s: string, pattern: string): [string, string][] {
  const re = compileKqlRegex(pattern);
  if (re === null)
    throw new KqlError('KQL0204', `parse-kv: the regex ${pattern} does not compile.`);
  const out: [string, string][] = [];
  for (const m of matchAll(re, s)) {
    out.push([(groupText(s, m, 1) ?? '').trim(), (groupText(s, m, 2) ?? '').trim()]);
  }
  return out;
}

export function compileParseKv(n: Node, env: OpEnv): Op {
  const keys = readKeys(n);
  const source = compileExpr(must(n, 'Expression'), env);
  const options = readOptions(n, env);
  const outSpecs = env.output;
  return {
    name: 'parse-kv',
    run(input: Table, q: QueryContext): Table {
      const o = options(q);
      const wanted = new Set(keys.map((k) => k.name));
      const col = source.eval(input, q);
      const perKey: Scalar[][] = keys.map(() => new Array<Scalar>(input.length));
      const cache = new Map<string, Map<string, string>>();
      for (let r = 0; r < input.length; r++) {
        const v = col.get(r);
        const s = typeof v === 'string' ? v : toKqlString(v, source.type);
        let found = cache.get(s);
        if (found === undefined) {
          const pairs =
            o.regex !== null
              ? regexPairs(s, o.regex)
              : o.pair !== null && o.kv !== null
                ? delimitedPairs(s, o)
                : undelimitedPairs(s, o, wanted);
          found = new Map();
          for (const [k, val] of pairs) if (wanted.has(k) && !found.has(k)) found.set(k, val);
          if (cache.size < 100_000) cache.set(s, found);
        }
        keys.forEach((k, j) => {
          const raw = found.get(k.name);
          perKey[j]![r] =
            raw === undefined
              ? k.type === 'string'
                ? ''
                : null
              : convertTo(k.type, raw, 'string');
        });
      }
      const made = new Map<string, Column>();
      keys.forEach((k, j) => made.set(k.name, columnFromValues(k.type, perKey[j]!)));
      const specs = outSpecs ?? [
        ...input.specs.filter((s) => !made.has(s.name)),
        ...keys.map((k) => ({ name: k.name, type: k.type })),
      ];
      return input.select(
        specs.map((s) => {
          const c = made.get(s.name);
          if (c !== undefined) return { name: s.name, from: c };
          const i = input.indexOf(s.name);
          if (i < 0) throw new KqlError('KQL0301', `The column '${s.name}' is not in the input.`);
          return { name: s.name, from: i };
        }),
      );
    },
  };
}
