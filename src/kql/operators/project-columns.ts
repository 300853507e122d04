/**
 * The column-shaping operators that compute nothing: `project-away`, `project-keep`,
 * `project-rename`, `project-reorder` and `project-by-names`. Wildcards and the resulting order are the
 * binder's business; these take its output schema and pick columns by name.
 */

import type { Table } from '../../table/table.js';
import { KqlError } from '../context.js';
import type { Op } from '../plan.js';
import { kind, listOf, must, nameText, type Node } from '../syntax.js';
import type { OpEnv } from './types.js';

function byOutputNames(name: string, env: OpEnv, renames: Map<string, string>): Op {
  const out = env.output;
  if (out === undefined)
    throw new KqlError('KQL0107', `${name} needs a query the binder can type.`);
  return {
    name,
    run(input: Table): Table {
      return input.select(
        out.map((c) => {
          const from = input.indexOf(renames.get(c.name) ?? c.name);
          if (from < 0)
            throw new KqlError('KQL0301', `The column '${c.name}' is not in the input.`);
          return { name: c.name, from };
        }),
      );
    },
  };
}

export function compileProjectColumns(n: Node, env: OpEnv, opName: string): Op {
  const renames = new Map<string, string>();
  if (opName === 'project-rename') {
    for (const item of listOf(n, 'Expressions')) {
      if (kind(item) === 'SimpleNamedExpression') {
        renames.set(nameText(must(item, 'Name')), nameText(must(item, 'Expression')));
      }
    }
  }
  return byOutputNames(opName, env, renames);
}
