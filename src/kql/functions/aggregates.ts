/**
 * Aggregation functions for `summarize`. Each one consumes whole argument columns and a
 * group id per row, and returns one value per group: the loop runs once over the rows with
 * typed accumulators, not through a per-row callback. Nulls are ignored, as Kusto ignores
 * them; `make_set` and `make_list` return arrays (`[]` for a group with no values).
 */

import {
  BoolColumn,
  BOOL_TRUE,
  NumberColumn,
  columnFromValues,
  type Column,
} from '../../table/column.js';
import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { compareValues, hashKey, toDynamic } from '../values.js';

export interface AggregateSite {
  readonly argTypes: readonly KqlType[];
  readonly resultType: KqlType;
  /** Values of constant arguments (e.g. make_set's max size), by position. */
  readonly constants: readonly (Scalar | undefined)[];
}

export interface AggregateFunction {
  readonly name: string;
  readonly aliases?: readonly string[];
  aggregate(
    args: readonly Column[],
    groups: Int32Array,
    nGroups: number,
    site: AggregateSite,
  ): Column;
}

const registry = new Map<string, AggregateFunction>();

export function defineAggregate(...fns: AggregateFunction[]): void {
  for (const f of fns) {
    registry.set(f.name, f);
    for (const a of f.aliases ?? []) registry.set(a, f);
  }
}

export function lookupAggregate(name: string): AggregateFunction | undefined {
  return registry.get(name);
}

export function aggregateNames(): string[] {
  return [...registry.keys()].sort();
}

function isTrue(c: Column | undefined, i: number): boolean {
  if (c === undefined) return true;
  if (c instanceof BoolColumn) return c.values[i] === BOOL_TRUE;
  return c.get(i) === true;
}

function counting(
  name: string,
  predicateArg: number | null,
  aliases?: string[],
): AggregateFunction {
  return {
    name,
    ...(aliases ? { aliases } : {}),
    aggregate(args, groups, nGroups) {
      const out = new Float64Array(nGroups);
      const pred = predicateArg === null ? undefined : args[predicateArg];
      for (let i = 0; i < groups.length; i++) if (isTrue(pred, i)) out[groups[i]!]!++;
      return new NumberColumn('long', out, null);
    },
  };
}

function numeric(
  name: string,
  kind: 'sum' | 'avg',
  predicateArg: number | null,
): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const v = args[0]!;
      const pred = predicateArg === null ? undefined : args[predicateArg];
      const sum = new Float64Array(nGroups);
      const cnt = new Float64Array(nGroups);
      const isTicks = site.argTypes[0] === 'timespan';
      const big: bigint[] | null = isTicks ? new Array<bigint>(nGroups).fill(0n) : null;
      for (let i = 0; i < groups.length; i++) {
        if (!isTrue(pred, i)) continue;
        const x = v.get(i);
        if (x === null) continue;
        const g = groups[i]!;
        if (big !== null && typeof x === 'bigint') big[g] = big[g]! + x;
        else if (typeof x === 'number') sum[g] = sum[g]! + x;
        else continue;
        cnt[g]!++;
      }
      const out: Scalar[] = [];
      for (let g = 0; g < nGroups; g++) {
        if (cnt[g] === 0) out.push(kind === 'sum' && site.resultType !== 'timespan' ? null : null);
        else if (big !== null) out.push(kind === 'sum' ? big[g]! : big[g]! / BigInt(cnt[g]!));
        else out.push(kind === 'sum' ? sum[g]! : sum[g]! / cnt[g]!);
      }
      return columnFromValues(site.resultType, out);
    },
  };
}

function extreme(name: string, sign: 1 | -1, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const v = args[0]!;
      const pred = predicateArg === null ? undefined : args[predicateArg];
      const best: Scalar[] = new Array<Scalar>(nGroups).fill(null);
      for (let i = 0; i < groups.length; i++) {
        if (!isTrue(pred, i)) continue;
        const x = v.get(i);
        if (x === null || (typeof x === 'number' && Number.isNaN(x))) continue;
        const g = groups[i]!;
        const b = best[g] ?? null;
        if (b === null || compareValues(x, b) * sign > 0) best[g] = x;
      }
      return columnFromValues(site.resultType, best);
    },
  };
}

