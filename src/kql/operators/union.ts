/**
 * `union [kind=inner|outer] [withsource=Col] [isfuzzy=true] A, B, …`: the rows of every
 * input, one after another.
 *
 * Columns are matched by name. `kind=outer` (the default) keeps every column, in order of
 * first appearance, a table without it giving null (`""` for strings); columns of the same
 * name and different types are kept apart as `name_type`, as the binder names them.
 * `kind=inner` keeps only the columns every input has (the binder's schema lists them all,
 * a quirk measured in the research notes, so this kind computes its own). `withsource`
 * adds a leading column naming each row's input: the table's name, the name an input gave
 * itself with `as`, or `union_argN`. `isfuzzy=true` skips inputs that do not exist.
 */

import {
  BOOL_NULL,
  BoolColumn,
  NumberColumn,
  StringColumn,
  TickColumn,
  ValueColumn,
  columnFromValues,
  nullColumn,
  type Column,
} from '../../table/column.js';
import { Table, type ColumnSpec } from '../../table/table.js';
import type { KqlType, Scalar } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import type { Plan } from '../plan.js';
import { child, kind, listOf, must, nameText, text, type Node } from '../syntax.js';
import type { OpEnv } from './types.js';

interface Part {
  label: string;
  plan: Plan;
}

/** What `withsource` calls an input: its table name, its `as` name, or `union_argN`. */
export function unionLabel(e: Node | null, index: number): string {
  if (e === null) return `union_arg${index}`;
  let x = e;
  while (kind(x) === 'ParenthesizedExpression') x = must(x, 'Expression');
  if (kind(x) === 'NameReference') return nameText(x);
  if (kind(x) === 'PipeExpression') {
    const op = must(x, 'Operator');
    if (kind(op) === 'AsOperator') return nameText(must(op, 'Name'));
  }
  return `union_arg${index}`;
}

function readParameters(n: Node): { withSource: string | null; inner: boolean; fuzzy: boolean } {
  let withSource: string | null = null;
  let inner = false;
  let fuzzy = false;
  for (const p of listOf(n, 'Parameters')) {
    const name = nameText(child(p, 'Name')).toLowerCase();
    const value = text(child(p, 'Expression'));
    if (name === 'withsource') withSource = value;
    else if (name === 'kind') inner = value.toLowerCase() === 'inner';
    else if (name === 'isfuzzy') fuzzy = value.toLowerCase() === 'true';
  }
  return { withSource, inner, fuzzy };
}

/** The column of `t` that feeds output column `s`, or null when `t` lacks it. */
function sourceColumn(t: Table, s: ColumnSpec): Column | null {
  const i = t.indexOf(s.name);
  if (i >= 0 && t.spec(i).type === s.type) return t.column(i);
  const m = /^(.*)_(bool|int|long|real|decimal|string|datetime|timespan|guid|dynamic)$/.exec(
    s.name,
  );
  if (m) {
    const j = t.indexOf(m[1]!);
    if (j >= 0 && t.spec(j).type === m[2]) return t.column(j);
  }
  if (i >= 0) return t.column(i);
  return null;
}

/**
 * Concatenates columns of one type, a missing part being `length` nulls. Typed storage is
 * kept when every present part has it (string dictionaries are merged), so a union of two
 * large tables copies arrays instead of boxing each value.
 */
