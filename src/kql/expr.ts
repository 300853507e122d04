/**
 * Compiles a bound scalar expression into an evaluator that produces a whole column for an
 * input table. Types come from the binder (`ResultType`), so the evaluator never guesses
 * between, say, integer and real division. Column references resolve by name against the
 * input at run time, through an optional rename map that lets a predicate written after a
 * join run on one side of it.
 */

import { ConstColumn, StringColumn, type Column } from '../table/column.js';
import { Table } from '../table/table.js';
import type { JsonValue, KqlType, Scalar } from '../table/types.js';
import { KqlError, type QueryContext } from './context.js';
import { mapRows } from './eval.js';
import { binaryOperator, isBinaryKind } from './functions/binary.js';
import './functions/index.js';
import { lookupFunction, type CallSite } from './functions/registry.js';
import { lookupSpecial } from './functions/special.js';
import { HAS, matchAnyTerm, matchAllTerms, prepareNeedle } from './functions/terms.js';
import { binaryKernel, callKernel } from './kernels.js';
import { literal, typeOfLiteral } from './literals.js';
import { CachedPlan, type Plan } from './plan.js';
import { Scope, type Binding, type FunctionParam } from './scope.js';
import {
  calledBody,
  child,
  kind,
  listOf,
  must,
  nameText,
  resultType,
  symbolKind,
  text,
  type Node,
} from './syntax.js';
import { hashKey, toKqlString } from './values.js';

export interface Expr {
  readonly type: KqlType;
  /** True when the value does not depend on the row. */
  readonly constant: boolean;
  eval(t: Table, q: QueryContext): Column;
}

export interface ExprEnv {
  readonly scope: Scope;
  /** Column names as the query writes them → as the input table has them. */
  readonly renames: ReadonlyMap<string, string> | null;
  readonly depth: number;
  /** Compiles a tabular sub-expression (`toscalar(...)`, `x in (T | project a)`). */
  readonly tabular: (n: Node, scope: Scope, depth: number) => Plan;
  /** Inside `summarize`: turns an aggregate call into a per-group column. */
  readonly aggregate?: (call: Node, env: ExprEnv) => Expr | undefined;
  /**
   * The columns of the operator's input as the binder saw them. An `extend` item can read
   * columns made by earlier items of the same `extend`, but a function of the whole row
   * (`pack_all()`) sees only the operator's input.
   */
  readonly input?: readonly { name: string }[] | undefined;
}

/** A one-row table with no columns, for evaluating constants. */
export const emptyRow: Table = Table.of([], 1);

export function constExpr(type: KqlType, value: Scalar): Expr {
  return { type, constant: true, eval: (t) => new ConstColumn(type, value, t.length) };
}

/** Reads a column by name; a missing column is a run-time error naming it. */
export function columnExpr(name: string, type: KqlType, at?: Node): Expr {
  return {
    type,
    constant: false,
    eval: (t) => {
      const c = t.columnByName(name);
      if (c === undefined) {
        throw new KqlError(
          'KQL0301',
          `The column '${name}' is not in the input.`,
          at?.TextStart ?? -1,
          at?.Width ?? 0,
        );
      }
      return c;
    },
  };
}

function typeOf(n: Node, fallback: KqlType = 'dynamic'): KqlType {
  return resultType(n) ?? fallback;
}

function nest(env: ExprEnv, n: Node): ExprEnv {
  if (env.depth > 400) {
    throw new KqlError(
      'KQL0403',
      'The expression is nested too deeply.',
      n.TextStart,
      n.Width,
      'Simplify the query.',
    );
  }
  return { ...env, depth: env.depth + 1 };
}

