/** `datatable(a:long, b:string) [1, "x", 2, "y"]`: an inline table; values fill rows left to right. */

import { columnFromValues } from '../../table/column.js';
import { Table } from '../../table/table.js';
import type { KqlType, Scalar } from '../../table/types.js';
import { parseKqlType } from '../../table/types.js';
import { KqlError, type QueryContext } from '../context.js';
import { compileExpr } from '../expr.js';
import type { Plan } from '../plan.js';
import { child, listOf, must, nameText, text, type Node } from '../syntax.js';
import {
  toBool,
  toDateTime,
  toInt,
  toLong,
  toReal,
  toTimespan,
  toGuid,
  parseJson,
} from '../functions/conversion.js';
import type { OpEnv } from './types.js';

/** Brings a literal to the declared column type (a `long` literal in a `real` column, say). */
export function convertTo(type: KqlType, v: Scalar, from: KqlType): Scalar {
  if (v === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'long':
      return toLong(v, from);
    case 'int':
      return toInt(v, from);
    case 'real':
    case 'decimal':
      return toReal(v, from);
    case 'bool':
      return toBool(v);
    case 'datetime':
      return toDateTime(v, from);
    case 'timespan':
      return toTimespan(v, from);
    case 'guid':
      return toGuid(v);
    case 'dynamic':
      return from === 'dynamic' ? v : (parseJson(v, from) ?? v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

export function compileDataTable(n: Node, env: OpEnv): Plan {
  const schema = listOf(must(n, 'Schema'), 'Columns').map((c) => {
    const typeNode = child(c, 'Type');
    const t = parseKqlType(text(child(typeNode!, 'Type') ?? typeNode));
    if (t === undefined)
      throw new KqlError('KQL0109', `Unknown column type in ${text(c)}.`, c.TextStart, c.Width);
    return { name: nameText(must(c, 'Name')), type: t };
  });
  const values = listOf(n, 'Values').map((v) => compileExpr(v, env));
  const width = schema.length;
  const one = Table.of([], 1);
  let cached: Table | null = null;
  return {
    run(q: QueryContext): Table {
      if (cached !== null) return cached;
      const rows = Math.floor(values.length / Math.max(1, width));
      const cols = schema.map((s, c) => {
        const vals: Scalar[] = [];
        for (let r = 0; r < rows; r++) {
          const e = values[r * width + c]!;
          vals.push(convertTo(s.type, e.eval(one, q).get(0), e.type));
        }
        return { name: s.name, column: columnFromValues(s.type, vals) };
      });
      cached = Table.of(cols, rows);
      return cached;
    },
  };
}
