/**
 * `join` and `lookup`: hash joins on equality keys.
 *
 * Kinds, as Kusto defines them: `innerunique` (the default) keeps one left row per key,
 * the first here, then joins; `inner` pairs every match; `leftouter`, `rightouter` and
 * `fullouter` add the unmatched rows of their sides with the other side null (`""` for
 * strings); `leftsemi`/`rightsemi` keep the rows of one side that have a match, and
 * `leftanti`/`rightanti` those that have none. Null keys match each other. The output is
 * every left column, then every right column, right names that clash renamed `Name1`,
 * `Name2`… (semi and anti joins output one side only) — the binder gives those names.
 * `lookup` is a `leftouter` (default) or `inner` join that leaves out the right key columns;
 * like a join it returns every match (docs lookup-operator).
 *
 * Keys of both sides are first coded into one integer space (a string column per
 * dictionary entry), and the right rows grouped by code in one array, so the join builds
 * no per-row key string and knows its output size before writing a pair: a join past the
 * row limit stops there, before allocating it.
 *
 * A `where` written after an inner join that reads only one side's columns is run on that
 * side before the join instead (see `pushFilter`): the seed rule joins every web-service
 * connection with every process of its device, and filtering first keeps that product small.
 */

import { StringColumn, type Column } from '../../table/column.js';
import { Table } from '../../table/table.js';
import { KqlError, checkGrowth, type QueryContext } from '../context.js';
import { compileExpr, type ExprEnv } from '../expr.js';
import { Pipeline, pipe, type Op, type PlacedOp, type Plan } from '../plan.js';
import {
  child,
  kind,
  listOf,
  must,
  nameText,
  resultColumns,
  symbolKind,
  text,
  type Node,
} from '../syntax.js';
import { hashKey } from '../values.js';
import type { OpEnv } from './types.js';
import { WhereOp } from './where.js';
import { uniqueName } from './naming.js';

export type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftsemi'
  | 'leftanti'
  | 'rightsemi'
  | 'rightanti';

const KIND_ALIASES: Record<string, JoinKind> = {
  innerunique: 'innerunique',
  inner: 'inner',
  leftouter: 'leftouter',
  rightouter: 'rightouter',
  fullouter: 'fullouter',
  outer: 'fullouter',
  leftsemi: 'leftsemi',
  semi: 'leftsemi',
  leftanti: 'leftanti',
  anti: 'leftanti',
  leftantisemi: 'leftanti',
  rightsemi: 'rightsemi',
  rightanti: 'rightanti',
  rightantisemi: 'rightanti',
};

interface KeyPair {
  left: string;
  right: string;
}

export class JoinOp implements Op {
  readonly name: string;
  constructor(
    readonly kind: JoinKind,
    public right: Plan,
    readonly keys: KeyPair[],
    /** Output names for left columns then right columns (semi/anti: one side). */
    readonly outputNames: string[] | undefined,
    readonly isLookup: boolean,
    /** Input schemas as the binder saw them, for filter push-down. */
    readonly leftNames: string[] | undefined,
    readonly rightNames: string[] | undefined,
  ) {
    this.name = isLookup ? 'lookup' : 'join';
  }

  run(left: Table, q: QueryContext): Table {
    const right = this.right.run(q);
    return hashJoin(left, right, this.kind, this.keys, this.outputNames, this.isLookup, q);
  }

  /** Output column name → [side, source name], for filter push-down. */
  sourceOf(leftNames: string[], rightNames: string[]): Map<string, ['left' | 'right', string]> {
    const m = new Map<string, ['left' | 'right', string]>();
    const names =
      this.outputNames ?? defaultNames(leftNames, rightNames, this.kind, this.isLookup, this.keys);
    if (this.kind === 'rightsemi' || this.kind === 'rightanti') {
      rightNames.forEach((n, i) => m.set(names[i] ?? n, ['right', n]));
      return m;
    }
    leftNames.forEach((n, i) => m.set(names[i] ?? n, ['left', n]));
    if (this.kind === 'leftsemi' || this.kind === 'leftanti') return m;
    const rights = this.isLookup
      ? rightNames.filter((r) => !this.keys.some((k) => k.right === r))
      : rightNames;
    rights.forEach((n, i) => m.set(names[leftNames.length + i] ?? n, ['right', n]));
    return m;
  }
}

