/**
 * Functions that need more than their argument values: the input table itself
 * (`pack_all`, `column_ifexists`), the row order (`row_number`, `prev`, `next`,
 * `row_cumsum` after `serialize`), or unevaluated syntax. Each compiles its call node into
 * an expression.
 */

import { NumberColumn, columnFromValues } from '../../table/column.js';
import type { Table } from '../../table/table.js';
import type { JsonValue, Scalar } from '../../table/types.js';
import type { QueryContext } from '../context.js';
import type { Expr, ExprEnv } from '../expr.js';
import { emptyRow } from '../expr.js';
import { resultType, type Node } from '../syntax.js';
import { toDynamic } from '../values.js';

export type CompileExpr = (n: Node, env: ExprEnv) => Expr;
export type SpecialFunction = (
  call: Node,
  args: Node[],
  env: ExprEnv,
  compile: CompileExpr,
) => Expr;

const specials = new Map<string, SpecialFunction>();

export function defineSpecial(name: string, f: SpecialFunction): void {
  specials.set(name, f);
}

export function lookupSpecial(name: string): SpecialFunction | undefined {
  return specials.get(name);
}

defineSpecial('column_ifexists', (call, args, env, compile) => {
  const nameArg = compile(args[0]!, env);
  const dflt = compile(args[1]!, env);
  const type = resultType(call) ?? dflt.type;
  return {
    type,
    constant: false,
    eval: (t, q) => {
      const name = String(nameArg.eval(emptyRow, q).get(0));
      return t.columnByName(env.renames?.get(name) ?? name) ?? dflt.eval(t, q);
    },
  };
});

defineSpecial('pack_all', (_call, args, env, compile) => {
  const ignoreNulls = args[0] ? compile(args[0], env) : null;
  return {
    type: 'dynamic',
    constant: false,
    eval: (t, q) => {
      const skip = ignoreNulls ? ignoreNulls.eval(emptyRow, q).get(0) === true : false;
      const inputNames = env.input ? new Set(env.input.map((c) => c.name)) : null;
      const cols = t.specs
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => inputNames === null || inputNames.has(s.name))
        .map(({ s, i }) => ({ s, c: t.column(i) }));
      const out: Scalar[] = [];
      for (let i = 0; i < t.length; i++) {
        const o: Record<string, JsonValue> = {};
        for (const { s, c } of cols) {
          const v = c.get(i);
          if (skip && (v === null || v === '')) continue;
          o[s.name] = toDynamic(v, s.type);
        }
        out.push(o);
      }
      return columnFromValues('dynamic', out);
    },
  };
});

/*
 * Row-order functions. They are legal only on serialized input (after `serialize`, `sort`,
 * `top`…, which the binder checks) and read a whole column at once, so they are specials:
 * each gets the input table, not one row's values.
 */

/** Evaluates an optional argument that must be the same for every row. */
function constantArg(e: Expr | null, t: Table, q: QueryContext): Scalar {
  return e === null ? null : e.eval(t, q).get(0);
}

/** `row_number([start [, restart]])`: 1, 2, 3…; a true `restart` starts again at `start`. */
defineSpecial('row_number', (_call, args, env, compile) => {
  const start = args[0] ? compile(args[0], env) : null;
  const restart = args[1] ? compile(args[1], env) : null;
  return {
    type: 'long',
    constant: false,
    eval: (t, q) => {
      const first = constantArg(start, t, q);
      const base = typeof first === 'number' ? first : 1;
      const again = restart === null ? null : restart.eval(t, q);
      const out = new Float64Array(t.length);
      let n = base;
      for (let i = 0; i < t.length; i++) {
        if (i > 0 && again !== null && again.get(i) === true) n = base;
        out[i] = n++;
      }
      return new NumberColumn('long', out, null);
    },
  };
});

/** `prev(e [, offset [, default]])` and `next(…)`: the value `offset` rows before or after. */
function shifted(direction: -1 | 1): SpecialFunction {
  return (call, args, env, compile) => {
    const value = compile(args[0]!, env);
    const offset = args[1] ? compile(args[1], env) : null;
    const dflt = args[2] ? compile(args[2], env) : null;
    const type = resultType(call) ?? value.type;
    return {
      type,
      constant: false,
      eval: (t, q) => {
        const off = constantArg(offset, t, q);
        const k = (typeof off === 'number' ? Math.trunc(off) : 1) * direction;
        const col = value.eval(t, q);
        const idx = new Int32Array(t.length);
        let outside = false;
        for (let i = 0; i < t.length; i++) {
          const j = i + k;
          if (j >= 0 && j < t.length) idx[i] = j;
          else {
            idx[i] = -1;
            outside = true;
          }
        }
        const moved = col.take(idx);
        const d = constantArg(dflt, t, q);
        if (!outside || dflt === null) return moved;
        const vals: Scalar[] = new Array<Scalar>(t.length);
        for (let i = 0; i < t.length; i++) vals[i] = idx[i] === -1 ? d : moved.get(i);
        return columnFromValues(type, vals);
      },
    };
  };
}

defineSpecial('prev', shifted(-1));
defineSpecial('next', shifted(1));

/** `row_cumsum(e [, restart])`: the running sum; a true `restart` starts it again at that row. */
defineSpecial('row_cumsum', (call, args, env, compile) => {
  const term = compile(args[0]!, env);
  const restart = args[1] ? compile(args[1], env) : null;
  const type = resultType(call) ?? term.type;
  return {
    type,
    constant: false,
    eval: (t, q) => {
      const col = term.eval(t, q);
      const again = restart === null ? null : restart.eval(t, q);
      const vals: Scalar[] = new Array<Scalar>(t.length);
      let sum: number | bigint | null = null;
      for (let i = 0; i < t.length; i++) {
        if (again !== null && again.get(i) === true) sum = null;
        const v = col.get(i);
        if (typeof v === 'bigint') sum = (typeof sum === 'bigint' ? sum : 0n) + v;
        else if (typeof v === 'number') sum = (typeof sum === 'number' ? sum : 0) + v;
        vals[i] = sum;
      }
      return columnFromValues(type, vals);
    },
  };
});