/** Compiles any scalar expression node. */
export function compileExpr(n: Node, env0: ExprEnv): Expr {
  const env = nest(env0, n);
  const k = kind(n);
  switch (k) {
    case 'ParenthesizedExpression':
      return compileExpr(must(n, 'Expression'), env);
    case 'SimpleNamedExpression':
      return compileExpr(must(n, 'Expression'), env);
    case 'NameReference':
      return compileName(n, env);
    case 'TypeOfLiteralExpression':
      return constExpr('string', typeOfLiteral(n));
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
    case 'BooleanLiteralExpression':
    case 'IntLiteralExpression':
    case 'LongLiteralExpression':
    case 'RealLiteralExpression':
    case 'DecimalLiteralExpression':
    case 'DateTimeLiteralExpression':
    case 'TimespanLiteralExpression':
    case 'GuidLiteralExpression':
    case 'NullLiteralExpression':
    case 'DynamicExpression': {
      const { type, value } = literal(n);
      return constExpr(type, value);
    }
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return compileUnary(n, env, k === 'UnaryMinusExpression');
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression':
      return compileIn(n, env, k);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return compileHasAny(n, env, k === 'HasAllExpression');
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return compileBetween(n, env, k === 'NotBetweenExpression');
    case 'FunctionCallExpression':
      return compileCall(n, env);
    case 'ToScalarExpression':
      return compileToScalar(must(n, 'Expression'), typeOf(n), env);
    case 'PathExpression':
      return compilePath(n, env);
    case 'ElementExpression':
      return compileElement(n, env);
    case 'BracketedExpression':
      return compileExpr(must(n, 'Expression'), env);
    default:
      if (isBinaryKind(k)) return compileBinary(n, env, k);
      throw new KqlError(
        'KQL0101',
        `webc2 cannot evaluate ${describe(k)} yet.`,
        n.TextStart,
        n.Width,
      );
  }
}

function describe(k: string): string {
  return (
    k
      .replace(/Expression$/, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase() + ' expressions'
  );
}

function compileName(n: Node, env: ExprEnv): Expr {
  const name = nameText(n);
  const sk = symbolKind(n);
  const bound = env.scope.lookup(name);
  if (sk !== 'Column' && bound !== undefined) {
    if (bound.kind === 'scalar') return bound.expr;
    if (bound.kind === 'tabular') return compileTabularAsScalar(bound.plan, typeOf(n), n);
    if (bound.kind === 'function' && bound.params.length === 0) {
      return expandFunction(bound, [], n, env);
    }
  }
  if (sk === 'Column' || sk === undefined) {
    const source = env.renames?.get(name) ?? name;
    return columnExpr(source, typeOf(n), n);
  }
  throw new KqlError(
    'KQL0302',
    `The name '${name}' does not refer to a value here.`,
    n.TextStart,
    n.Width,
  );
}

/** A tabular value used as a scalar (`x in (T)` handles its own case): its first cell. */
function compileTabularAsScalar(plan: Plan, type: KqlType, _n: Node): Expr {
  return {
    type,
    constant: true,
    eval: (t, q) => {
      const r = plan.run(q);
      const v = r.length > 0 && r.width > 0 ? r.column(0).get(0) : null;
      return new ConstColumn(type, v, t.length);
    },
  };
}

function compileToScalar(inner: Node, type: KqlType, env: ExprEnv): Expr {
  // `toscalar(2)` is allowed: a scalar argument is its own value.
  const rt = inner['ResultType'] as { Columns?: unknown } | null;
  if (!rt || rt.Columns === undefined) return compileExpr(inner, env);
  const plan = env.tabular(inner, env.scope, env.depth + 1);
  let cache: { q: QueryContext; v: Scalar } | null = null;
  return {
    type,
    constant: true,
    eval: (t, q) => {
      if (cache === null || cache.q !== q) {
        const r = plan.run(q);
        let v: Scalar = r.length > 0 && r.width > 0 ? r.column(0).get(0) : null;
        if (type === 'string' && v === null) v = '';
        cache = { q, v };
      }
      return new ConstColumn(type, cache.v, t.length);
    },
  };
}

function compileUnary(n: Node, env: ExprEnv, minus: boolean): Expr {
  const e = compileExpr(must(n, 'Expression'), env);
  if (!minus) return e;
  const type = typeOf(n, e.type);
  return {
    type,
    constant: e.constant,
    eval: (t, q) =>
      mapRows([e.eval(t, q)], t.length, type, ([v]) => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'bigint') return -v;
        if (typeof v === 'number') return v === 0 ? 0 : -v;
        return null;
      }),
  };
}

function compileBinary(n: Node, env: ExprEnv, k: string): Expr {
  const left = compileExpr(must(n, 'Left'), env);
  const right = compileExpr(must(n, 'Right'), env);
  const type = typeOf(n, 'bool');
  const f = binaryOperator(k, left.type, right.type, type);
  if (f === undefined) {
    throw new KqlError(
      'KQL0102',
      `webc2 cannot apply ${text(child(n, 'Operator'))} to ${left.type} and ${right.type}.`,
      n.TextStart,
      n.Width,
    );
  }
  return {
    type,
    constant: left.constant && right.constant,
    eval: (t, q) => {
      const a = left.eval(t, q);
      const b = right.eval(t, q);
      return (
        binaryKernel(k, a, b, left.type, right.type, type, t.length, f) ??
        mapRows([a, b], t.length, type, ([x, y]) => f(x ?? null, y ?? null))
      );
    },
  };
}