export function concatColumns(
  type: KqlType,
  parts: { column: Column | null; length: number }[],
): Column {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = <C>(k: abstract new (...a: never[]) => C): boolean =>
    parts.every((p) => p.column === null || p.column instanceof k);
  if (type === 'string' && all(StringColumn)) {
    const index = new Map<string, number>();
    const dict: string[] = [];
    const code = (s: string): number => {
      let k = index.get(s);
      if (k === undefined) {
        k = dict.length;
        dict.push(s);
        index.set(s, k);
      }
      return k;
    };
    const codes = new Int32Array(total);
    let at = 0;
    for (const p of parts) {
      const c = p.column as StringColumn | null;
      if (c === null) {
        codes.fill(code(''), at, at + p.length);
      } else {
        const remap = c.dict.map(code);
        for (let i = 0; i < c.length; i++) codes[at + i] = remap[c.codes[i]!]!;
      }
      at += p.length;
    }
    return new StringColumn(codes, dict);
  }
  const nullsFor = (nulls: Uint8Array | null, p: { column: Column | null; length: number }) =>
    p.column === null ? new Uint8Array(p.length).fill(1) : nulls;
  if ((type === 'int' || type === 'long' || type === 'real') && all(NumberColumn)) {
    const values = new Float64Array(total);
    let nulls: Uint8Array | null = null;
    let at = 0;
    for (const p of parts) {
      const c = p.column as NumberColumn | null;
      if (c !== null) values.set(c.values, at);
      const n = nullsFor(c?.nulls ?? null, p);
      if (n !== null) (nulls ??= new Uint8Array(total)).set(n, at);
      at += p.length;
    }
    return new NumberColumn(type, values, nulls);
  }
  if ((type === 'datetime' || type === 'timespan') && all(TickColumn)) {
    const ms = new Float64Array(total);
    const sub = new Uint16Array(total);
    let nulls: Uint8Array | null = null;
    let at = 0;
    for (const p of parts) {
      const c = p.column as TickColumn | null;
      if (c !== null) {
        ms.set(c.ms, at);
        sub.set(c.sub, at);
      }
      const n = nullsFor(c?.nulls ?? null, p);
      if (n !== null) (nulls ??= new Uint8Array(total)).set(n, at);
      at += p.length;
    }
    return new TickColumn(type, ms, sub, nulls);
  }
  if (type === 'bool' && all(BoolColumn)) {
    const values = new Uint8Array(total).fill(BOOL_NULL);
    let at = 0;
    for (const p of parts) {
      if (p.column !== null) values.set((p.column as BoolColumn).values, at);
      at += p.length;
    }
    return new BoolColumn(values);
  }
  const values: Scalar[] = [];
  for (const p of parts) {
    const c = p.column ?? nullColumn(type, p.length);
    for (let i = 0; i < p.length; i++) values.push(c.get(i));
  }
  return type === 'dynamic' || type === 'guid' || type === 'decimal'
    ? new ValueColumn(type, values)
    : columnFromValues(type, values);
}

/** Output columns when the binder's schema cannot be used. */
function ownSpecs(tables: Table[], withSource: string | null, inner: boolean): ColumnSpec[] {
  const seen = new Map<string, KqlType>();
  for (const t of tables) for (const s of t.specs) if (!seen.has(s.name)) seen.set(s.name, s.type);
  let names = [...seen.keys()];
  if (inner) names = names.filter((name) => tables.every((t) => t.indexOf(name) >= 0));
  const specs = names.map((name) => ({ name, type: seen.get(name)! }));
  return withSource === null ? specs : [{ name: withSource, type: 'string' }, ...specs];
}

export function compileUnion(
  n: Node,
  env: OpEnv,
  input: { plan: Plan; node: Node | null } | null,
): Plan {
  const { withSource, inner, fuzzy } = readParameters(n);
  const parts: Part[] = [];
  if (input !== null) parts.push({ label: unionLabel(input.node, 0), plan: input.plan });
  for (const e of listOf(n, 'Expressions')) {
    parts.push({
      label: unionLabel(e, parts.length),
      plan: env.tabular(e, env.scope, env.depth + 1),
    });
  }
  const out = inner ? undefined : env.output;
  return {
    run(q: QueryContext): Table {
      const ran: { label: string; t: Table }[] = [];
      for (const p of parts) {
        try {
          ran.push({ label: p.label, t: p.plan.run(q) });
        } catch (e) {
          // isfuzzy: an input that does not exist is left out rather than failing the query.
          if (!(fuzzy && e instanceof KqlError && e.code === 'KQL0303')) throw e;
        }
      }
      const tables = ran.map((r) => r.t);
      const total = tables.reduce((s, t) => s + t.length, 0);
      const specs = out ?? ownSpecs(tables, withSource, inner);
      return Table.of(
        specs.map((s) => {
          if (s.name === withSource) {
            const labels: Scalar[] = [];
            for (const { label, t } of ran) for (let i = 0; i < t.length; i++) labels.push(label);
            return { name: s.name, column: columnFromValues('string', labels) };
          }
          const column = concatColumns(
            s.type,
            tables.map((t) => ({ column: sourceColumn(t, s), length: t.length })),
          );
          return { name: s.name, column };
        }),
        total,
      );
    },
  };
}
