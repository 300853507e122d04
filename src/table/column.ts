/**
 * Typed columns. Strings are dictionary-encoded (codes into a list of distinct values) so
 * a predicate on a string column runs once per distinct value; numbers sit in a Float64Array
 * with an optional null mask; datetimes and timespans in (milliseconds, sub-millisecond
 * ticks) pairs so they keep 100 ns precision without a bigint per row; anything else
 * (dynamic, guid, decimal) in a plain array. `take` gathers rows by index; an index of -1
 * yields null, which outer joins use for their missing side.
 */

import { joinTicks, splitTicks } from './datetime.js';
import type { KqlType, Scalar } from './types.js';

export type Column =
  StringColumn | NumberColumn | BoolColumn | TickColumn | ValueColumn | ConstColumn;

/** Strings: `codes[i]` indexes `dict`. Strings are never null in KQL; a missing one is `""`. */
export class StringColumn {
  readonly type = 'string' as const;
  constructor(
    readonly codes: Int32Array,
    readonly dict: readonly string[],
  ) {}
  get length(): number {
    return this.codes.length;
  }
  get(i: number): string {
    return this.dict[this.codes[i]!]!;
  }
  take(idx: Int32Array): StringColumn {
    const out = new Int32Array(idx.length);
    let emptyCode = -1;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      if (j >= 0) {
        out[k] = this.codes[j]!;
      } else {
        if (emptyCode < 0) emptyCode = this.emptyCode();
        out[k] = emptyCode;
      }
    }
    return emptyCode >= this.dict.length
      ? new StringColumn(out, [...this.dict, ''])
      : new StringColumn(out, this.dict);
  }
  /** The code of `""`, or the next free code when the dictionary lacks it. */
  private emptyCode(): number {
    const i = this.dict.indexOf('');
    return i >= 0 ? i : this.dict.length;
  }
}

/** int, long, real and decimal values as doubles; `nulls[i] === 1` marks a null. */
export class NumberColumn {
  constructor(
    readonly type: 'int' | 'long' | 'real' | 'decimal',
    readonly values: Float64Array,
    readonly nulls: Uint8Array | null,
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): number | null {
    return this.nulls !== null && this.nulls[i] === 1 ? null : this.values[i]!;
  }
  take(idx: Int32Array): NumberColumn {
    const values = new Float64Array(idx.length);
    let nulls: Uint8Array | null = null;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      if (j < 0 || (this.nulls !== null && this.nulls[j] === 1)) {
        nulls ??= new Uint8Array(idx.length);
        nulls[k] = 1;
      } else {
        values[k] = this.values[j]!;
      }
    }
    return new NumberColumn(this.type, values, nulls);
  }
}

export const BOOL_FALSE = 0;
export const BOOL_TRUE = 1;
export const BOOL_NULL = 2;

/** Booleans as 0 (false), 1 (true) or 2 (null). */
export class BoolColumn {
  readonly type = 'bool' as const;
  constructor(readonly values: Uint8Array) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): boolean | null {
    const v = this.values[i];
    return v === BOOL_NULL ? null : v === BOOL_TRUE;
  }
  take(idx: Int32Array): BoolColumn {
    const out = new Uint8Array(idx.length);
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      out[k] = j < 0 ? BOOL_NULL : this.values[j]!;
    }
    return new BoolColumn(out);
  }
}

/** Datetimes (ticks since the Unix epoch) or timespans (ticks) split as ms + sub-ms ticks. */
export class TickColumn {
  constructor(
    readonly type: 'datetime' | 'timespan',
    readonly ms: Float64Array,
    readonly sub: Uint16Array,
    readonly nulls: Uint8Array | null,
  ) {}
  get length(): number {
    return this.ms.length;
  }
  get(i: number): bigint | null {
    if (this.nulls !== null && this.nulls[i] === 1) return null;
    return joinTicks(this.ms[i]!, this.sub[i]!);
  }
  isNull(i: number): boolean {
    return this.nulls !== null && this.nulls[i] === 1;
  }
  take(idx: Int32Array): TickColumn {
    const ms = new Float64Array(idx.length);
    const sub = new Uint16Array(idx.length);
    let nulls: Uint8Array | null = null;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      if (j < 0 || (this.nulls !== null && this.nulls[j] === 1)) {
        nulls ??= new Uint8Array(idx.length);
        nulls[k] = 1;
      } else {
        ms[k] = this.ms[j]!;
        sub[k] = this.sub[j]!;
      }
    }
    return new TickColumn(this.type, ms, sub, nulls);
  }
}

/** Any type as a plain array of scalars: dynamic, guid, decimal, and results of slow paths. */
export class ValueColumn {
  constructor(
    readonly type: KqlType,
    readonly values: readonly Scalar[],
  ) {}
  get length(): number {
    return this.values.length;
  }
  get(i: number): Scalar {
    return this.values[i] ?? null;
  }
  take(idx: Int32Array): ValueColumn {
    const out: Scalar[] = new Array<Scalar>(idx.length);
    const empty = this.type === 'string' ? '' : null;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]!;
      out[k] = j < 0 ? empty : (this.values[j] ?? null);
    }
    return new ValueColumn(this.type, out);
  }
}

/** One value repeated: literals broadcast over a table cost nothing. */
export class ConstColumn {
  constructor(
    readonly type: KqlType,
    readonly value: Scalar,
    readonly length: number,
  ) {}
  get(_i: number): Scalar {
    return this.value;
  }
  take(idx: Int32Array): Column {
    for (let k = 0; k < idx.length; k++) {
      if (idx[k]! < 0)
        return columnFromValues(
          this.type,
          Array.from(idx, (j) => (j < 0 ? null : this.value)),
        );
    }
    return new ConstColumn(this.type, this.value, idx.length);
  }
}

/** Builds the best column for `type` from a list of scalars. */
export function columnFromValues(type: KqlType, values: readonly Scalar[]): Column {
  const n = values.length;
  switch (type) {
    case 'string': {
      const b = new StringColumnBuilder();
      for (let i = 0; i < n; i++) {
        const v = values[i];
        b.push(typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
      }
      return b.finish();
    }
    case 'int':
    case 'long':
    case 'real': {
      const out = new Float64Array(n);
      let nulls: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'number') out[i] = v;
        else {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
        }
      }
      return new NumberColumn(type, out, nulls);
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        out[i] = v === true ? BOOL_TRUE : v === false ? BOOL_FALSE : BOOL_NULL;
      }
      return new BoolColumn(out);
    }
    case 'datetime':
    case 'timespan': {
      const ms = new Float64Array(n);
      const sub = new Uint16Array(n);
      let nulls: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === 'bigint') {
          const [a, b] = splitTicks(v);
          ms[i] = a;
          sub[i] = b;
        } else {
          nulls ??= new Uint8Array(n);
          nulls[i] = 1;
        }
      }
      return new TickColumn(type, ms, sub, nulls);
    }
    default:
      return new ValueColumn(type, values);
  }
}

/** Accumulates strings into a dictionary-encoded column. */
export class StringColumnBuilder {
  private readonly index = new Map<string, number>();
  private readonly dict: string[] = [];
  private codes: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.codes = new Int32Array(capacity);
  }

  push(s: string): void {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    if (this.n === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[this.n++] = c;
  }

  finish(): StringColumn {
    return new StringColumn(this.codes.slice(0, this.n), this.dict);
  }
}

/** A column of `length` nulls of `type`. */
export function nullColumn(type: KqlType, length: number): Column {
  return new ConstColumn(type, type === 'string' ? '' : null, length);
}
