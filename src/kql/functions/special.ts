/**
 * Functions that need more than their argument values: the input table itself
 * (`pack_all`, `column_ifexists`), the row order (`row_number`, `prev`, `next` after
 * `serialize`), or unevaluated syntax. Each compiles its call node into an expression.
 */

import { columnFromValues } from '../../table/column.js';
import type { JsonValue, Scalar } from '../../table/types.js';
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
      const cols = t.specs.map((s, i) => ({ s, c: t.column(i) }));
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
