/**
 * Compiles tabular expressions — table names, pipes of query operators, `let`-bound tables,
 * `datatable`, `print`, `range`, `union`, `materialize()`, user functions that return
 * tables — into plans. Each operator takes its output schema from the binder.
 */

import { Table } from '../table/table.js';
import { KqlError, type QueryContext } from './context.js';
import { bindArguments, compileExpr, defineLet, type ExprEnv } from './expr.js';
import { compileCount } from './operators/count.js';
import { compileDataTable } from './operators/datatable.js';
import { compileDistinct } from './operators/distinct.js';
import { compileExtend } from './operators/extend.js';
import { compileJoin, pushFilter } from './operators/join.js';
import { compilePrint } from './operators/print.js';
import { compileProject } from './operators/project.js';
import { compileProjectColumns } from './operators/project-columns.js';
import { compileRange } from './operators/range.js';
import { compileSort } from './operators/sort.js';
import { compileSummarize } from './operators/summarize.js';
import { compileTake } from './operators/take.js';
import { compileTop } from './operators/top.js';
import type { OpEnv } from './operators/types.js';
import { compileUnion } from './operators/union.js';
import { compileWhere } from './operators/where.js';
import { CachedPlan, pipe, type Op, type Plan } from './plan.js';
import { Scope } from './scope.js';
import { kind, listOf, must, nameText, resultColumns, text, type Node } from './syntax.js';

/** Reads an input table by name. */
class TableSource implements Plan {
  constructor(
    readonly name: string,
    readonly at: Node,
  ) {}
  run(q: QueryContext): Table {
    const t = q.tables.get(this.name);
    if (t === undefined) {
      throw new KqlError(
        'KQL0303',
        `There is no table named '${this.name}' in the loaded data.`,
        this.at.TextStart,
        this.at.Width,
      );
    }
    return t;
  }
}

function opEnv(scope: Scope, depth: number, opNode: Node, inputNode: Node | null): OpEnv {
  return {
    scope,
    renames: null,
    depth,
    tabular: compileTabular,
    output: resultColumns(opNode),
    input: inputNode ? resultColumns(inputNode) : undefined,
  };
}

export function exprEnv(scope: Scope, depth: number): ExprEnv {
  return { scope, renames: null, depth, tabular: compileTabular };
}

/** Compiles a tabular expression node into a plan. */
export function compileTabular(n: Node, scope: Scope, depth: number): Plan {
  if (depth > 300)
    throw new KqlError('KQL0403', 'The query is nested too deeply.', n.TextStart, n.Width);
  const k = kind(n);
  switch (k) {
    case 'PipeExpression': {
      const left = must(n, 'Expression');
      const input = compileTabular(left, scope, depth + 1);
      return applyOperator(input, must(n, 'Operator'), left, scope, depth + 1);
    }
    case 'ParenthesizedExpression':
      return compileTabular(must(n, 'Expression'), scope, depth + 1);
    case 'NameReference': {
      const name = nameText(n);
      const b = scope.lookup(name);
      if (b?.kind === 'tabular') return b.plan;
      if (b?.kind === 'function' && b.params.length === 0)
        return expandTabularFunction(b, [], n, scope, depth);
      return new TableSource(name, n);
    }
    case 'MaterializeExpression':
      return new CachedPlan(compileTabular(must(n, 'Expression'), scope, depth + 1));
    case 'ToTableExpression':
      return compileTabular(must(n, 'Expression'), scope, depth + 1);
    case 'DataTableExpression':
      return compileDataTable(n, opEnv(scope, depth, n, null));
    case 'PrintOperator':
      return compilePrint(n, opEnv(scope, depth, n, null));
    case 'RangeOperator':
      return compileRange(n, opEnv(scope, depth, n, null));
    case 'UnionOperator':
      return compileUnion(n, opEnv(scope, depth, n, null), null);
    case 'FunctionCallExpression':
      return compileTabularCall(n, scope, depth);
    default:
      throw new KqlError(
        'KQL0101',
        `webc2 cannot run '${text(n).slice(0, 40)}' (${k}) yet.`,
        n.TextStart,
        n.Width,
      );
  }
}

