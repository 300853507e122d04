/**
 * Aggregation functions for `summarize`. Each one consumes whole argument columns and a
 * group id per row, and returns one value per group: the loop runs once over the rows with
 * typed accumulators (reading a number column's Float64Array directly), not through a
 * per-row callback.
 *
 * Kusto's rules (docs summarize-operator, "Default values of aggregations"): nulls are
 * ignored; over no values `count`, `countif`, `dcount`, `dcountif`, `sum`, `sumif`,
 * `variance`, `varianceif`, `stdev` and `stdevif` give 0, the `make_*` family `[]` (`{}` for
 * bags), and everything else null. Percentiles are nearest-rank: the smallest value with at
 * least P% of the values at or below it (docs percentiles-aggregation-function; Kusto
 * estimates with a t-digest on large inputs, and exact nearest rank is within its bounds).
 */

import {
  BoolColumn,
  BOOL_TRUE,
  NumberColumn,
  StringColumn,
  TickColumn,
  columnFromValues,
  type Column,
} from '../../table/column.js';
import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { denseCodes } from '../eval.js';
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

/** The rows a `*if` predicate keeps (all rows without one), as a mask: 1 = keep. */
function keepMask(pred: Column | undefined, n: number): Uint8Array | null {
  if (pred === undefined) return null;
  const out = new Uint8Array(n);
  if (pred instanceof BoolColumn) {
    for (let i = 0; i < n; i++) out[i] = pred.values[i] === BOOL_TRUE ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = pred.get(i) === true ? 1 : 0;
  }
  return out;
}

function counting(name: string, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups) {
      const out = new Float64Array(nGroups);
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      for (let i = 0; i < groups.length; i++) if (keep === null || keep[i]) out[groups[i]!]!++;
      return new NumberColumn('long', out, null);
    },
  };
}

/** Exact distinct counts: a (group, value code) pair is counted once. */
function distinctCount(name: string, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups) {
      const v = args[0]!;
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const { codes, card, nullCode } = denseCodes(v, groups.length);
      const seen = new Set<number>();
      const out = new Float64Array(nGroups);
      for (let i = 0; i < groups.length; i++) {
        const c = codes[i]!;
        if (c === nullCode || (keep !== null && !keep[i])) continue;
        const g = groups[i]!;
        const key = g * card + c;
        if (!seen.has(key)) {
          seen.add(key);
          out[g]!++;
        }
      }
      return new NumberColumn('long', out, null);
    },
  };
}

/** Per-group count, sum (as doubles, or bigint ticks for timespans) of the kept non-null values. */
function sums(v: Column, keep: Uint8Array | null, groups: Int32Array, nGroups: number) {
  const sum = new Float64Array(nGroups);
  const cnt = new Float64Array(nGroups);
  let ticks: bigint[] | null = null;
  if (v instanceof NumberColumn) {
    const x = v.values;
    const nulls = v.nulls;
    for (let i = 0; i < groups.length; i++) {
      if ((keep !== null && !keep[i]) || (nulls !== null && nulls[i] === 1)) continue;
      const g = groups[i]!;
      sum[g]! += x[i]!;
      cnt[g]!++;
    }
  } else {
    for (let i = 0; i < groups.length; i++) {
      if (keep !== null && !keep[i]) continue;
      const x = v.get(i);
      const g = groups[i]!;
      if (typeof x === 'bigint') {
        ticks ??= new Array<bigint>(nGroups).fill(0n);
        ticks[g] = ticks[g]! + x;
      } else if (typeof x === 'number') {
        sum[g]! += x;
      } else continue;
      cnt[g]!++;
    }
  }
  return { sum, cnt, ticks };
}

