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
  node: Node;
}

interface ArgExtreme {
  sign: 1 | -1;
  value: Expr;
  /** Columns to return; null means `*` (every input column). */
  columns: Node[] | null;
}

type Item = { kind: 'expr'; expr: Expr } | { kind: 'arg'; arg: ArgExtreme };

function unwrapNamed(n: Node): Node {
  return kind(n) === 'SimpleNamedExpression' ? must(n, 'Expression') : n;
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
    const column = `\u0000agg${slots.length}`;
    slots.push({ fn, args, column, node: call });
    return columnExpr(column, resultType(call) ?? 'dynamic', call);
  };

  const items: Item[] = listOf(n, 'Aggregates').map((item) => {
    const inner = unwrapNamed(item);
    if (kind(inner) === 'FunctionCallExpression') {
      const name = nameText(must(inner, 'Name')).toLowerCase();
      if (name === 'arg_max' || name === 'arg_min') {
        const args = listOf(must(inner, 'ArgumentList'), 'Expressions');
        const star = args.slice(1).some((a) => kind(a) === 'StarExpression');
        return {
          kind: 'arg',
          arg: {
            sign: name === 'arg_max' ? 1 : -1,
            value: compileExpr(args[0]!, env),
            columns: star ? null : args.slice(1),
          },
        };
      }
    }
    const expr = compileExpr(item, { ...env, aggregate: aggregateHook });
    if (slots.length === 0 && !expr.constant) {
      throw new KqlError(
        'KQL0108',
        'A summarize item must use an aggregation function.',
        item.TextStart,
        item.Width,
      );
    }
    return { kind: 'expr', expr };
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
          resultType: resultType(s.node) ?? 'dynamic',
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
        const rows = argExtremeRows(it.arg.value.eval(input, q), groups, nGroups, it.arg.sign);
        columns.push(it.arg.value.eval(input, q).take(rows));
        const picked: Column[] =
          it.arg.columns === null
            ? input.specs.map((_, i) => input.column(i).take(rows))
            : it.arg.columns.map((c) => compileExpr(c, env).eval(input, q).take(rows));
        columns.push(...picked);
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