function collecting(
  name: string,
  distinct: boolean,
  predicateArg: number | null,
  aliases?: string[],
): AggregateFunction {
  return {
    name,
    ...(aliases ? { aliases } : {}),
    aggregate(args, groups, nGroups, site) {
      const v = args[0]!;
      const pred = predicateArg === null ? undefined : args[predicateArg];
      const maxArg = site.constants[predicateArg === null ? 1 : 2];
      const max = typeof maxArg === 'number' ? maxArg : 1_048_576;
      const lists: JsonValue[][] = Array.from({ length: nGroups }, () => []);
      const seen: Set<unknown>[] | null = distinct
        ? Array.from({ length: nGroups }, () => new Set())
        : null;
      const t = site.argTypes[0];
      for (let i = 0; i < groups.length; i++) {
        if (!isTrue(pred, i)) continue;
        const x = v.get(i);
        if (x === null) continue;
        const g = groups[i]!;
        const list = lists[g]!;
        if (list.length >= max) continue;
        if (seen !== null) {
          const k = hashKey(x);
          if (seen[g]!.has(k)) continue;
          seen[g]!.add(k);
        }
        // make_list keeps a dynamic array as one element; make_set of arrays flattens them.
        if (distinct && Array.isArray(x)) {
          for (const e of x) {
            const k = hashKey(e as Scalar);
            if (!seen![g]!.has(k)) {
              seen![g]!.add(k);
              list.push(e);
            }
          }
          continue;
        }
        list.push(toDynamic(x, t));
      }
      return columnFromValues('dynamic', lists);
    },
  };
}

defineAggregate(
  counting('count', null),
  counting('countif', 0),
  {
    name: 'dcount',
    aggregate(args, groups, nGroups) {
      const sets = Array.from({ length: nGroups }, () => new Set<unknown>());
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        const x = v.get(i);
        if (x !== null) sets[groups[i]!]!.add(hashKey(x));
      }
      return new NumberColumn(
        'long',
        Float64Array.from(sets, (s) => s.size),
        null,
      );
    },
  },
  {
    name: 'dcountif',
    aggregate(args, groups, nGroups) {
      const sets = Array.from({ length: nGroups }, () => new Set<unknown>());
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        if (!isTrue(args[1], i)) continue;
        const x = v.get(i);
        if (x !== null) sets[groups[i]!]!.add(hashKey(x));
      }
      return new NumberColumn(
        'long',
        Float64Array.from(sets, (s) => s.size),
        null,
      );
    },
  },
  numeric('sum', 'sum', null),
  numeric('sumif', 'sum', 1),
  numeric('avg', 'avg', null),
  numeric('avgif', 'avg', 1),
  extreme('max', 1, null),
  extreme('min', -1, null),
  extreme('maxif', 1, 1),
  extreme('minif', -1, 1),
  collecting('make_set', true, null, ['makeset']),
  collecting('make_set_if', true, 1),
  collecting('make_list', false, null, ['makelist']),
  collecting('make_list_if', false, 1),
  {
    name: 'make_bag',
    aliases: ['make_dictionary'],
    aggregate(args, groups, nGroups) {
      const bags: Record<string, JsonValue>[] = Array.from({ length: nGroups }, () => ({}));
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        const x = v.get(i);
        if (x !== null && typeof x === 'object' && !Array.isArray(x))
          Object.assign(bags[groups[i]!]!, x);
      }
      return columnFromValues('dynamic', bags);
    },
  },
  {
    name: 'take_any',
    aliases: ['any'],
    aggregate(args, groups, nGroups, site) {
      const out: Scalar[] = new Array<Scalar>(nGroups).fill(null);
      const done = new Uint8Array(nGroups);
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        if (done[g]) continue;
        const x = v.get(i);
        if (x === null || x === '') continue;
        out[g] = x;
        done[g] = 1;
      }
      return columnFromValues(site.resultType, out);
    },
  },
);

/** For `arg_max`/`arg_min`: the row chosen in each group (-1 when a group has no value). */
export function argExtremeRows(
  v: Column,
  groups: Int32Array,
  nGroups: number,
  sign: 1 | -1,
): Int32Array {
  const rows = new Int32Array(nGroups).fill(-1);
  const best: Scalar[] = new Array<Scalar>(nGroups).fill(null);
  for (let i = 0; i < groups.length; i++) {
    const x = v.get(i);
    const g = groups[i]!;
    if (x === null || (typeof x === 'number' && Number.isNaN(x))) {
      if (rows[g] === -1) rows[g] = i;
      continue;
    }
    const b = best[g] ?? null;
    if (b === null || compareValues(x, b) * sign > 0) {
      best[g] = x;
      rows[g] = i;
    }
  }
  return rows;
}
