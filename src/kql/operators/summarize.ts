/**
 * `summarize aggs by keys`: the group keys first, then the aggregates, named as the binder
 * names them (`count_`, `dcount_a`, a `bin(ts, 1h)` key keeps the name `ts`). Without `by`
 * there is always one row, even for an empty input. An aggregate may sit inside an
 * expression (`summarize rate = countif(ok) * 100.0 / count()`): each aggregate call becomes
 * a per-group column and the expression is evaluated over the groups. `arg_max(e, cols…)`
 * and `arg_min` return the extreme value and the columns of the row that holds it.
 */

import type { Column } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { KqlType } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import { columnExpr, compileExpr, type Expr, type ExprEnv } from '../expr.js';
import {
  argExtremeRows,
  lookupAggregate,
  type AggregateFunction,
} from '../functions/aggregates.js';
import type { Op } from '../plan.js';
import { child, kind, listOf, must, nameText, resultType, type Node } from '../syntax.js';
import { groupRows } from './group.js';
import type { OpEnv } from './types.js';

interface Slot {
  fn: AggregateFunction;
  args: Expr[];
  column: string;
  resultType: KqlType;
}

interface ArgExtreme {
  sign: 1 | -1;
  value: Expr;
  /** The columns returned beside the value: an expression each, or for `*` input names. */
  columns: Expr[] | ((input: string[]) => string[]);
}

type Item = { kind: 'expr'; expr: Expr } | { kind: 'arg'; arg: ArgExtreme };

function unwrapNamed(n: Node): Node {
  return kind(n) === 'SimpleNamedExpression' ? must(n, 'Expression') : n;
}

/** The input column a key or value expression is, when it is a plain column reference. */
function columnName(e: Node): string | null {
  const x = unwrapNamed(e);
  return kind(x) === 'NameReference' ? nameText(x) : null;
}

/**
 * The columns `arg_max(e, *)` returns: every input column except the `by` keys that are
 * plain columns (`by G = F` drops `F` too) and `e` itself when it is a column. Measured on
 * the binder: `arg_max(V, *) by F` over (F, C, V) gives `F, V, C`.
 */
function starColumns(input: string[], keyNodes: Node[], value: Node): string[] {
  const skip = new Set<string>();
  for (const k of keyNodes) {
    const c = columnName(k);
    if (c !== null) skip.add(c);
  }
  const v = columnName(value);
  if (v !== null) skip.add(v);
  return input.filter((c) => !skip.has(c));
}

/**
 * `percentiles(x, 5, 50, 95)` is one column per percentage (`percentile_x_5`…), each the
 * `percentile` aggregate; `percentilesw(x, w, …)` likewise with `percentilew`. An int
 * column's percentile is a long (the binder's type), any other keeps its type.
 */
function percentileColumns(
  call: Node,
  weighted: boolean,
  env: OpEnv,
): { fn: AggregateFunction; args: Expr[]; type: KqlType }[] {
  const argNodes = listOf(must(call, 'ArgumentList'), 'Expressions');
  const fixed = argNodes.slice(0, weighted ? 2 : 1).map((a) => compileExpr(a, env));
  const fn = lookupAggregate(weighted ? 'percentilew' : 'percentile')!;
  const valueType = fixed[0]!.type;
  const type: KqlType = valueType === 'int' ? 'long' : valueType;
  return argNodes
    .slice(fixed.length)
    .map((p) => ({ fn, args: [...fixed, compileExpr(p, env)], type }));
}