function defaultNames(
  leftNames: string[],
  rightNames: string[],
  kind: JoinKind,
  isLookup: boolean,
  keys: KeyPair[],
): string[] {
  if (kind === 'rightsemi' || kind === 'rightanti') return rightNames;
  if (kind === 'leftsemi' || kind === 'leftanti') return leftNames;
  const taken = new Set(leftNames);
  const rights = isLookup ? rightNames.filter((r) => !keys.some((k) => k.right === r)) : rightNames;
  const out = [...leftNames];
  for (const r of rights) {
    const n = uniqueName(r, taken);
    taken.add(n);
    out.push(n);
  }
  return out;
}

function keyColumns(t: Table, names: string[]): Column[] {
  return names.map((n) => {
    const c = t.columnByName(n);
    if (c === undefined) throw new KqlError('KQL0301', `The join key '${n}' is not in the input.`);
    return c;
  });
}

/**
 * One key column of both sides coded into a shared space: equal values (null included, as
 * null keys match in Kusto joins) get equal codes. A string column is coded per dictionary
 * entry, not per row.
 */
function jointCodes(l: Column, r: Column): { left: Int32Array; right: Int32Array; card: number } {
  if (l instanceof StringColumn && r instanceof StringColumn) {
    const ids = new Map<string, number>();
    const remap = (dict: readonly string[]): Int32Array =>
      Int32Array.from(dict, (s) => {
        let id = ids.get(s);
        if (id === undefined) {
          id = ids.size;
          ids.set(s, id);
        }
        return id;
      });
    const through = (codes: Int32Array, map: Int32Array): Int32Array => {
      const out = new Int32Array(codes.length);
      for (let i = 0; i < codes.length; i++) out[i] = map[codes[i]!]!;
      return out;
    };
    return {
      left: through(l.codes, remap(l.dict)),
      right: through(r.codes, remap(r.dict)),
      card: ids.size,
    };
  }
  const ids = new Map<unknown, number>();
  const code = (c: Column): Int32Array => {
    const out = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const k = hashKey(c.get(i));
      let id = ids.get(k);
      if (id === undefined) {
        id = ids.size;
        ids.set(k, id);
      }
      out[i] = id;
    }
    return out;
  };
  const left = code(l);
  return { left, right: code(r), card: ids.size };
}

/** Codes for composite keys: each key column coded jointly, then pairs combined. */
function keyCodes(
  left: Table,
  right: Table,
  keys: KeyPair[],
): { left: Int32Array; right: Int32Array; card: number } {
  const lc = keyColumns(
    left,
    keys.map((k) => k.left),
  );
  const rc = keyColumns(
    right,
    keys.map((k) => k.right),
  );
  let acc = jointCodes(lc[0]!, rc[0]!);
  for (let k = 1; k < keys.length; k++) {
    const next = jointCodes(lc[k]!, rc[k]!);
    const ids = new Map<number, number>();
    const combine = (a: Int32Array, b: Int32Array): Int32Array =>
      Int32Array.from(a, (x, i) => {
        const key = x * next.card + b[i]!;
        let id = ids.get(key);
        if (id === undefined) {
          id = ids.size;
          ids.set(key, id);
        }
        return id;
      });
    const l = combine(acc.left, next.left);
    acc = { left: l, right: combine(acc.right, next.right), card: ids.size };
  }
  return acc;
}

/** Rows of each code, as offsets into one array (a compressed index: no array per key). */
function groupByCode(codes: Int32Array, card: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(card + 1);
  for (let i = 0; i < codes.length; i++) start[codes[i]! + 1]!++;
  for (let c = 0; c < card; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, card);
  const rows = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) rows[fill[codes[i]!]!++] = i;
  return { start, rows };
}

