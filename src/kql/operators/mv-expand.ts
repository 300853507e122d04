/**
 * `mv-expand [kind=bag|array] [with_itemindex=i] e1 [to typeof(T)], e2 … [limit n]`: one
 * row per element of a dynamic array or property bag, the other columns repeated.
 *
 * Kusto's rules (docs mv-expand-operator, and the emulator runs in the research notes):
 * - several expressions expand side by side (zipped, not a cross product); a shorter one is
 *   padded with null, so a source row gives as many rows as its longest collection;
 * - a null, or a value that is not a collection, counts as one element (itself); an empty
 *   array or bag counts as none, so a row whose collections are all empty disappears;
 * - a bag expands to one-property bags `{"k": v}`, or to `["k", v]` pairs with `kind=array`;
 * - `x = e` adds a column `x` and keeps the others; a bare column expands in place;
 * - `to typeof(T)` converts each element (a JSON string does not become a number);
 * - `with_itemindex` appends the element's 0-based index; `limit n` caps rows per source row.
 */

import { NumberColumn, columnFromValues, type Column } from '../../table/column.js';
import { Table, type ColumnSpec } from '../../table/table.js';
import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { checkGrowth, KqlError, type QueryContext } from '../context.js';
import { compileExpr, type Expr } from '../expr.js';
import { literal } from '../literals.js';
import type { Op } from '../plan.js';
import { child, listOf, must, nameText, text, type Node } from '../syntax.js';
import { castDynamic } from '../values.js';
import { declaredName } from './naming.js';
import type { OpEnv } from './types.js';

interface Expansion {
  name: string;
  expr: Expr;
  /** The element type after `to typeof(T)`; dynamic without it. */
  type: KqlType;
}

function parameters(n: Node): { bagAsArray: boolean; itemIndex: string | null } {
  let bagAsArray = false;
  let itemIndex: string | null = null;
  for (const p of listOf(n, 'Parameters')) {
    const name = nameText(child(p, 'Name')).toLowerCase();
    const value = text(child(p, 'Expression'));
    if (name === 'kind' || name === 'bagexpansion') bagAsArray = value.toLowerCase() === 'array';
    else if (name === 'with_itemindex') itemIndex = nameText(child(p, 'Expression'));
  }
  return { bagAsArray, itemIndex };
}

function targetType(item: Node): KqlType {
  const to = child(item, 'ToTypeOf');
  if (to === null) return 'dynamic';
  const t = (text(must(to, 'TypeOf')).match(/typeof\s*\(\s*(\w+)/i) ?? [])[1] ?? '';
  const types: Record<string, KqlType> = {
    bool: 'bool',
    boolean: 'bool',
    int: 'int',
    long: 'long',
    real: 'real',
    double: 'real',
    decimal: 'decimal',
    string: 'string',
    datetime: 'datetime',
    date: 'datetime',
    timespan: 'timespan',
    time: 'timespan',
    guid: 'guid',
    dynamic: 'dynamic',
  };
  const k = types[t.toLowerCase()];
  if (k === undefined) {
    throw new KqlError('KQL0109', `Unknown type in ${text(to)}.`, to.TextStart, to.Width);
  }
  return k;
}

/** The elements one value expands to. */
function elements(v: Scalar, bagAsArray: boolean): Scalar[] {
  if (Array.isArray(v)) return v as Scalar[];
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).map(([k, x]) => (bagAsArray ? [k, x] : { [k]: x }));
  }
  return [v];
}

/** The expansion an `mv-expand` (or the first half of an `mv-apply`) performs. */
export interface Expander {
  /** The columns of the expanded table, when the binder knows the input's. */
  readonly specs: ColumnSpec[] | undefined;
  /** Expands `input`; `source[i]` is the input row output row `i` came from. */
  expand(input: Table, q: QueryContext): { table: Table; source: Int32Array };
}

/**
 * Reads the expansion list of an `mv-expand` or `mv-apply` node. `output` is the schema of
 * the expanded table when the caller knows it (mv-expand: the binder's); otherwise it is
 * worked out from the input schema.
 */
