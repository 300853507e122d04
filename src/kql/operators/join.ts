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
 *
 * A `where` written after an inner join that reads only one side's columns is run on that
 * side before the join instead (see `pushFilter`): the seed rule joins every web-service
 * connection with every process of its device, and filtering first keeps that product small.
 */

import { StringColumn, type Column } from '../../table/column.js';
import { Table } from '../../table/table.js';
import { KqlError, checkRows, type QueryContext } from '../context.js';
import { compileExpr, type ExprEnv } from '../expr.js';
import { Pipeline, pipe, type Op, type Plan } from '../plan.js';
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

/** Per-row hash keys for the key columns; strings are hashed once per dictionary entry. */
function rowKeys(t: Table, names: string[]): (string | number | boolean | bigint | null)[] {
  const cols: Column[] = names.map((n) => {
    const c = t.columnByName(n);
    if (c === undefined) throw new KqlError('KQL0301', `The join key '${n}' is not in the input.`);
    return c;
  });
  const n = t.length;
  const out = new Array<string | number | boolean | bigint | null>(n);
  if (cols.length === 1) {
    const c = cols[0]!;
    if (c instanceof StringColumn) {
      for (let i = 0; i < n; i++) out[i] = c.dict[c.codes[i]!]!;
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = hashKey(c.get(i));
    return out;
  }
  for (let i = 0; i < n; i++) {
    out[i] = JSON.stringify(cols.map((c) => String(hashKey(c.get(i)))));
  }
  return out;
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
  const lk = rowKeys(
    left,
    keys.map((k) => k.left),
  );
  const rk = rowKeys(
    right,
    keys.map((k) => k.right),
  );

  const rightIndex = new Map<unknown, number[]>();
  for (let j = 0; j < rk.length; j++) {
    const key = rk[j];
    const list = rightIndex.get(key);
    if (list) list.push(j);
    else rightIndex.set(key, [j]);
  }

  if (kind === 'leftsemi' || kind === 'leftanti') {
    const keep: number[] = [];
    for (let i = 0; i < lk.length; i++) {
      if (rightIndex.has(lk[i]) === (kind === 'leftsemi')) keep.push(i);
    }
    return rename(left.take(Int32Array.from(keep)), outputNames);
  }
  if (kind === 'rightsemi' || kind === 'rightanti') {
    const leftKeys = new Set<unknown>(lk);
    const keep: number[] = [];
    for (let j = 0; j < rk.length; j++) {
      if (leftKeys.has(rk[j]) === (kind === 'rightsemi')) keep.push(j);
    }
    return rename(right.take(Int32Array.from(keep)), outputNames);
  }

  const li: number[] = [];
  const ri: number[] = [];
  const seenLeftKey = kind === 'innerunique' ? new Set<unknown>() : null;
  const matchedRight =
    kind === 'rightouter' || kind === 'fullouter' ? new Uint8Array(rk.length) : null;
  for (let i = 0; i < lk.length; i++) {
    const key = lk[i];
    if (seenLeftKey !== null) {
      if (seenLeftKey.has(key)) continue;
      seenLeftKey.add(key);
    }
    const matches = rightIndex.get(key);
    if (matches === undefined) {
      if (kind === 'leftouter' || kind === 'fullouter') {
        li.push(i);
        ri.push(-1);
      }
      continue;
    }
    if (isLookup && matches.length > 0) {
      li.push(i);
      ri.push(matches[0]!);
      continue;
    }
    for (const j of matches) {
      li.push(i);
      ri.push(j);
      if (matchedRight !== null) matchedRight[j] = 1;
    }
    if (li.length > q.limits.maxRows) checkRows(li.length, q.limits, 'join');
  }
  if (matchedRight !== null) {
    for (let j = 0; j < matchedRight.length; j++) {
      if (matchedRight[j] === 0) {
        li.push(-1);
        ri.push(j);
      }
    }
  }
  checkRows(li.length, q.limits, 'join');

  const L = left.take(Int32Array.from(li));
  const R = right.take(Int32Array.from(ri));
  const rightCols = R.specs
    .map((s, j) => ({ s, j }))
    .filter(({ s }) => !isLookup || !keys.some((k) => k.right === s.name));
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
  const specs = sources.map(([t, i], k) => ({
    name: names[k] ?? t.spec(i).name,
    type: t.spec(i).type,
  }));
  return Table.lazy(specs, li.length, (k) => {
    const [t, i] = sources[k]!;
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
    // innerunique keeps one left row per key before joining: filtering the left side first
    // could change which row that is, so only inner joins take left-side filters.
    if (join.kind !== 'inner') return null;
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
  ops[at] = moved;
  return new Pipeline(input.source, ops);
}