export function hashJoin(
  left: Table,
  right: Table,
  kind: JoinKind,
  keys: KeyPair[],
  outputNames: string[] | undefined,
  isLookup: boolean,
  q: QueryContext,
): Table {
  const codes = keyCodes(left, right, keys);
  const lk = codes.left;
  const rk = codes.right;
  const nl = lk.length;
  const nr = rk.length;

  if (kind === 'leftsemi' || kind === 'leftanti' || kind === 'rightsemi' || kind === 'rightanti') {
    const [mine, theirs, side] =
      kind === 'leftsemi' || kind === 'leftanti' ? [lk, rk, left] : [rk, lk, right];
    const present = new Uint8Array(codes.card);
    for (let i = 0; i < theirs.length; i++) present[theirs[i]!] = 1;
    const want = kind.endsWith('semi') ? 1 : 0;
    let count = 0;
    for (let i = 0; i < mine.length; i++) if (present[mine[i]!] === want) count++;
    if (count === mine.length) return rename(side, outputNames);
    const keep = new Int32Array(count);
    for (let i = 0, k = 0; i < mine.length; i++) if (present[mine[i]!] === want) keep[k++] = i;
    return rename(side.take(keep), outputNames);
  }

  const { start, rows } = groupByCode(rk, codes.card);
  const outer = kind === 'leftouter' || kind === 'fullouter';
  // innerunique keeps the first left row of each key.
  const usedKey = kind === 'innerunique' ? new Uint8Array(codes.card) : null;
  const leftRows = new Uint8Array(nl);
  let total = 0;
  for (let i = 0; i < nl; i++) {
    const c = lk[i]!;
    if (usedKey !== null) {
      if (usedKey[c]) continue;
      usedKey[c] = 1;
    }
    const m = start[c + 1]! - start[c]!;
    if (m > 0 || outer) {
      leftRows[i] = 1;
      total += Math.max(m, 1);
    }
  }
  const matchedRight = kind === 'rightouter' || kind === 'fullouter' ? new Uint8Array(nr) : null;
  if (matchedRight !== null) {
    const leftHas = new Uint8Array(codes.card);
    for (let i = 0; i < nl; i++) if (leftRows[i]) leftHas[lk[i]!] = 1;
    for (let j = 0; j < nr; j++) {
      if (leftHas[rk[j]!]) matchedRight[j] = 1;
      else total++;
    }
  }
  // The size is known before any pair is written: a runaway join stops here.
  checkGrowth(total, Math.max(nl, nr), q.limits, 'join');

  const li = new Int32Array(total);
  const ri = new Int32Array(total);
  let k = 0;
  for (let i = 0; i < nl; i++) {
    if (!leftRows[i]) continue;
    const c = lk[i]!;
    const from = start[c]!;
    const to = start[c + 1]!;
    if (from === to) {
      li[k] = i;
      ri[k++] = -1;
      continue;
    }
    for (let p = from; p < to; p++) {
      li[k] = i;
      ri[k++] = rows[p]!;
    }
  }
  if (matchedRight !== null) {
    for (let j = 0; j < nr; j++) {
      if (matchedRight[j]) continue;
      li[k] = -1;
      ri[k++] = j;
    }
  }

  const L = left.take(li);
  const R = right.take(ri);
  const rightCols = R.specs
    .map((s, j) => ({ s, j }))
    .filter(({ s }) => !isLookup || !keys.some((key) => key.right === s.name));
  const names =
    outputNames ??
    defaultNames(
      left.specs.map((s) => s.name),
      right.specs.map((s) => s.name),
      kind,
      isLookup,
      keys,
    );
  // Columns stay lazy: only those a later operator reads are gathered.
  const sources: [Table, number][] = [
    ...left.specs.map((_, i): [Table, number] => [L, i]),
    ...rightCols.map(({ j }): [Table, number] => [R, j]),
  ];
  const specs = sources.map(([t, i], n) => ({
    name: names[n] ?? t.spec(i).name,
    type: t.spec(i).type,
  }));
  return Table.lazy(specs, total, (n) => {
    const [t, i] = sources[n]!;
    return t.column(i);
  });
}

function rename(t: Table, names: string[] | undefined): Table {
  if (names === undefined) return t;
  return t.select(t.specs.map((s, i) => ({ name: names[i] ?? s.name, from: i })));
}

function joinKind(n: Node, isLookup: boolean): JoinKind {
  for (const p of listOf(n, 'Parameters')) {
    const name = nameText(child(p, 'Name')).toLowerCase();
    if (name === 'kind') {
      const v = text(child(p, 'Expression')).toLowerCase();
      const k = KIND_ALIASES[v];
      if (k === undefined)
        throw new KqlError('KQL0105', `Unknown join kind '${v}'.`, p.TextStart, p.Width);
      return k;
    }
  }
  return isLookup ? 'leftouter' : 'innerunique';
}

