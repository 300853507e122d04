/** `range x from a to b step s`: one column of values from a to b inclusive, for numbers and datetimes. */

import { columnFromValues } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { Scalar } from '../../table/types.js';
import { checkRows, type QueryContext } from '../context.js';
import { compileExpr } from '../expr.js';
import type { Plan } from '../plan.js';
import { must, nameText, type Node } from '../syntax.js';
import type { OpEnv } from './types.js';

export function compileRange(n: Node, env: OpEnv): Plan {
  const name = nameText(must(n, 'Name'));
  const from = compileExpr(must(n, 'From'), env);
  const to = compileExpr(must(n, 'To'), env);
  const step = compileExpr(must(n, 'Step'), env);
  const type = env.output?.[0]?.type ?? from.type;
  const one = Table.of([], 1);
  return {
    run(q: QueryContext): Table {
      const a = from.eval(one, q).get(0);
      const b = to.eval(one, q).get(0);
      const s = step.eval(one, q).get(0);
      const out: Scalar[] = [];
      if (typeof a === 'bigint' && typeof b === 'bigint' && typeof s === 'bigint' && s !== 0n) {
        for (let v = a; s > 0n ? v <= b : v >= b; v += s) {
          out.push(v);
          if (out.length > q.limits.maxRows) checkRows(out.length, q.limits, 'range', n, true);
        }
      } else if (
        typeof a === 'number' &&
        typeof b === 'number' &&
        typeof s === 'number' &&
        s !== 0
      ) {
        for (let i = 0; ; i++) {
          const v = a + i * s;
          if (s > 0 ? v > b : v < b) break;
          out.push(v);
          if (out.length > q.limits.maxRows) checkRows(out.length, q.limits, 'range', n, true);
        }
      }
      return Table.of([{ name, column: columnFromValues(type, out) }], out.length);
    },
  };
}
