/**
 * Row-at-a-time construction of a table with a fixed schema, for the normalisers that turn
 * events into Defender tables. Strings are dictionary-encoded as they arrive.
 */

import {
  BOOL_FALSE,
  BOOL_NULL,
  BOOL_TRUE,
  BoolColumn,
  NumberColumn,
  StringColumnBuilder,
  TickColumn,
  ValueColumn,
  type Column,
} from './column.js';
import { splitTicks } from './datetime.js';
import { Table, type ColumnSpec } from './table.js';
import type { Scalar } from './types.js';

interface Sink {
  push(v: Scalar | undefined): void;
  finish(): Column;
}

class GrowingF64 {
  data = new Float64Array(256);
  nulls: Uint8Array | null = null;
  n = 0;
  push(v: number | null): void {
    if (this.n === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
      if (this.nulls) {
        const m = new Uint8Array(d.length);
        m.set(this.nulls);
        this.nulls = m;
      }
    }
    if (v === null) {
      this.nulls ??= new Uint8Array(this.data.length);
      this.nulls[this.n] = 1;
    } else {
      this.data[this.n] = v;
    }
    this.n++;
  }
}

function sinkFor(spec: ColumnSpec): Sink {
  switch (spec.type) {
    case 'string': {
      const b = new StringColumnBuilder();
      return {
        push: (v) =>
          b.push(typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)),
        finish: () => b.finish(),
      };
    }
    case 'int':
    case 'long':
    case 'real': {
      const g = new GrowingF64();
      const type = spec.type;
      return {
        push: (v) =>
          g.push(
            typeof v === 'number' && !Number.isNaN(v)
              ? v
              : type === 'real' && typeof v === 'number'
                ? v
                : null,
          ),
        finish: () =>
          new NumberColumn(type, g.data.slice(0, g.n), g.nulls ? g.nulls.slice(0, g.n) : null),
      };
    }
    case 'bool': {
      const vals: number[] = [];
      return {
        push: (v) => vals.push(v === true ? BOOL_TRUE : v === false ? BOOL_FALSE : BOOL_NULL),
        finish: () => new BoolColumn(Uint8Array.from(vals)),
      };
    }
    case 'datetime':
    case 'timespan': {
      const ms = new GrowingF64();
      const sub: number[] = [];
      const type = spec.type;
      return {
        push: (v) => {
          if (typeof v === 'bigint') {
            const [a, b] = splitTicks(v);
            ms.push(a);
            sub.push(b);
          } else {
            ms.push(null);
            sub.push(0);
          }
        },
        finish: () =>
          new TickColumn(
            type,
            ms.data.slice(0, ms.n),
            Uint16Array.from(sub),
            ms.nulls ? ms.nulls.slice(0, ms.n) : null,
          ),
      };
    }
    default: {
      const vals: Scalar[] = [];
      return { push: (v) => vals.push(v ?? null), finish: () => new ValueColumn(spec.type, vals) };
    }
  }
}

export class TableBuilder {
  private readonly sinks: Sink[];
  private n = 0;

  constructor(readonly specs: readonly ColumnSpec[]) {
    this.sinks = specs.map(sinkFor);
  }

  get rowCount(): number {
    return this.n;
  }

  /** Appends a row; missing columns become null (`""` for strings). */
  append(row: Readonly<Record<string, Scalar | undefined>>): void {
    for (let i = 0; i < this.specs.length; i++) this.sinks[i]!.push(row[this.specs[i]!.name]);
    this.n++;
  }

  finish(): Table {
    return Table.of(
      this.specs.map((s, i) => ({ name: s.name, column: this.sinks[i]!.finish() })),
      this.n,
    );
  }
}