/** The values of an `in`/`has_any` list: scalars, dynamic arrays (flattened), or a sub-query's first column. */
function compileValueList(list: Node, env: ExprEnv): (q: QueryContext) => Scalar[] {
  const parts = listOf(list, 'Expressions').map((e) => {
    const rt = e['ResultType'] as { Columns?: unknown } | null;
    if (rt && rt.Columns !== undefined) {
      const plan = env.tabular(e, env.scope, env.depth + 1);
      return (q: QueryContext): Scalar[] => {
        const r = plan.run(q);
        if (r.width === 0) return [];
        const c = r.column(0);
        const out: Scalar[] = [];
        for (let i = 0; i < r.length; i++) out.push(c.get(i));
        return out;
      };
    }
    const x = compileExpr(e, env);
    return (q: QueryContext): Scalar[] => {
      const v = x.eval(emptyRow, q).get(0);
      if (x.type === 'dynamic' && Array.isArray(v)) return v as Scalar[];
      return [v];
    };
  });
  let cache: { q: QueryContext; v: Scalar[] } | null = null;
  return (q) => {
    if (cache === null || cache.q !== q) cache = { q, v: parts.flatMap((p) => p(q)) };
    return cache.v;
  };
}

function compileIn(n: Node, env: ExprEnv, k: string): Expr {
  const left = compileExpr(must(n, 'Left'), env);
  const values = compileValueList(must(n, 'Right'), env);
  const negate = k.startsWith('Not');
  const caseInsensitive = k === 'InCsExpression' || k === 'NotInCsExpression';
  return {
    type: 'bool',
    constant: false,
    eval: (t, q) => {
      const set = new Set<unknown>();
      let hasNull = false;
      for (const v of values(q)) {
        if (v === null) hasNull = true;
        else if (caseInsensitive) set.add(toKqlString(v).toLowerCase());
        else if (left.type === 'string') set.add(typeof v === 'string' ? v : toKqlString(v));
        else
          set.add(
            hashKey(
              typeof v === 'string' && left.type !== 'dynamic' ? coerceForIn(v, left.type) : v,
            ),
          );
      }
      return mapRows([left.eval(t, q)], t.length, 'bool', ([v]) => {
        if (v === null || v === undefined) {
          return negate ? !hasNull : hasNull ? null : false;
        }
        const key = caseInsensitive
          ? toKqlString(v, left.type).toLowerCase()
          : hashKey(left.type === 'dynamic' ? (v as JsonValue) : v);
        const hit = set.has(key);
        return negate ? !hit : hit;
      });
    },
  };
}

function coerceForIn(v: string, type: KqlType): Scalar {
  if (type === 'int' || type === 'long' || type === 'real') {
    const x = Number(v);
    return Number.isNaN(x) ? v : x;
  }
  return v;
}

function compileHasAny(n: Node, env: ExprEnv, all: boolean): Expr {
  const left = compileExpr(must(n, 'Left'), env);
  const values = compileValueList(must(n, 'Right'), env);
  return {
    type: 'bool',
    constant: false,
    eval: (t, q) => {
      // A null needle drops out; an empty list matches nothing for has_any and everything for has_all.
      const needles = values(q)
        .filter((v) => v !== null)
        .map((v) => prepareNeedle(toKqlString(v), HAS));
      const col = left.eval(t, q);
      return mapRows([col], t.length, 'bool', ([v]) => {
        const s =
          v === null || v === undefined
            ? null
            : typeof v === 'string'
              ? v
              : toKqlString(v, left.type);
        if (s === null) return all ? needles.length === 0 : false;
        return all ? matchAllTerms(s, needles) : matchAnyTerm(s, needles);
      });
    },
  };
}