/** Reads `on A, $left.b == $right.c` into key pairs. */
function joinKeys(clause: Node): KeyPair[] {
  const ck = kind(clause);
  if (ck !== 'JoinOnClause') {
    throw new KqlError(
      'KQL0106',
      'webc2 runs joins on equality keys (`on ...`) only.',
      clause.TextStart,
      clause.Width,
    );
  }
  return listOf(clause, 'Expressions').map((e) => {
    const k = kind(e);
    if (k === 'NameReference') {
      const name = nameText(e);
      return { left: name, right: name };
    }
    if (k === 'EqualExpression') {
      const a = sideName(must(e, 'Left'));
      const b = sideName(must(e, 'Right'));
      if (a && b && a.side !== b.side) {
        return a.side === 'left'
          ? { left: a.name, right: b.name }
          : { left: b.name, right: a.name };
      }
    }
    throw new KqlError(
      'KQL0106',
      `Cannot read the join condition '${text(e)}'.`,
      e.TextStart,
      e.Width,
    );
  });
}

function sideName(e: Node): { side: 'left' | 'right'; name: string } | null {
  if (kind(e) !== 'PathExpression') return null;
  const base = text(must(e, 'Expression')).toLowerCase();
  const name = nameText(must(e, 'Selector'));
  if (base === '$left') return { side: 'left', name };
  if (base === '$right') return { side: 'right', name };
  return null;
}

export function compileJoin(n: Node, env: OpEnv, isLookup: boolean): JoinOp {
  const kind = joinKind(n, isLookup);
  const rightNode = must(n, isLookup ? 'Expression' : 'Expression');
  const right = env.tabular(rightNode, env.scope, env.depth + 1);
  const clause = must(n, isLookup ? 'LookupClause' : 'ConditionClause');
  return new JoinOp(
    kind,
    right,
    joinKeys(clause),
    env.output?.map((c) => c.name),
    isLookup,
    env.input?.map((c) => c.name),
    resultColumns(rightNode)?.map((c) => c.name),
  );
}

/** Column names a predicate reads, or null when it reads something we cannot trace. */
export function referencedColumns(n: Node): Set<string> | null {
  const out = new Set<string>();
  let ok = true;
  const walk = (x: Node): void => {
    if (!ok) return;
    const k = kind(x);
    if (k === 'NameReference') {
      const sk = symbolKind(x);
      if (sk === 'Column') out.add(nameText(x));
      else if (sk === 'Function' || sk === 'Table') ok = false;
    }
    if (k === 'ToScalarExpression' || k === 'PipeExpression') ok = false;
    for (let i = 0; i < x.ChildCount; i++) {
      const c = x.GetChild(i);
      if (c !== null) walk(c);
    }
  };
  walk(n);
  return ok ? out : null;
}

/**
 * Tries to run `where cond` before the join that ends `input` (past any filters already
 * after it). Returns the rewritten pipeline, or null when the filter must stay put.
 */
export function pushFilter(input: Plan, cond: Node, env: ExprEnv): Pipeline | null {
  if (!(input instanceof Pipeline)) return null;
  let at = input.ops.length - 1;
  while (at >= 0 && input.ops[at] instanceof WhereOp) at--;
  const join = input.ops[at];
  if (!(join instanceof JoinOp) || join.isLookup) return null;
  const leftSchema = join.leftNames;
  const rightSchema = join.rightNames;
  if (leftSchema === undefined || rightSchema === undefined) return null;
  if (join.kind !== 'inner' && join.kind !== 'innerunique') return null;
  const refs = referencedColumns(cond);
  if (refs === null || refs.size === 0) return null;
  const sources = join.sourceOf(leftSchema, rightSchema);
  const sides = new Set<string>();
  const renames = new Map<string, string>();
  for (const r of refs) {
    const s = sources.get(r);
    if (s === undefined) return null;
    sides.add(s[0]);
    renames.set(r, s[1]);
  }
  if (sides.size !== 1) return null;
  const side = [...sides][0];
  if (side === 'left') {
    // innerunique keeps an arbitrary left row per key; Kusto filters the left side before
    // choosing it (the docs' join-innerunique page shows `where value == "val1.2"` after the
    // join keeping the val1.2 rows), and webc2 does the same.
    const op = new WhereOp(compileExpr(cond, { ...env, renames }), cond);
    const ops = [...input.ops.slice(0, at), op, ...input.ops.slice(at)];
    return new Pipeline(input.source, ops);
  }
  const op = new WhereOp(compileExpr(cond, { ...env, renames }), cond);
  const moved = new JoinOp(
    join.kind,
    pipe(join.right, op),
    join.keys,
    join.outputNames,
    join.isLookup,
    join.leftNames,
    join.rightNames,
  );
  const ops = [...input.ops];
  // The moved join keeps its place in the text for its run-time errors.
  ops[at] = Object.assign(moved, { at: (join as Partial<PlacedOp>).at });
  return new Pipeline(input.source, ops);
}