function summing(
  name: string,
  kind: 'sum' | 'avg',
  predicateArg: number | null,
): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const { sum, cnt, ticks } = sums(args[0]!, keep, groups, nGroups);
      const t = site.resultType;
      if (ticks === null && (t === 'int' || t === 'long' || t === 'real')) {
        if (kind === 'sum') return new NumberColumn(t, sum, null);
        const nulls = new Uint8Array(nGroups);
        const avg = new Float64Array(nGroups);
        for (let g = 0; g < nGroups; g++) {
          if (cnt[g] === 0) nulls[g] = 1;
          else avg[g] = sum[g]! / cnt[g]!;
        }
        return new NumberColumn(t, avg, nulls);
      }
      const out: Scalar[] = [];
      for (let g = 0; g < nGroups; g++) {
        if (kind === 'sum') out.push(ticks !== null ? ticks[g]! : t === 'timespan' ? 0n : sum[g]!);
        else if (cnt[g] === 0) out.push(null);
        else out.push(ticks !== null ? ticks[g]! / BigInt(cnt[g]!) : sum[g]! / cnt[g]!);
      }
      return columnFromValues(t, out);
    },
  };
}

/** The row holding each group's extreme non-null value (-1 for a group with none). */
function extremeRows(
  v: Column,
  keep: Uint8Array | null,
  groups: Int32Array,
  nGroups: number,
  sign: 1 | -1,
): Int32Array {
  const rows = new Int32Array(nGroups).fill(-1);
  if (v instanceof NumberColumn) {
    const x = v.values;
    const nulls = v.nulls;
    for (let i = 0; i < groups.length; i++) {
      if ((keep !== null && !keep[i]) || (nulls !== null && nulls[i] === 1)) continue;
      const y = x[i]!;
      if (Number.isNaN(y)) continue;
      const g = groups[i]!;
      const r = rows[g]!;
      if (r < 0 || (sign > 0 ? y > x[r]! : y < x[r]!)) rows[g] = i;
    }
    return rows;
  }
  if (v instanceof TickColumn) {
    const { ms, sub, nulls } = v;
    for (let i = 0; i < groups.length; i++) {
      if ((keep !== null && !keep[i]) || (nulls !== null && nulls[i] === 1)) continue;
      const g = groups[i]!;
      const r = rows[g]!;
      const d = r < 0 ? 0 : ms[i]! - ms[r]! || sub[i]! - sub[r]!;
      if (r < 0 || d * sign > 0) rows[g] = i;
    }
    return rows;
  }
  if (v instanceof StringColumn) {
    // Rank the dictionary once (ordinal order), then compare integer ranks.
    const order = v.dict.map((_, i) => i).sort((a, b) => compareValues(v.dict[a]!, v.dict[b]!));
    const rank = new Int32Array(v.dict.length);
    order.forEach((code, r) => (rank[code] = r));
    for (let i = 0; i < groups.length; i++) {
      if (keep !== null && !keep[i]) continue;
      const g = groups[i]!;
      const r = rows[g]!;
      const y = rank[v.codes[i]!]!;
      if (r < 0 || (y - rank[v.codes[r]!]!) * sign > 0) rows[g] = i;
    }
    return rows;
  }
  const best: Scalar[] = new Array<Scalar>(nGroups).fill(null);
  for (let i = 0; i < groups.length; i++) {
    if (keep !== null && !keep[i]) continue;
    const x = v.get(i);
    if (x === null || (typeof x === 'number' && Number.isNaN(x))) continue;
    const g = groups[i]!;
    const b = best[g] ?? null;
    if (b === null || compareValues(x, b) * sign > 0) {
      best[g] = x;
      rows[g] = i;
    }
  }
  return rows;
}

function extreme(name: string, sign: 1 | -1, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups) {
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      return args[0]!.take(extremeRows(args[0]!, keep, groups, nGroups, sign));
    },
  };
}

/**
 * For `arg_max`/`arg_min`: the row chosen in each group. A group whose values are all null
 * still returns a row, its first (the docs' arg_max example keeps Banana's Yellow row).
 */
export function argExtremeRows(
  v: Column,
  groups: Int32Array,
  nGroups: number,
  sign: 1 | -1,
): Int32Array {
  const rows = extremeRows(v, null, groups, nGroups, sign);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (rows[g] === -1) rows[g] = i;
  }
  return rows;
}

