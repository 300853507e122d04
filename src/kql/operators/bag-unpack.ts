/**
 * `evaluate bag_unpack(col [, prefix] [, columnsConflict] [, ignoredProperties]) [: schema]`:
 * one column per top-level property of a dynamic bag column, which itself goes away.
 *
 * Without an output schema the columns are only known at run time: the union of the bags'
 * keys, in ordinal order (the docs' examples list `Age, Height, Name`), typed dynamic, a row
 * without a key getting null. A property whose name is already a column is an error unless
 * `columnsConflict` says `replace_source` (the unpacked value takes the column's place) or
 * `keep_source` (the existing column stays, the property is dropped). With an output
 * schema the binder knows the columns; each is read from the bags and cast to its type, and
 * properties the schema does not name are dropped.
 */

import { columnFromValues, type Column } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import { compileExpr, emptyRow, type Expr } from '../expr.js';
import type { Op } from '../plan.js';
import { kind, must, nameText, type Node } from '../syntax.js';
import { castDynamic, toKqlString } from '../values.js';
import type { OpEnv } from './types.js';

type Conflict = 'error' | 'replace_source' | 'keep_source';

interface Arguments {
  bag: Expr;
  /** The column the bag comes from, removed from the output; null for a computed bag. */
  sourceColumn: string | null;
  prefix: Expr | null;
  conflict: Expr | null;
  ignored: Expr | null;
}

const POSITIONAL = ['column', 'outputcolumnprefix', 'columnsconflict', 'ignoredproperties'];

function readArguments(args: Node[], env: OpEnv): Arguments {
  const byName = new Map<string, Node>();
  args.forEach((a, i) => {
    if (kind(a) === 'SimpleNamedExpression') {
      byName.set(nameText(must(a, 'Name')).toLowerCase(), must(a, 'Expression'));
    } else {
      byName.set(POSITIONAL[i] ?? `arg${i}`, a);
    }
  });
  const bagNode = byName.get('column');
  if (bagNode === undefined) throw new KqlError('KQL0104', 'bag_unpack needs a column.');
  const opt = (name: string): Expr | null => {
    const n = byName.get(name);
    return n === undefined ? null : compileExpr(n, env);
  };
  return {
    bag: compileExpr(bagNode, env),
    sourceColumn: kind(bagNode) === 'NameReference' ? nameText(bagNode) : null,
    prefix: opt('outputcolumnprefix'),
    conflict: opt('columnsconflict'),
    ignored: opt('ignoredproperties'),
  };
}

function constant(e: Expr | null, q: QueryContext): Scalar {
  return e === null ? null : e.eval(emptyRow, q).get(0);
}

function readConflict(v: Scalar, at: Node): Conflict {
  const s = v === null ? 'error' : toKqlString(v).toLowerCase();
  if (s === 'error' || s === 'replace_source' || s === 'keep_source') return s;
  throw new KqlError(
    'KQL0105',
    `Unknown columnsConflict '${s}'.`,
    at.TextStart,
    at.Width,
    "Use 'error', 'replace_source' or 'keep_source'.",
  );
}

function bagAt(c: Column, i: number): Record<string, JsonValue> | null {
  const v = c.get(i);
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, JsonValue>)
    : null;
}

export function compileBagUnpack(call: Node, args: Node[], env: OpEnv): Op {
  const a = readArguments(args, env);
  const outSpecs = env.output;
  return {
    name: 'bag_unpack',
    run(input: Table, q: QueryContext): Table {
      const bags = a.bag.eval(input, q);
      const prefix = toKqlString(constant(a.prefix, q));
      const conflict = readConflict(constant(a.conflict, q), call);
      const ignoredValue = constant(a.ignored, q);
      const ignored = new Set(
        Array.isArray(ignoredValue) ? ignoredValue.map((x) => String(x)) : [],
      );
      const valuesOf = (key: string, type: KqlType): Column => {
        const out: Scalar[] = new Array<Scalar>(input.length);
        for (let i = 0; i < input.length; i++) {
          const b = bagAt(bags, i);
          const v = b !== null && Object.prototype.hasOwnProperty.call(b, key) ? b[key]! : null;
          out[i] = type === 'dynamic' ? v : castDynamic(v, type);
        }
        return columnFromValues(type, out);
      };
      const kept = input.specs
        .map((s, i) => ({ name: s.name, from: i as number | Column }))
        .filter((c) => c.name !== a.sourceColumn);

      if (outSpecs !== undefined) {
        // The output schema names every column; unpacked ones are read by name minus prefix.
        return input.select(
          outSpecs.map((s) => {
            const existing = kept.find((k) => k.name === s.name);
            if (existing !== undefined) return existing;
            const key = s.name.startsWith(prefix) ? s.name.slice(prefix.length) : s.name;
            return { name: s.name, from: valuesOf(key, s.type) };
          }),
        );
      }

      const keys = new Set<string>();
      for (let i = 0; i < input.length; i++) {
        const b = bagAt(bags, i);
        if (b !== null) for (const k of Object.keys(b)) if (!ignored.has(k)) keys.add(k);
      }
      const columns = [...kept];
      for (const key of [...keys].sort()) {
        const name = prefix + key;
        const at = columns.findIndex((c) => c.name === name);
        if (at < 0) {
          columns.push({ name, from: valuesOf(key, 'dynamic') });
          continue;
        }
        if (conflict === 'keep_source') continue;
        if (conflict === 'replace_source') {
          columns[at] = { name, from: valuesOf(key, 'dynamic') };
          continue;
        }
        throw new KqlError(
          'KQL0305',
          `bag_unpack: the property '${key}' clashes with the column '${name}'.`,
          call.TextStart,
          call.Width,
          "Pass columnsConflict='replace_source' or 'keep_source', or an output column prefix.",
        );
      }
      return input.select(columns);
    },
  };
}