function compileTabularCall(n: Node, scope: Scope, depth: number): Plan {
  const name = nameText(must(n, 'Name'));
  const args = listOf(must(n, 'ArgumentList'), 'Expressions');
  const b = scope.lookup(name);
  if (b?.kind === 'function') return expandTabularFunction(b, args, n, scope, depth);
  if (name === 'materialize') return new CachedPlan(compileTabular(args[0]!, scope, depth + 1));
  if (name === 'table') {
    const nameArg = compileExpr(args[0]!, exprEnv(scope, depth));
    return {
      run: (q) => {
        const tn = String(nameArg.eval(Table.of([], 1), q).get(0));
        return new TableSource(tn, n).run(q);
      },
    };
  }
  if (name === '_GetWatchlist') {
    const nameArg = compileExpr(args[0]!, exprEnv(scope, depth));
    return {
      run: (q) => {
        const wn = String(nameArg.eval(Table.of([], 1), q).get(0));
        const t = q.watchlists.get(wn);
        if (t === undefined) {
          throw new KqlError(
            'KQL0304',
            `There is no watchlist named '${wn}'.`,
            n.TextStart,
            n.Width,
            'Pass it with --watchlist NAME=FILE.csv.',
          );
        }
        return t;
      },
    };
  }
  throw new KqlError(
    'KQL0103',
    `webc2 does not implement the tabular function ${name}() yet.`,
    n.TextStart,
    n.Width,
  );
}

function expandTabularFunction(
  fnb: Extract<import('./scope.js').Binding, { kind: 'function' }>,
  args: Node[],
  at: Node,
  scope: Scope,
  depth: number,
): Plan {
  const env = exprEnv(scope, depth + 1);
  const inner = bindArguments(fnb, args, at, env);
  for (const s of listOf(fnb.body, 'Statements')) defineLet(s, inner, { ...env, scope: inner });
  return compileTabular(must(fnb.body, 'Expression'), inner, depth + 1);
}

function applyOperator(input: Plan, op: Node, inputNode: Node, scope: Scope, depth: number): Plan {
  const env = opEnv(scope, depth, op, inputNode);
  const k = kind(op);
  const add = (o: Op): Plan => pipe(input, o);
  switch (k) {
    case 'FilterOperator': {
      const pushed = pushFilter(input, must(op, 'Condition'), env);
      return pushed ?? add(compileWhere(op, env));
    }
    case 'ProjectOperator':
      return add(compileProject(op, env));
    case 'ExtendOperator':
      return add(compileExtend(op, env));
    case 'SortOperator':
      return add(compileSort(op, env));
    case 'TakeOperator':
      return add(compileTake(op, env));
    case 'TopOperator':
      return add(compileTop(op, env));
    case 'CountOperator':
      return add(compileCount(env));
    case 'SummarizeOperator':
      return add(compileSummarize(op, env));
    case 'DistinctOperator':
      return add(compileDistinct(op, env));
    case 'JoinOperator':
      return add(compileJoin(op, env, false));
    case 'LookupOperator':
      return add(compileJoin(op, env, true));
    case 'UnionOperator':
      return compileUnion(op, env, input);
    case 'ProjectAwayOperator':
      return add(compileProjectColumns(op, env, 'project-away'));
    case 'ProjectKeepOperator':
      return add(compileProjectColumns(op, env, 'project-keep'));
    case 'ProjectRenameOperator':
      return add(compileProjectColumns(op, env, 'project-rename'));
    case 'ProjectReorderOperator':
      return add(compileProjectColumns(op, env, 'project-reorder'));
    case 'AsOperator':
      scope.define(nameText(must(op, 'Name')), { kind: 'tabular', plan: new CachedPlan(input) });
      return input;
    case 'SerializeOperator': {
      const items = listOf(op, 'Expressions');
      return items.length === 0 ? input : add(compileExtend(op, env));
    }
    default:
      throw new KqlError(
        'KQL0101',
        `webc2 does not run the '${text(op).split(/\s/)[0]}' operator yet.`,
        op.TextStart,
        op.Width,
      );
  }
}
