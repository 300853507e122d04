/**
 * Compiles tabular expressions — table names, pipes of query operators, `let`-bound tables,
 * `datatable`, `print`, `range`, `union`, `materialize()`, user functions that return
 * tables — into plans. Each operator takes its output schema from the binder.
 */

import { Table, type ColumnSpec } from '../table/table.js';
import { KqlError, type QueryContext } from './context.js';
import { bindArguments, compileExpr, defineLet, type ExprEnv } from './expr.js';
import { compileCount } from './operators/count.js';
import { compileDataTable } from './operators/datatable.js';
import { compileDistinct } from './operators/distinct.js';
import { compileEvaluate } from './operators/evaluate.js';
import { compileExtend } from './operators/extend.js';
import { compileGetSchema } from './operators/getschema.js';
import { compileJoin, pushFilter } from './operators/join.js';
import { compileMvApply } from './operators/mv-apply.js';
import { compileMvExpand } from './operators/mv-expand.js';
import { compileParse } from './operators/parse.js';
import { compileParseKv } from './operators/parse-kv.js';
import { compilePrint } from './operators/print.js';
import { compileProject } from './operators/project.js';
import { compileProjectColumns } from './operators/project-columns.js';
import { compileRange } from './operators/range.js';
import { compileRender } from './operators/render.js';
import { compileSort } from './operators/sort.js';
import { compileSummarize } from './operators/summarize.js';
import { compileTake } from './operators/take.js';
import { compileTop } from './operators/top.js';
import type { OpEnv } from './operators/types.js';
import { compileUnion } from './operators/union.js';
import { compileWhere } from './operators/where.js';
import { CachedPlan, pipe, type Op, type Plan } from './plan.js';
import { Scope, type Binding } from './scope.js';
import {
  calledBody,
  kind,
  listOf,
  must,
  nameText,
  resultColumns,
  text,
  type Node,
} from './syntax.js';

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

/** The input schema of an operator: its input expression's, or one given (a subquery's). */
type InputOf = Node | ColumnSpec[] | undefined;

function opEnv(scope: Scope, depth: number, opNode: Node, input: InputOf): OpEnv {
  return {
    scope,
    renames: null,
    depth,
    tabular: compileTabular,
    subquery: compileSubquery,
    output: resultColumns(opNode),
    input: Array.isArray(input) ? input : input ? resultColumns(input) : undefined,
  };
}

/**
 * A subquery that runs on rows given to it, such as `mv-apply`'s `on (top 1 by x)`: its
 * innermost operator has no input written, and reads `source` (whose schema, when known,
 * is `specs`).
 */
export function compileSubquery(
  n: Node,
  source: Plan,
  specs: ColumnSpec[] | undefined,
  scope: Scope,
  depth: number,
): Plan {
  const k = kind(n);
  if (k === 'ParenthesizedExpression' || k === 'MvApplySubqueryExpression') {
    return compileSubquery(must(n, 'Expression'), source, specs, scope, depth + 1);
  }
  if (k === 'PipeExpression') {
    const left = must(n, 'Expression');
    const input = compileSubquery(left, source, specs, scope, depth + 1);
    return applyOperator(input, must(n, 'Operator'), left, scope, depth + 1);
  }
  return applyOperator(source, n, specs, scope, depth + 1);
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
      return compileDataTable(n, opEnv(scope, depth, n, undefined));
    case 'PrintOperator':
      return compilePrint(n, opEnv(scope, depth, n, undefined));
    case 'RangeOperator':
      return compileRange(n, opEnv(scope, depth, n, undefined));
    case 'UnionOperator':
      return compileUnion(n, opEnv(scope, depth, n, undefined), null);
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

type FunctionBinding = Extract<Binding, { kind: 'function' }>;

function expandTabularFunction(
  fnb: FunctionBinding,
  args: Node[],
  at: Node,
  scope: Scope,
  depth: number,
): Plan {
  const env = exprEnv(scope, depth + 1);
  return compileBody(fnb, at, bindArguments(fnb, args, at, env), env, depth);
}

/** A function's body with its arguments bound in `inner`: its own lets, then its result. */
function compileBody(
  fnb: FunctionBinding,
  call: Node,
  inner: Scope,
  env: ExprEnv,
  depth: number,
): Plan {
  const body = calledBody(call) ?? fnb.body;
  for (const s of listOf(body, 'Statements')) defineLet(s, inner, { ...env, scope: inner });
  return compileTabular(must(body, 'Expression'), inner, depth + 1);
}

/** `T | invoke f(a, b)`: calls `f(T, a, b)`, the input bound to the first (tabular) parameter. */
function compileInvoke(input: Plan, op: Node, scope: Scope, depth: number): Plan {
  const call = must(op, 'Function');
  const name = nameText(kind(call) === 'FunctionCallExpression' ? must(call, 'Name') : call);
  const fnb = scope.lookup(name);
  if (fnb?.kind !== 'function' || fnb.params.length === 0) {
    throw new KqlError(
      'KQL0103',
      `webc2 cannot invoke '${name}': only functions the query defines with let can be invoked.`,
      call.TextStart,
      call.Width,
    );
  }
  const args =
    kind(call) === 'FunctionCallExpression'
      ? listOf(must(call, 'ArgumentList'), 'Expressions')
      : [];
  const env = exprEnv(scope, depth + 1);
  const inner = bindArguments({ ...fnb, params: fnb.params.slice(1) }, args, call, env);
  inner.define(fnb.params[0]!.name, { kind: 'tabular', plan: input });
  return compileBody(fnb, call, inner, env, depth);
}

function applyOperator(
  input: Plan,
  op: Node,
  inputNode: InputOf,
  scope: Scope,
  depth: number,
): Plan {
  const env = opEnv(scope, depth, op, inputNode);
  const k = kind(op);
  const add = (o: Op): Plan => pipe(input, Object.assign(o, { at: op }));
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
      return compileUnion(op, env, {
        plan: input,
        node: inputNode === undefined || Array.isArray(inputNode) ? null : inputNode,
      });
    case 'ProjectAwayOperator':
      return add(compileProjectColumns(op, env, 'project-away'));
    case 'ProjectKeepOperator':
      return add(compileProjectColumns(op, env, 'project-keep'));
    case 'ProjectRenameOperator':
      return add(compileProjectColumns(op, env, 'project-rename'));
    case 'ProjectReorderOperator':
      return add(compileProjectColumns(op, env, 'project-reorder'));
    case 'ProjectByNamesOperator':
      return add(compileProjectColumns(op, env, 'project-by-names'));
    case 'AsOperator':
      scope.define(nameText(must(op, 'Name')), { kind: 'tabular', plan: new CachedPlan(input) });
      return input;
    case 'InvokeOperator':
      return compileInvoke(input, op, scope, depth);
    case 'MvExpandOperator':
      return add(compileMvExpand(op, env));
    case 'MvApplyOperator':
      return add(compileMvApply(op, env));
    case 'ParseOperator':
      return add(compileParse(op, env));
    case 'ParseWhereOperator':
      return add(compileParse(op, env, true));
    case 'ParseKvOperator':
      return add(compileParseKv(op, env));
    case 'EvaluateOperator':
      return add(compileEvaluate(op, env));
    case 'RenderOperator':
      return add(compileRender());
    case 'GetSchemaOperator':
      return add(compileGetSchema());
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
