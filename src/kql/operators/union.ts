/**
 * `union [withsource=Col] A, B, …`: rows of every input, columns matched by name in order of
 * first appearance, missing cells null. Columns of the same name and different types become
 * `name_type` — the binder names them; values are taken by the source column's own name.
 */

import { columnFromValues, type Column } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { Scalar } from '../../table/types.js';
import type { QueryContext } from '../context.js';
import type { Plan } from '../plan.js';
import { child, kind, listOf, nameText, text, type Node } from '../syntax.js';
import type { OpEnv } from './types.js';

export function compileUnion(n: Node, env: OpEnv, input: Plan | null): Plan {
  let withSource: string | null = null;
  for (const p of listOf(n, 'Parameters')) {
    if (nameText(child(p, 'Name')).toLowerCase() === 'withsource')
      withSource = text(child(p, 'Expression'));
  }
  const parts: { label: string; plan: Plan }[] = [];
  if (input !== null) parts.push({ label: 'union_arg0', plan: input });
  for (const e of listOf(n, 'Expressions')) {
    const label = kind(e) === 'NameReference' ? nameText(e) : `union_arg${parts.length}`;
    parts.push({ label, plan: env.tabular(e, env.scope, env.depth + 1) });
  }
  const out = env.output;
  return {
    run(q: QueryContext): Table {
      const tables = parts.map((p) => ({ label: p.label, t: p.plan.run(q) }));
      const total = tables.reduce((s, x) => s + x.t.length, 0);
      const specs =
        out ??
        inferSpecs(
          tables.map((x) => x.t),
          withSource,
        );
      const cols: { name: string; column: Column }[] = specs.map((s) => {
        const vals: Scalar[] = [];
        for (const { label, t } of tables) {
          if (s.name === withSource) {
            for (let i = 0; i < t.length; i++) vals.push(label);
            continue;
          }
          let src = t.indexOf(s.name);
          if (src < 0) {
            const m =
              /^(.*)_(bool|int|long|real|decimal|string|datetime|timespan|guid|dynamic)$/.exec(
                s.name,
              );
            if (m) {
              const j = t.indexOf(m[1]!);
              if (j >= 0 && t.spec(j).type === m[2]) src = j;
            }
          }
          const c = src >= 0 ? t.column(src) : null;
          for (let i = 0; i < t.length; i++)
            vals.push(c === null ? (s.type === 'string' ? '' : null) : c.get(i));
        }
        return { name: s.name, column: columnFromValues(s.type, vals) };
      });
      return Table.of(cols, total);
    },
  };
}

function inferSpecs(
  tables: Table[],
  withSource: string | null,
): { name: string; type: import('../../table/types.js').KqlType }[] {
  const seen = new Map<string, import('../../table/types.js').KqlType>();
  if (withSource !== null) seen.set(withSource, 'string');
  for (const t of tables) for (const s of t.specs) if (!seen.has(s.name)) seen.set(s.name, s.type);
  return [...seen].map(([name, type]) => ({ name, type }));
}