function compileBetween(n: Node, env: ExprEnv, negate: boolean): Expr {
  const left = compileExpr(must(n, 'Left'), env);
  const couple = must(n, 'Right');
  const lo = compileExpr(must(couple, 'First'), env);
  const hi = compileExpr(must(couple, 'Second'), env);
  const ge = binaryOperator('GreaterThanOrEqualExpression', left.type, lo.type, 'bool')!;
  const le = binaryOperator('LessThanOrEqualExpression', left.type, hi.type, 'bool')!;
  // For numbers and datetimes, `x between (a .. b)` means a <= x <= b, with a timespan
  // upper bound read as an offset from the lower one.
  return {
    type: 'bool',
    constant: left.constant && lo.constant && hi.constant,
    eval: (t, q) =>
      mapRows([left.eval(t, q), lo.eval(t, q), hi.eval(t, q)], t.length, 'bool', ([x, a, b]) => {
        if (
          x === null ||
          a === null ||
          b === null ||
          x === undefined ||
          a === undefined ||
          b === undefined
        )
          return null;
        let upper: Scalar = b;
        if (
          hi.type === 'timespan' &&
          left.type === 'datetime' &&
          typeof a === 'bigint' &&
          typeof b === 'bigint'
        )
          upper = a + b;
        const inside = ge(x, a) === true && le(x, upper) === true;
        return negate ? !inside : inside;
      }),
  };
}

function compilePath(n: Node, env: ExprEnv): Expr {
  const base = compileExpr(must(n, 'Expression'), env);
  const sel = must(n, 'Selector');
  const key = nameText(sel);
  const type = typeOf(n);
  return {
    type,
    constant: base.constant,
    eval: (t, q) => mapRows([base.eval(t, q)], t.length, type, ([v]) => member(v ?? null, key)),
  };
}

function member(v: Scalar, key: string | number): Scalar {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'string' && v.trim().startsWith('{')) {
      try {
        return member(JSON.parse(v) as Scalar, key);
      } catch {
        return null;
      }
    }
    return null;
  }
  if (Array.isArray(v)) {
    if (typeof key !== 'number') return null;
    const i = key < 0 ? v.length + key : key;
    return (v[i] ?? null) as Scalar;
  }
  if (typeof key === 'number') return null;
  const o = v as Record<string, JsonValue>;
  return Object.prototype.hasOwnProperty.call(o, key) ? (o[key] as Scalar) : null;
}

function compileElement(n: Node, env: ExprEnv): Expr {
  const base = compileExpr(must(n, 'Expression'), env);
  const sel = must(n, 'Selector');
  const idx = compileExpr(kind(sel) === 'BracketedExpression' ? must(sel, 'Expression') : sel, env);
  const type = typeOf(n);
  return {
    type,
    constant: base.constant && idx.constant,
    eval: (t, q) =>
      mapRows([base.eval(t, q), idx.eval(t, q)], t.length, type, ([v, i]) =>
        typeof i === 'number' || typeof i === 'string' ? member(v ?? null, i) : null,
      ),
  };
}

function compileCall(n: Node, env: ExprEnv): Expr {
  const name = nameText(must(n, 'Name'));
  const args = listOf(must(n, 'ArgumentList'), 'Expressions');
  const user = env.scope.lookup(name);
  if (user !== undefined && user.kind === 'function') return expandFunction(user, args, n, env);
  if (user !== undefined && user.kind === 'scalar' && args.length === 0) return user.expr;
  if (env.aggregate !== undefined) {
    const agg = env.aggregate(n, env);
    if (agg !== undefined) return agg;
  }
  const special = lookupSpecial(name);
  if (special !== undefined) return special(n, args, env, compileExpr);
  const f = lookupFunction(name);
  if (f === undefined) {
    throw new KqlError(
      'KQL0103',
      `webc2 does not implement the function ${name}() yet.`,
      n.TextStart,
      n.Width,
    );
  }
  const compiled = args.map((a) => compileExpr(a, env));
  const type = typeOf(n, 'dynamic');
  const deterministic = f.deterministic !== false;
  const memo = new Map<unknown, unknown>();
  return {
    type,
    constant: deterministic && compiled.every((c) => c.constant),
    eval: (t, q) => {
      const site: CallSite = {
        name,
        argTypes: compiled.map((c) => c.type),
        resultType: type,
        query: q,
        memo,
      };
      const cols = compiled.map((c) => c.eval(t, q));
      return (
        callKernel(name, cols, type, t.length) ??
        mapRows(cols, t.length, type, (vals) => f.call(vals, site), deterministic)
      );
    },
  };
}

