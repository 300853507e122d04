/**
 * `parse [kind=simple|regex|relaxed [flags=…]] expr with * "text" name[:type] …`: extends
 * the table with columns cut out of a string by a pattern.
 *
 * The pattern becomes one regular expression with a capture group per column; in regex
 * kind the user's own groups are counted (scanRegex) so the columns' numbers skip them. What
 * each piece becomes follows the docs' parse-operator page and its examples:
 *
 * | piece        | simple, relaxed        | regex                          |
 * |--------------|------------------------|--------------------------------|
 * | `*`          | `.*?`                  | `.*?`                          |
 * | `"text"`     | the text, escaped      | the text as a regex            |
 * | string col   | `(.*?)`                | `(.*)` (greedy: the docs' own  |
 * |              |                        | example captures up to the     |
 * |              |                        | last `,` unless `flags=U`)     |
 * | long/int col | `(-?\d+)` in simple, `(.*?)` in relaxed | `(-?\d+)`         |
 * | real col     | a decimal number in simple, `(.*?)` in relaxed | the same   |
 * | other types  | `(.*?)`, then converted                                  |
 *
 * Simple and relaxed patterns must reach the end of the text (a trailing string column
 * takes the rest); a regex pattern matches anywhere. When the text does not match, every
 * new column is empty: `""` for strings, null otherwise. A capture that does not convert to
 * its type empties the whole row in simple and regex kinds, and only its own column in
 * relaxed kind (that is the difference the docs give between the two). `parse-where` is
 * the same operator keeping only the rows that parsed.
 */

import {
  BOOL_FALSE,
  BOOL_TRUE,
  BoolColumn,
  StringColumn,
  columnFromValues,
  type Column,
} from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { KqlType, Scalar } from '../../table/types.js';
import { parseKqlType } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import { trueRows } from '../eval.js';
import { compileExpr, emptyRow, type Expr } from '../expr.js';
import { compileKqlRegex, type KqlRegex } from '../functions/regex.js';
import type { Op } from '../plan.js';
import { child, kind, listOf, must, nameText, text, type Node } from '../syntax.js';
import { toKqlString } from '../values.js';
import { convertTo } from './datatable.js';
import type { OpEnv } from './types.js';

type ParseKind = 'simple' | 'regex' | 'relaxed';

type Piece =
  | { kind: 'skip' }
  | { kind: 'text'; value: Expr }
  | { kind: 'column'; name: string; type: KqlType };

interface Capture {
  name: string;
  type: KqlType;
  /** The capture group's number in the whole pattern. */
  group: number;
}

