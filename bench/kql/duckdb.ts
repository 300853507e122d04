/**
 * The generated tables in DuckDB (in-memory, default settings: one thread per core). Rows
 * arrive as the generator's integer codes and doubles through the appender in 2,048-row
 * chunks, the distinct strings as small lookup tables, and one `CREATE TABLE AS` turns them
 * into ordinary VARCHAR / INTEGER / BIGINT / TIMESTAMP columns in the generator's row order
 * (time order, as logs are stored). None of this is timed; only the queries are.
 */

import {
  DOUBLE,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  type DuckDBMaterializedResult,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { GenColumn, GenTable } from './data.js';

const CHUNK = 2048;

export class DuckDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckDb> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDb(instance, await instance.connect());
  }

  async run(sql: string): Promise<DuckDBMaterializedResult> {
    return this.connection.run(sql);
  }

  async load(t: GenTable): Promise<void> {
    const dicts = new Map<readonly string[], string>();
    for (const c of t.columns) {
      if (c.kind !== 'string' || dicts.has(c.dict)) continue;
      const name = `dict_${t.name}_${dicts.size}`;
      dicts.set(c.dict, name);
      await this.loadDictionary(name, c.dict);
    }
    const raw = `raw_${t.name}`;
    await this.loadCodes(raw, t);
    const select = t.columns.map((c, i) => `${rawValue(c, i)} AS ${c.name}`);
    const joins = t.columns.flatMap((c, i) =>
      c.kind === 'string' ? [`LEFT JOIN ${dicts.get(c.dict)} d${i} ON d${i}.code = r.c${i}`] : [],
    );
    await this.run(
      `CREATE TABLE ${t.name} AS SELECT ${select.join(', ')} FROM ${raw} r ${joins.join(' ')} ORDER BY r.row_number`,
    );
    await this.run(`DROP TABLE ${raw}`);
    for (const name of dicts.values()) await this.run(`DROP TABLE ${name}`);
  }

  private async loadDictionary(name: string, dict: readonly string[]): Promise<void> {
    await this.run(`CREATE TABLE ${name} (code INTEGER, v VARCHAR)`);
    const app = await this.connection.createAppender(name);
    dict.forEach((s, i) => {
      app.appendInteger(i);
      app.appendVarchar(s);
      app.endRow();
    });
    app.closeSync();
  }

  private async loadCodes(name: string, t: GenTable): Promise<void> {
    const types: DuckDBType[] = [
      INTEGER,
      ...t.columns.map((c) => (c.kind === 'string' ? INTEGER : DOUBLE)),
    ];
    const cols = t.columns.map((c, i) => `c${i} ${c.kind === 'string' ? 'INTEGER' : 'DOUBLE'}`);
    await this.run(`CREATE TABLE ${name} (row_number INTEGER, ${cols.join(', ')})`);
    const app = await this.connection.createAppender(name);
    for (let from = 0; from < t.rows; from += CHUNK) {
      const to = Math.min(t.rows, from + CHUNK);
      const chunk = DuckDBDataChunk.create(types, to - from);
      const rowNumbers = Array.from({ length: to - from }, (_, k) => from + k);
      chunk.setColumns([rowNumbers, ...t.columns.map((c) => slice(c, from, to))]);
      app.appendDataChunk(chunk);
    }
    app.closeSync();
  }

  /**
   * DuckDB's own account of a query's memory: what its buffer manager holds (hash tables,
   * sorts, results; `duckdb_memory()`), polled from a second connection while the query runs
   * on the first, highest value less the value before. Allocations outside the buffer
   * manager are not in it, and a peak shorter than the polling interval can be missed.
   */
  async peakBufferBytes(sql: string): Promise<number> {
    const probe = await this.instance.connect();
    const held = async (): Promise<number> => {
      const r = await probe.runAndReadAll(
        'SELECT sum(memory_usage_bytes)::DOUBLE FROM duckdb_memory()',
      );
      return Number(r.getRows()[0]![0]);
    };
    try {
      const base = await held();
      let peak = base;
      let done = false;
      const query = this.run(sql).finally(() => (done = true));
      while (!done) {
        peak = Math.max(peak, await held());
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await query;
      return Math.max(0, peak - base);
    } finally {
      probe.closeSync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function slice(c: GenColumn, from: number, to: number): DuckDBValue[] {
  const src = c.kind === 'string' ? c.codes : c.kind === 'datetime' ? c.micros : c.values;
  return Array.from(src.subarray(from, to));
}

function rawValue(c: GenColumn, i: number): string {
  switch (c.kind) {
    case 'string':
      return `d${i}.v`;
    case 'int':
      return `r.c${i}::INTEGER`;
    case 'long':
      return `r.c${i}::BIGINT`;
    case 'datetime':
      return `make_timestamp(r.c${i}::BIGINT)`;
  }
}

/** Every value of a result as text, timestamps as microseconds: the digests' common ground. */
export async function duckRows(result: DuckDBMaterializedResult): Promise<{
  names: string[];
  columns: string[][];
}> {
  const names = result.columnNames();
  const columns: string[][] = names.map(() => []);
  for await (const rows of result.yieldRows()) {
    for (const row of rows) row.forEach((v, j) => columns[j]!.push(duckText(v)));
  }
  return { names, columns };
}

function duckText(v: DuckDBValue): string {
  if (v === null) return '';
  if (typeof v === 'object' && 'micros' in v) return String(v.micros);
  return String(v);
}