/** Calls of a `let`-defined function: the body is compiled with the arguments bound. */
function expandFunction(
  fnb: Extract<Binding, { kind: 'function' }>,
  args: Node[],
  at: Node,
  env: ExprEnv,
): Expr {
  const scope = bindArguments(fnb, args, at, env);
  const body = calledBody(at) ?? fnb.body;
  const stmts = listOf(body, 'Statements');
  for (const s of stmts) defineLet(s, scope, { ...env, scope });
  const result = must(body, 'Expression');
  const rt = result['ResultType'] as { Columns?: unknown } | null;
  if (rt && rt.Columns !== undefined) {
    return compileTabularAsScalar(env.tabular(result, scope, env.depth + 1), typeOf(at), at);
  }
  return compileExpr(result, { ...env, scope });
}

export function bindArguments(
  fnb: Extract<Binding, { kind: 'function' }>,
  args: Node[],
  at: Node,
  env: ExprEnv,
): Scope {
  const scope = new Scope(fnb.scope);
  // Arguments bind by position, or by name when written `name = value` (`f(c=7, a=12)`).
  const given = new Map<string, Node>();
  args.forEach((a, i) => {
    if (kind(a) === 'SimpleNamedExpression') {
      given.set(nameText(must(a, 'Name')), must(a, 'Expression'));
    } else {
      const p = fnb.params[i];
      if (p !== undefined) given.set(p.name, a);
    }
  });
  for (const p of fnb.params) {
    const a = given.get(p.name);
    if (a === undefined) {
      if (p.defaultValue === null) {
        throw new KqlError(
          'KQL0104',
          `The function needs an argument for '${p.name}'.`,
          at.TextStart,
          at.Width,
        );
      }
      scope.define(p.name, {
        kind: 'scalar',
        expr: compileExpr(p.defaultValue, { ...env, scope: fnb.scope }),
      });
    } else if (p.tabular) {
      scope.define(p.name, { kind: 'tabular', plan: env.tabular(a, env.scope, env.depth + 1) });
    } else {
      scope.define(p.name, { kind: 'scalar', expr: compileExpr(a, env) });
    }
  }
  return scope;
}

/** Adds a `let` statement's binding to a scope. */
export function defineLet(stmt: Node, scope: Scope, env: ExprEnv): void {
  if (kind(stmt) !== 'LetStatement') return;
  const name = nameText(must(stmt, 'Name'));
  const value = must(stmt, 'Expression');
  const vk = kind(value);
  if (vk === 'FunctionDeclaration') {
    scope.define(name, {
      kind: 'function',
      params: functionParams(value),
      body: must(value, 'Body'),
      scope,
    });
    return;
  }
  const rt = value['ResultType'] as { Columns?: unknown } | null;
  if ((rt && rt.Columns !== undefined) || vk === 'MaterializeExpression') {
    // A name bound to a table is evaluated once per query however often it is used: rules
    // refer to their evidence several times, and re-running it each time multiplies the work.
    scope.define(name, {
      kind: 'tabular',
      plan: new CachedPlan(env.tabular(value, scope, env.depth + 1)),
    });
    return;
  }
  const e = compileExpr(value, { ...env, scope });
  scope.define(name, { kind: 'scalar', expr: e.constant ? cachedConstant(e) : e });
}

/** A constant expression evaluated once per query. */
function cachedConstant(e: Expr): Expr {
  let cache: { q: QueryContext; v: Scalar } | null = null;
  return {
    type: e.type,
    constant: true,
    eval: (t, q) => {
      if (cache === null || cache.q !== q) cache = { q, v: e.eval(emptyRow, q).get(0) };
      return new ConstColumn(e.type, cache.v, t.length);
    },
  };
}

export function functionParams(decl: Node): FunctionParam[] {
  const params = must(decl, 'Parameters');
  return listOf(params, 'Parameters').map((p) => {
    const nt = must(p, 'NameAndType');
    const typeNode = child(nt, 'Type');
    const tk = typeNode ? kind(typeNode) : '';
    const tabular = tk === 'SchemaTypeExpression';
    const typeName = typeNode && !tabular ? text(child(typeNode, 'Type') ?? typeNode) : '';
    const dv = child(p, 'DefaultValue');
    return {
      name: nameText(must(nt, 'Name')),
      type: tabular ? undefined : (typeName as KqlType),
      tabular,
      defaultValue: dv ? child(dv, 'Value') : null,
    };
  });
}

/** True if a string column's dictionary is small against its length (for callers choosing a path). */
export function isDictionaryCheap(c: Column, length: number): boolean {
  return c instanceof StringColumn && c.dict.length <= length;
}
