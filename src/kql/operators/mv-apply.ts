/**
 * `mv-apply x = arr [to typeof(T)], … on (subquery)`: for each input row, expands its
 * arrays as `mv-expand` does and runs the subquery over just those rows; the results of all
 * rows, one after another, are the output. `mv-apply v = Values to typeof(long) on (top 1
 * by v)` keeps the largest element of each row's array; `on (summarize sum(v))` folds each
 * array. The subquery sees the expanded columns and the row's other columns; the output has
 * the subquery's columns, and the row's other columns beside them when the subquery dropped
 * them (`on (summarize …)`), as the binder types it (docs mv-apply-operator).
 *
 * The subquery runs once per input row that expands to at least one row, over a slice of
 * the expanded table: row-at-a-time by nature, so it suits the small arrays detections
 * unpack (recipients, addresses, tags), not millions of rows.
 */

import { Table } from '../../table/table.js';
import type { QueryContext } from '../context.js';
import type { Op, Plan } from '../plan.js';
import { must, type Node } from '../syntax.js';
import { compileExpander } from './mv-expand.js';
import type { OpEnv } from './types.js';
import { concatColumns } from './union.js';

export function compileMvApply(n: Node, env: OpEnv): Op {
  const expander = compileExpander(n, env, undefined);
  // The subquery reads whichever slice the loop below puts here.
  let slice: Table = Table.empty([]);
  const source: Plan = { run: () => slice };
  const sub = env.subquery(must(n, 'Subquery'), source, expander.specs, env.scope, env.depth + 1);
  const outSpecs = env.output;
  return {
    name: 'mv-apply',
    run(input: Table, q: QueryContext): Table {
      const { table, source: rows } = expander.expand(input, q);
      // Each result with the input row it came from, for the columns the subquery dropped.
      const results: { r: Table; carried: Table }[] = [];
      let from = 0;
      while (from < rows.length) {
        let to = from + 1;
        while (to < rows.length && rows[to] === rows[from]) to++;
        const idx = new Int32Array(to - from);
        for (let k = 0; k < idx.length; k++) idx[k] = from + k;
        slice = table.take(idx);
        const r = sub.run(q);
        results.push({ r, carried: input.take(new Int32Array(r.length).fill(rows[from]!)) });
        from = to;
      }
      const specs = outSpecs ?? results[0]?.r.specs ?? [];
      return Table.of(
        specs.map((s) => ({
          name: s.name,
          column: concatColumns(
            s.type,
            results.map(({ r, carried }) => ({
              column: r.columnByName(s.name) ?? carried.columnByName(s.name) ?? null,
              length: r.length,
            })),
          ),
        })),
        results.reduce((sum, x) => sum + x.r.length, 0),
      );
    },
  };
}
