/** `count`: one row, one `long` column named `Count` (or the `as` name). */

import { NumberColumn } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { Op } from '../plan.js';
import type { OpEnv } from './types.js';

export function compileCount(env: OpEnv): Op {
  const name = env.output?.[0]?.name ?? 'Count';
  return {
    name: 'count',
    run: (input) =>
      Table.of(
        [{ name, column: new NumberColumn('long', Float64Array.of(input.length), null) }],
        1,
      ),
  };
}