/** Variance and standard deviation, sample (n - 1) or population (n), by Welford's method. */
function spread(
  name: string,
  population: boolean,
  root: boolean,
  predicateArg: number | null,
): AggregateFunction {
  // The docs give 0 as the default of variance and stdev (sample forms) over no values.
  const emptyIsZero = !population;
  return {
    name,
    aggregate(args, groups, nGroups) {
      const v = args[0]!;
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const n = new Float64Array(nGroups);
      const mean = new Float64Array(nGroups);
      const m2 = new Float64Array(nGroups);
      for (let i = 0; i < groups.length; i++) {
        if (keep !== null && !keep[i]) continue;
        const x = v.get(i);
        if (typeof x !== 'number') continue;
        const g = groups[i]!;
        const k = ++n[g]!;
        const d = x - mean[g]!;
        mean[g]! += d / k;
        m2[g]! += d * (x - mean[g]!);
      }
      const out = new Float64Array(nGroups);
      const nulls = new Uint8Array(nGroups);
      let anyNull = false;
      for (let g = 0; g < nGroups; g++) {
        const k = n[g]!;
        if (k === 0 && !emptyIsZero) {
          nulls[g] = 1;
          anyNull = true;
          continue;
        }
        const div = population ? k : k - 1;
        const variance = div > 0 ? m2[g]! / div : 0;
        out[g] = root ? Math.sqrt(variance) : variance;
      }
      return new NumberColumn('real', out, anyNull ? nulls : null);
    },
  };
}

/** Values and weights of each group, for the percentile family. */
function groupValues(
  v: Column,
  w: Column | undefined,
  groups: Int32Array,
  nGroups: number,
): { values: (number | bigint)[]; weights: number[] }[] {
  const out = Array.from({ length: nGroups }, () => ({
    values: [] as (number | bigint)[],
    weights: [] as number[],
  }));
  for (let i = 0; i < groups.length; i++) {
    const x = v.get(i);
    if (typeof x !== 'number' && typeof x !== 'bigint') continue;
    if (typeof x === 'number' && Number.isNaN(x)) continue;
    const weight = w === undefined ? 1 : w.get(i);
    if (typeof weight !== 'number' || weight <= 0) continue;
    const g = out[groups[i]!]!;
    g.values.push(x);
    g.weights.push(weight);
  }
  return out;
}

/** The nearest-rank P-th percentile of (value, weight) pairs; null when there are none. */
export function nearestRank(
  values: readonly (number | bigint)[],
  weights: readonly number[],
  p: number,
): number | bigint | null {
  if (values.length === 0 || !(p >= 0 && p <= 100)) return null;
  const order = values.map((_, i) => i).sort((a, b) => compareValues(values[a]!, values[b]!));
  const total = weights.reduce((s, x) => s + x, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total - 1e-9));
  let seen = 0;
  for (const i of order) {
    seen += weights[i]!;
    if (seen >= rank) return values[i]!;
  }
  return values[order[order.length - 1]!]!;
}

/** The percentages of a `percentiles_array` call: a list of numbers, or one dynamic array. */
function percentagesOf(constants: readonly (Scalar | undefined)[], from: number): number[] {
  const out: number[] = [];
  for (const c of constants.slice(from)) {
    if (typeof c === 'number') out.push(c);
    else if (Array.isArray(c)) for (const x of c) if (typeof x === 'number') out.push(x);
  }
  return out;
}

function percentile(name: string, weighted: boolean, asArray: boolean): AggregateFunction {
  const pArg = weighted ? 2 : 1;
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const perGroup = groupValues(args[0]!, weighted ? args[1] : undefined, groups, nGroups);
      if (!asArray) {
        const p = site.constants[pArg];
        const out = perGroup.map((g) =>
          typeof p === 'number' ? nearestRank(g.values, g.weights, p) : null,
        );
        return columnFromValues(site.resultType, out);
      }
      const ps = percentagesOf(site.constants, pArg);
      const t = site.argTypes[0];
      const out = perGroup.map((g) =>
        g.values.length === 0
          ? null
          : ps.map((p) => toDynamic(nearestRank(g.values, g.weights, p), t)),
      );
      return columnFromValues('dynamic', out);
    },
  };
}

