/**
 * A table is an ordered list of named, typed columns of equal length. Columns may be lazy:
 * a filter or a join produces a table whose columns are gathered from their source only
 * when an operator reads them, so a `where` followed by a `project` of three columns copies
 * three columns, not thirty.
 */

import { columnFromValues, nullColumn, type Column } from './column.js';
import type { KqlType, Scalar } from './types.js';

export interface ColumnSpec {
  name: string;
  type: KqlType;
}

/**
 * A column slot. `column` once it exists; until then `make` builds it, and when the column
 * is rows `idx` of column `col` of another table, `gather` says so, which lets a take of a
 * take compose the two index lists instead of copying every column twice (a `sort` of a
 * million rows followed by `take 10` then gathers ten rows, not a million).
 */
type Slot = {
  spec: ColumnSpec;
  column: Column | null;
  make: (() => Column) | null;
  gather?: { table: Table; col: number; idx: Int32Array };
};

export class Table {
  private readonly slots: Slot[];
  private byName: Map<string, number> | null = null;

  private constructor(
    slots: Slot[],
    readonly length: number,
  ) {
    this.slots = slots;
  }

  static of(columns: readonly { name: string; column: Column }[], length?: number): Table {
    const n = length ?? columns[0]?.column.length ?? 0;
    return new Table(
      columns.map((c) => ({
        spec: { name: c.name, type: c.column.type },
        column: c.column,
        make: null,
      })),
      n,
    );
  }

  /** A table whose columns are computed on first use. */
  static lazy(specs: readonly ColumnSpec[], length: number, make: (i: number) => Column): Table {
    return new Table(
      specs.map((spec, i) => ({ spec, column: null, make: () => make(i) })),
      length,
    );
  }

  static empty(specs: readonly ColumnSpec[]): Table {
    return new Table(
      specs.map((spec) => ({ spec, column: nullColumn(spec.type, 0), make: null })),
      0,
    );
  }

  /** Builds a table from row objects (tests and small inputs). */
  static fromRows(specs: readonly ColumnSpec[], rows: readonly Record<string, Scalar>[]): Table {
    return Table.of(
      specs.map((s) => ({
        name: s.name,
        column: columnFromValues(
          s.type,
          rows.map((r) => r[s.name] ?? null),
        ),
      })),
      rows.length,
    );
  }

  get width(): number {
    return this.slots.length;
  }

  get specs(): ColumnSpec[] {
    return this.slots.map((s) => s.spec);
  }

  spec(i: number): ColumnSpec {
    return this.slot(i).spec;
  }

  indexOf(name: string): number {
    if (this.byName === null) {
      this.byName = new Map();
      this.slots.forEach((s, i) => this.byName!.set(s.spec.name, i));
    }
    return this.byName.get(name) ?? -1;
  }

  column(i: number): Column {
    const s = this.slot(i);
    if (s.column === null) {
      s.column = s.make!();
      s.make = null;
    }
    return s.column;
  }

  columnByName(name: string): Column | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : this.column(i);
  }

  /** Rows by index (-1 gives a row of nulls); columns gathered lazily. */
  take(idx: Int32Array): Table {
    const composed = new Map<Int32Array, Int32Array>();
    return new Table(
      this.slots.map((s, i) => {
        const g = s.column === null ? s.gather : undefined;
        if (g === undefined) {
          const gather = { table: this as Table, col: i, idx };
          return { spec: s.spec, column: null, make: () => this.column(i).take(idx), gather };
        }
        let both = composed.get(g.idx);
        if (both === undefined) {
          both = new Int32Array(idx.length);
          for (let k = 0; k < idx.length; k++) {
            const j = idx[k]!;
            both[k] = j < 0 ? -1 : g.idx[j]!;
          }
          composed.set(g.idx, both);
        }
        const gather = { table: g.table, col: g.col, idx: both };
        return {
          spec: s.spec,
          column: null,
          make: () => gather.table.column(gather.col).take(gather.idx),
          gather,
        };
      }),
      idx.length,
    );
  }

  /** The same rows with a new list of (name, source column index or column). */
  select(cols: readonly { name: string; from: number | Column }[]): Table {
    return new Table(
      cols.map((c) => {
        if (typeof c.from === 'number') {
          const src = this.slot(c.from);
          const i = c.from;
          return {
            spec: { name: c.name, type: src.spec.type },
            column: src.column,
            make: src.column === null ? () => this.column(i) : null,
            ...(src.column === null && src.gather ? { gather: src.gather } : {}),
          };
        }
        return { spec: { name: c.name, type: c.from.type }, column: c.from, make: null };
      }),
      this.length,
    );
  }

  row(i: number): Record<string, Scalar> {
    const r: Record<string, Scalar> = {};
    for (let c = 0; c < this.slots.length; c++) r[this.slot(c).spec.name] = this.column(c).get(i);
    return r;
  }

  *rows(): Generator<Record<string, Scalar>> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  private slot(i: number): Slot {
    const s = this.slots[i];
    if (s === undefined) throw new RangeError(`column ${i} out of range`);
    return s;
  }
}