const NUMBER_PATTERN: Partial<Record<KqlType, string>> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?',
  decimal: '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?',
};

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function readParameters(n: Node): { parseKind: ParseKind; flags: string } {
  let parseKind: ParseKind = 'simple';
  let flags = '';
  for (const p of listOf(n, 'Parameters')) {
    const name = nameText(child(p, 'Name')).toLowerCase();
    const value = text(child(p, 'Expression'));
    if (name === 'kind') {
      const k = value.toLowerCase();
      if (k !== 'simple' && k !== 'regex' && k !== 'relaxed') {
        throw new KqlError('KQL0105', `Unknown parse kind '${value}'.`, p.TextStart, p.Width);
      }
      parseKind = k;
    } else if (name === 'flags') {
      flags = value.replace(/^['"]|['"]$/g, '');
    }
  }
  return { parseKind, flags };
}

function readPieces(n: Node, env: OpEnv): Piece[] {
  return listOf(n, 'Patterns').map((p): Piece => {
    const k = kind(p);
    if (k === 'StarExpression') return { kind: 'skip' };
    if (k === 'NameAndTypeDeclaration') {
      const typeNode = must(p, 'Type');
      const type = parseKqlType(text(child(typeNode, 'Type') ?? typeNode));
      if (type === undefined) {
        throw new KqlError('KQL0109', `Unknown type in ${text(p)}.`, p.TextStart, p.Width);
      }
      return { kind: 'column', name: nameText(must(p, 'Name')), type };
    }
    if (k === 'NameDeclaration') return { kind: 'column', name: nameText(p), type: 'string' };
    // A string literal, or a name bound by `let` to a constant string.
    return { kind: 'text', value: compileExpr(p, env) };
  });
}

function groupPattern(type: KqlType, parseKind: ParseKind): string {
  if (parseKind === 'relaxed') return '.*?';
  const number = NUMBER_PATTERN[type];
  if (number !== undefined) return number;
  return parseKind === 'regex' && type === 'string' ? '.*' : '.*?';
}

/**
 * Walks an RE2 pattern's syntax far enough to count its capture groups and, for the `U`
 * (ungreedy) flag, to flip each quantifier between greedy and lazy. Escapes and character
 * classes are skipped whole; `(?…)` group syntax is not a quantifier.
 */
export function scanRegex(src: string, flipGreed: boolean): { groups: number; source: string } {
  let out = '';
  let groups = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += src[++i];
      continue;
    }
    if (c === '(') {
      const named = /^\(\?P?<[A-Za-z_]/.test(src.slice(i, i + 5));
      if (src[i + 1] !== '?' || named) groups++;
      out += c;
      if (src[i + 1] === '?') out += src[++i];
      continue;
    }
    let quantifier = '';
    if (c === '*' || c === '+' || c === '?') quantifier = c;
    else if (c === '{') quantifier = /^\{\d+(,\d*)?\}/.exec(src.slice(i))?.[0] ?? '';
    if (quantifier === '') {
      out += c;
      continue;
    }
    i += quantifier.length - 1;
    const lazy = src[i + 1] === '?';
    if (lazy) i++;
    out += quantifier + (lazy !== flipGreed ? '?' : '');
  }
  return { groups, source: out };
}

/** The pattern's regex source and its column groups. */
function buildRegex(
  pieces: Piece[],
  parseKind: ParseKind,
  flags: string,
  q: QueryContext,
): { source: string; captures: Capture[] } {
  const captures: Capture[] = [];
  let body = '';
  let groups = 0;
  for (const p of pieces) {
    if (p.kind === 'skip') body += '.*?';
    else if (p.kind === 'text') {
      const s = toKqlString(p.value.eval(emptyRow, q).get(0), p.value.type);
      if (parseKind === 'regex') {
        // The user's own groups come before ours in the numbering.
        groups += scanRegex(s, false).groups;
        body += `(?:${s})`;
      } else {
        body += escapeRegex(s);
      }
    } else {
      captures.push({ name: p.name, type: p.type, group: ++groups });
      body += `(${groupPattern(p.type, parseKind)})`;
    }
  }
  if (parseKind === 'regex') {
    // RE2 has `U`; the pattern is flipped here so every regex engine behind
    // compileKqlRegex reads it the same way.
    if (flags.includes('U')) body = scanRegex(body, true).source;
    const f = flags.replace(/[^ims]/g, '');
    return { source: (f ? `(?${f})` : '') + body, captures };
  }
  return { source: `(?s)${body}$`, captures };
}

/** Cuts one text into its column values; null when the row gets no values. */
function cut(s: string, re: KqlRegex, captures: Capture[], relaxed: boolean): Scalar[] | null {
  const m = re.exec(s);
  if (m === null) return null;
  const out: Scalar[] = [];
  for (let i = 0; i < captures.length; i++) {
    const c = captures[i]!;
    const g = c.group;
    const a = m[2 * g]!;
    const b = m[2 * g + 1]!;
    const raw = a < 0 ? '' : s.slice(a, b);
    if (c.type === 'string') {
      out.push(raw);
      continue;
    }
    const v = convertTo(c.type, raw, 'string');
    if (v === null && !relaxed) return null;
    out.push(v);
  }
  return out;
}

/**
 * `parse` keeps every row; `parse-where` (same syntax) keeps only the rows the pattern
 * matched, all typed captures converting.
 */
export function compileParse(n: Node, env: OpEnv, onlyMatches = false): Op {
  const { parseKind, flags } = readParameters(n);
  const source = compileExpr(must(n, 'Expression'), env);
  const pieces = readPieces(n, env);
  const at = n;
  const outSpecs = env.output;
  return {
    name: onlyMatches ? 'parse-where' : 'parse',
    run(input: Table, q: QueryContext): Table {
      const { source: pattern, captures } = buildRegex(pieces, parseKind, flags, q);
      const re = compileKqlRegex(pattern);
      if (re === null) {
        throw new KqlError(
          'KQL0204',
          `The parse pattern is not a valid regular expression: ${pattern}`,
          at.TextStart,
          at.Width,
        );
      }
      const empty = captures.map((c) => (c.type === 'string' ? '' : null));
      const col = source.eval(input, q);
      const valuesOf = (s: string): Scalar[] =>
        cut(s, re, captures, parseKind === 'relaxed') ?? empty;
      const { columns: perColumn, matched } = extractColumns(
        col,
        input.length,
        source.type,
        valuesOf,
        empty,
        captures.map((c) => c.type),
      );
      const made = new Map<string, Column>();
      captures.forEach((c, i) => made.set(c.name, perColumn[i]!));
      const specs = outSpecs ?? [
        ...input.specs.filter((s) => !made.has(s.name)),
        ...captures.map((c) => ({ name: c.name, type: c.type })),
      ];
      const out = input.select(
        specs.map((s) => {
          const c = made.get(s.name);
          if (c !== undefined) return { name: s.name, from: c };
          const i = input.indexOf(s.name);
          if (i < 0) throw new KqlError('KQL0301', `The column '${s.name}' is not in the input.`);
          return { name: s.name, from: i };
        }),
      );
      return onlyMatches ? out.take(trueRows(matched, out.length)) : out;
    },
  };
}

/**
 * Runs `valuesOf` once per distinct string of a dictionary column, else once per row; also
 * says which rows matched (`valuesOf` returns `empty` itself for a row that did not).
 */
function extractColumns(
  col: Column,
  n: number,
  type: KqlType,
  valuesOf: (s: string) => Scalar[],
  empty: Scalar[],
  types: KqlType[],
): { columns: Column[]; matched: BoolColumn } {
  const width = empty.length;
  const perCapture: Scalar[][] = empty.map(() => new Array<Scalar>(n));
  const matched = new Uint8Array(n);
  const put = (i: number, vals: Scalar[]): void => {
    matched[i] = vals === empty ? BOOL_FALSE : BOOL_TRUE;
    for (let k = 0; k < width; k++) perCapture[k]![i] = vals[k]!;
  };
  if (col instanceof StringColumn && col.dict.length <= n) {
    const perCode = col.dict.map(valuesOf);
    for (let i = 0; i < n; i++) put(i, perCode[col.codes[i]!]!);
  } else {
    for (let i = 0; i < n; i++) {
      const v = col.get(i);
      put(i, valuesOf(typeof v === 'string' ? v : toKqlString(v, type)));
    }
  }
  return {
    columns: perCapture.map((vals, k) => columnFromValues(types[k]!, vals)),
    matched: new BoolColumn(matched),
  };
}