function collecting(
  name: string,
  distinct: boolean,
  predicateArg: number | null,
  keepNulls = false,
): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const v = args[0]!;
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const maxArg = site.constants[predicateArg === null ? 1 : 2];
      const max = typeof maxArg === 'number' ? maxArg : 1_048_576;
      const lists: JsonValue[][] = Array.from({ length: nGroups }, () => []);
      const seen: Set<unknown>[] | null = distinct
        ? Array.from({ length: nGroups }, () => new Set())
        : null;
      const t = site.argTypes[0];
      for (let i = 0; i < groups.length; i++) {
        if (keep !== null && !keep[i]) continue;
        const x = v.get(i);
        if (x === null && !keepNulls) continue;
        const g = groups[i]!;
        const list = lists[g]!;
        if (list.length >= max) continue;
        if (seen !== null) {
          // make_set of dynamic arrays collects their elements.
          const items: Scalar[] = Array.isArray(x) ? (x as Scalar[]) : [x];
          for (const e of items) {
            const k = hashKey(e);
            if (e === null || seen[g]!.has(k) || list.length >= max) continue;
            seen[g]!.add(k);
            list.push(toDynamic(e, t));
          }
          continue;
        }
        list.push(toDynamic(x, t));
      }
      return columnFromValues('dynamic', lists);
    },
  };
}

function bagging(name: string, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups) {
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const bags: Record<string, JsonValue>[] = Array.from({ length: nGroups }, () => ({}));
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        if (keep !== null && !keep[i]) continue;
        const x = v.get(i);
        if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
          const bag = bags[groups[i]!]!;
          // The first value seen for a key wins, as make_bag keeps one per key.
          for (const [k, val] of Object.entries(x)) if (!(k in bag)) bag[k] = val;
        }
      }
      return columnFromValues('dynamic', bags);
    },
  };
}

function takeAny(name: string, predicateArg: number | null): AggregateFunction {
  return {
    name,
    aggregate(args, groups, nGroups, site) {
      const keep = keepMask(predicateArg === null ? undefined : args[predicateArg], groups.length);
      const out: Scalar[] = new Array<Scalar>(nGroups).fill(null);
      const done = new Uint8Array(nGroups);
      const v = args[0]!;
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        if (done[g] || (keep !== null && !keep[i])) continue;
        const x = v.get(i);
        // The docs: a non-null, non-empty value when the group has one.
        if (x === null || x === '') continue;
        out[g] = x;
        done[g] = 1;
      }
      return columnFromValues(site.resultType, out);
    },
  };
}

function alias(f: AggregateFunction, ...names: string[]): AggregateFunction {
  return { ...f, aliases: names };
}

defineAggregate(
  counting('count', null),
  counting('countif', 0),
  alias(distinctCount('dcount', null), 'count_distinct'),
  alias(distinctCount('dcountif', 1), 'count_distinctif'),
  summing('sum', 'sum', null),
  summing('sumif', 'sum', 1),
  summing('avg', 'avg', null),
  summing('avgif', 'avg', 1),
  extreme('max', 1, null),
  extreme('min', -1, null),
  extreme('maxif', 1, 1),
  extreme('minif', -1, 1),
  spread('variance', false, false, null),
  spread('varianceif', false, false, 1),
  spread('variancep', true, false, null),
  spread('variancepif', true, false, 1),
  spread('stdev', false, true, null),
  spread('stdevif', false, true, 1),
  spread('stdevp', true, true, null),
  spread('stdevpif', true, true, 1),
  percentile('percentile', false, false),
  percentile('percentilew', true, false),
  percentile('percentiles_array', false, true),
  percentile('percentilesw_array', true, true),
  alias(collecting('make_set', true, null), 'makeset'),
  collecting('make_set_if', true, 1),
  alias(collecting('make_list', false, null), 'makelist'),
  collecting('make_list_if', false, 1),
  collecting('make_list_with_nulls', false, null, true),
  alias(bagging('make_bag', null), 'make_dictionary'),
  bagging('make_bag_if', 1),
  alias(takeAny('take_any', null), 'any'),
  alias(takeAny('take_anyif', 1), 'anyif'),
);