export function compileExpander(n: Node, env: OpEnv, output: ColumnSpec[] | undefined): Expander {
  const { bagAsArray, itemIndex } = parameters(n);
  const inputNames = new Set((env.input ?? []).map((c) => c.name));
  const added = (output ?? []).map((c) => c.name).filter((c) => !inputNames.has(c));
  let nextAdded = 0;
  const expansions: Expansion[] = listOf(n, 'Expressions').map((item, i) => {
    const e = must(item, 'Expression');
    const declared = declaredName(e);
    const name = declared ?? added[nextAdded] ?? `Column${i + 1}`;
    if (declared === undefined || !inputNames.has(declared)) nextAdded++;
    const expr = compileExpr(e, env);
    const type = expr.type === 'dynamic' ? targetType(item) : expr.type;
    return { name, expr, type };
  });
  const limitClause = child(n, 'RowLimitClause');
  const limitNode = limitClause ? must(limitClause, 'RowLimit') : null;
  const limit = limitNode ? Number(literal(limitNode).value) : Infinity;
  const specs = output ?? (env.input && expandedSpecs(env.input, expansions, itemIndex));

  return {
    specs,
    expand(input: Table, q: QueryContext): { table: Table; source: Int32Array } {
      const cols = expansions.map((x) => x.expr.eval(input, q));
      const source: number[] = [];
      const index: number[] = [];
      const values: Scalar[][] = expansions.map(() => []);
      const cap = Math.max(q.limits.maxRows, input.length);
      for (let r = 0; r < input.length; r++) {
        const lists = cols.map((c) => elements(c.get(r), bagAsArray));
        const rows = Math.min(limit, Math.max(...lists.map((l) => l.length)));
        for (let k = 0; k < rows; k++) {
          source.push(r);
          index.push(k);
          lists.forEach((l, j) => {
            const v = k < l.length ? (l[k] ?? null) : null;
            const x = expansions[j]!;
            // A column that is not dynamic expands to itself, already of its type.
            values[j]!.push(
              x.type === 'dynamic' || x.expr.type !== 'dynamic'
                ? v
                : castDynamic(v as JsonValue, x.type),
            );
          });
        }
        if (source.length > cap)
          checkGrowth(source.length, input.length, q.limits, 'mv-expand', true);
      }
      const rows = Int32Array.from(source);
      const made = new Map<string, Column>();
      expansions.forEach((x, j) => made.set(x.name, columnFromValues(x.type, values[j]!)));
      if (itemIndex !== null) {
        made.set(itemIndex, new NumberColumn('long', Float64Array.from(index), null));
      }
      const taken = input.take(rows);
      const out = specs ?? expandedSpecs(input.specs, expansions, itemIndex);
      const table = Table.of(
        out.map((s) => ({
          name: s.name,
          column: made.get(s.name) ?? columnOf(taken, s.name),
        })),
        rows.length,
      );
      return { table, source: rows };
    },
  };
}

/** The input's columns, an in-place expansion taking its new type, then the added ones. */
function expandedSpecs(
  input: readonly ColumnSpec[],
  expansions: Expansion[],
  itemIndex: string | null,
): ColumnSpec[] {
  const out = input.map((s) => {
    const x = expansions.find((e) => e.name === s.name);
    return x === undefined ? s : { name: s.name, type: x.type };
  });
  for (const x of expansions) {
    if (!out.some((s) => s.name === x.name)) out.push({ name: x.name, type: x.type });
  }
  if (itemIndex !== null) out.push({ name: itemIndex, type: 'long' });
  return out;
}

export function compileMvExpand(n: Node, env: OpEnv): Op {
  const expander = compileExpander(n, env, env.output);
  return { name: 'mv-expand', run: (input, q) => expander.expand(input, q).table };
}

function columnOf(t: Table, name: string): Column {
  const c = t.columnByName(name);
  if (c === undefined) throw new KqlError('KQL0301', `The column '${name}' is not in the input.`);
  return c;
}