export function compileSummarize(n: Node, env: OpEnv): Op {
  const byClause = child(n, 'ByClause');
  const keyNodes = byClause ? listOf(byClause, 'Expressions') : [];
  const keys = keyNodes.map((k) => compileExpr(k, env));
  const slots: Slot[] = [];

  const aggregateHook = (call: Node, e: ExprEnv): Expr | undefined => {
    const name = nameText(must(call, 'Name'));
    const fn = lookupAggregate(name);
    if (fn === undefined) return undefined;
    // Aggregate arguments read the input rows, not the groups.
    const { aggregate: _outer, ...inner } = e;
    const args = listOf(must(call, 'ArgumentList'), 'Expressions').map((a) =>
      compileExpr(a, inner),
    );
    return addSlot(fn, args, resultType(call) ?? 'dynamic', call);
  };

  const addSlot = (fn: AggregateFunction, args: Expr[], type: KqlType, at: Node): Expr => {
    const column = `\u0000agg${slots.length}`;
    slots.push({ fn, args, column, resultType: type });
    return columnExpr(column, type, at);
  };

  const items: Item[] = listOf(n, 'Aggregates').flatMap((item): Item[] => {
    const inner = unwrapNamed(item);
    if (kind(inner) === 'FunctionCallExpression') {
      const name = nameText(must(inner, 'Name')).toLowerCase();
      if (name === 'percentiles' || name === 'percentilesw') {
        return percentileColumns(inner, name === 'percentilesw', env).map(
          ({ fn, args, type }): Item => ({ kind: 'expr', expr: addSlot(fn, args, type, inner) }),
        );
      }
      if (name === 'arg_max' || name === 'arg_min') {
        const args = listOf(must(inner, 'ArgumentList'), 'Expressions');
        const star = args.slice(1).some((a) => kind(a) === 'StarExpression');
        return [
          {
            kind: 'arg',
            arg: {
              sign: name === 'arg_max' ? 1 : -1,
              value: compileExpr(args[0]!, env),
              columns: star
                ? (input: string[]) => starColumns(input, keyNodes, args[0]!)
                : args.slice(1).map((a) => compileExpr(a, env)),
            },
          },
        ];
      }
    }
    const before = slots.length;
    const expr = compileExpr(item, { ...env, aggregate: aggregateHook });
    if (slots.length === before && !expr.constant) {
      throw new KqlError(
        'KQL0108',
        'A summarize item must use an aggregation function.',
        item.TextStart,
        item.Width,
      );
    }
    return [{ kind: 'expr', expr }];
  });

  const outNames = env.output?.map((c) => c.name);
  return {
    name: 'summarize',
    run(input: Table, q: QueryContext): Table {
      const keyCols = keys.map((k) => k.eval(input, q));
      const { groups, nGroups, firstRow } = groupRows(keyCols, input.length);
      if (keys.length > 0 && input.length === 0) return emptyResult(env);
      const slotCols = slots.map((s) => {
        const argCols = s.args.map((a) => a.eval(input, q));
        const constants = s.args.map((a, i) => (a.constant ? argCols[i]!.get(0) : undefined));
        return s.fn.aggregate(argCols, groups, nGroups, {
          argTypes: s.args.map((a) => a.type),
          resultType: s.resultType,
          constants,
        });
      });
      const groupTable = Table.of(
        slots.map((s, i) => ({ name: s.column, column: slotCols[i]! })),
        nGroups,
      );
      const columns: Column[] = keyCols.map((c) => (nGroups === 0 ? c : takeRows(c, firstRow)));
      for (const it of items) {
        if (it.kind === 'expr') {
          columns.push(it.expr.eval(groupTable, q));
          continue;
        }
        const value = it.arg.value.eval(input, q);
        const rows = argExtremeRows(value, groups, nGroups, it.arg.sign);
        columns.push(value.take(rows));
        const picked =
          typeof it.arg.columns === 'function'
            ? it.arg.columns(input.specs.map((s) => s.name)).map((c) => input.columnByName(c)!)
            : it.arg.columns.map((c) => c.eval(input, q));
        for (const col of picked) columns.push(col.take(rows));
      }
      return Table.of(
        columns.map((column, i) => ({ name: outNames?.[i] ?? `Column${i + 1}`, column })),
        nGroups,
      );
    },
  };
}

function takeRows(c: Column, rows: Int32Array): Column {
  return c.take(rows);
}

function emptyResult(env: OpEnv): Table {
  return Table.empty(env.output ?? []);
}
