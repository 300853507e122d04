/**
 * Column-at-a-time evaluation helpers. An expression yields a whole column for its input
 * table. When the only argument that varies from row to row is a dictionary-encoded string
 * column, a function is evaluated once per distinct string and the result is mapped back
 * through the codes: `tolower(FileName)` or `RemoteUrl has "x"` over ten million rows with
 * a thousand distinct values costs a thousand calls.
 */

import {
  BOOL_FALSE,
  BOOL_NULL,
  BOOL_TRUE,
  BoolColumn,
  ConstColumn,
  NumberColumn,
  StringColumn,
  columnFromValues,
  type Column,
} from '../table/column.js';
import type { KqlType, Scalar } from '../table/types.js';

/** Builds a column of `type` from a value per code, reusing the input's codes. */
export function columnFromCodes(
  type: KqlType,
  codes: Int32Array,
  perCode: readonly Scalar[],
): Column {
  const n = codes.length;
  switch (type) {
    case 'bool': {
      const lut = new Uint8Array(perCode.length);
      perCode.forEach(
        (v, i) => (lut[i] = v === true ? BOOL_TRUE : v === false ? BOOL_FALSE : BOOL_NULL),
      );
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = lut[codes[i]!]!;
      return new BoolColumn(out);
    }
    case 'string': {
      // Distinct inputs can map to the same output; dedupe so codes stay one per value.
      const index = new Map<string, number>();
      const dict: string[] = [];
      const remap = new Int32Array(perCode.length);
      perCode.forEach((v, i) => {
        const s = typeof v === 'string' ? v : v === null ? '' : String(v);
        let c = index.get(s);
        if (c === undefined) {
          c = dict.length;
          dict.push(s);
          index.set(s, c);
        }
        remap[i] = c;
      });
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = remap[codes[i]!]!;
      return new StringColumn(out, dict);
    }
    case 'int':
    case 'long':
    case 'real': {
      const lut = new Float64Array(perCode.length);
      const lutNull = new Uint8Array(perCode.length);
      let anyNull = false;
      perCode.forEach((v, i) => {
        if (typeof v === 'number') lut[i] = v;
        else {
          lutNull[i] = 1;
          anyNull = true;
        }
      });
      const out = new Float64Array(n);
      const nulls = anyNull ? new Uint8Array(n) : null;
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        out[i] = lut[c]!;
        if (nulls !== null) nulls[i] = lutNull[c]!;
      }
      return new NumberColumn(type, out, nulls);
    }
    default: {
      const vals: Scalar[] = new Array<Scalar>(n);
      for (let i = 0; i < n; i++) vals[i] = perCode[codes[i]!] ?? null;
      return columnFromValues(type, vals);
    }
  }
}

/**
 * Applies `f` to each row of `cols`. Constant inputs give a constant; a single varying
 * dictionary-encoded string input is evaluated per distinct value when that is cheaper.
 */
export function mapRows(
  cols: readonly Column[],
  length: number,
  type: KqlType,
  f: (vals: Scalar[]) => Scalar,
  deterministic = true,
): Column {
  const vals: Scalar[] = cols.map((c) => (c instanceof ConstColumn ? c.value : null));
  const varying: number[] = [];
  cols.forEach((c, i) => {
    if (!(c instanceof ConstColumn)) varying.push(i);
  });
  if (varying.length === 0 && deterministic) return new ConstColumn(type, f(vals), length);
  if (varying.length === 1 && deterministic) {
    const vi = varying[0]!;
    const c = cols[vi]!;
    if (c instanceof StringColumn && c.dict.length <= length) {
      const perCode = c.dict.map((s) => {
        vals[vi] = s;
        return f(vals);
      });
      return columnFromCodes(type, c.codes, perCode);
    }
  }
  const out: Scalar[] = new Array<Scalar>(length);
  for (let i = 0; i < length; i++) {
    for (const k of varying) vals[k] = cols[k]!.get(i);
    out[i] = f(vals);
  }
  return columnFromValues(type, out);
}

/** Rows where a boolean column is true (null and false are dropped, as `where` does). */
export function trueRows(c: Column, length: number): Int32Array {
  if (c instanceof ConstColumn) {
    return c.value === true ? identity(length) : new Int32Array(0);
  }
  if (c instanceof BoolColumn) {
    const v = c.values;
    let n = 0;
    for (let i = 0; i < length; i++) if (v[i] === BOOL_TRUE) n++;
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < length; i++) if (v[i] === BOOL_TRUE) out[k++] = i;
    return out;
  }
  const idx: number[] = [];
  for (let i = 0; i < length; i++) if (c.get(i) === true) idx.push(i);
  return Int32Array.from(idx);
}

export function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
