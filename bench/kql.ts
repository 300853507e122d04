/**
 * webc2's KQL engine against DuckDB on generated Defender tables of 1, 5 and 10 million
 * network connections (bench/kql/data.ts): the seed rule verbatim, a filtered count by host,
 * a leftanti join against an allowlist, a regex extract with a count, and a `has_any` filter.
 * Each query runs in both engines over the same rows; the results are compared by digest and
 * a mismatch is printed in capitals. Timings are the best of a few runs after a warm-up
 * (bench/kql/measure.ts); peak memory is measured afterwards in a child process
 * (bench/kql/memory.ts). webc2 runs on one thread; DuckDB on as many as it likes (two cores
 * here), and single-threaded in a column of its own.
 *
 * The seed rule joins every web-service connection with every process of its device in the
 * last day; the process table is sized at 2% of the connections and the engine's row limit is
 * raised so that product is allowed at every size.
 *
 * Run alone with `node dist/bench/kql.js`; KQL_BENCH_ROWS (comma-separated, default
 * 1000000,5000000,10000000) sets the sizes and KQL_BENCH_RUNS (default 3) the timed runs.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KqlEngine } from '../src/kql/engine.js';
import type { Table } from '../src/table/table.js';
import type { DuckDBMaterializedResult } from '@duckdb/node-api';
import { generate, toWebc2, PROCESS_RATIO } from './kql/data.js';
import { digestOf, sameDigest, webc2Text, type Digest } from './kql/digest.js';
import { DuckDb, duckRows } from './kql/duckdb.js';
import { fullGc, measure } from './kql/measure.js';
import { peakMemory, type PeakMemory } from './kql/memory.js';
import { benchQueries, readSeed, type BenchQuery, type Seed } from './kql/queries.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEEDS = path.join(root, '..', 'shared', 'seeds');
const MAX_ROWS = 1_000_000_000;

interface Row {
  size: number;
  q: BenchQuery;
  inputRows: number;
  resultRows: number;
  webc2: number;
  duck: number;
  duck1: number;
  webc2Cpu: number;
  duckCpu: number;
  memory: PeakMemory | undefined;
  match: boolean;
  detail: string;
}

function log(msg: string): void {
  process.stderr.write(`[kql] ${msg}\n`);
}

/** Reads every column of a result, so lazy columns cost what they would to a consumer. */
function materialise(t: Table): Table {
  for (let i = 0; i < t.width; i++) t.column(i);
  return t;
}

function sizes(): number[] {
  const env = process.env['KQL_BENCH_ROWS'];
  const list = env ? env.split(',').map(Number) : [1_000_000, 5_000_000, 10_000_000];
  return list.filter((n) => Number.isInteger(n) && n > 0);
}

interface Loaded {
  tables: Map<string, Table>;
  duck: DuckDb;
  inputRows: Map<string, number>;
  now: bigint;
}

/** Generates one size and loads it into both engines; the generator's arrays are let go. */
async function load(size: number, seed: Seed): Promise<Loaded> {
  let t0 = performance.now();
  const data = generate(size, seed.webServices);
  const gen = [data.network, data.process, data.allow];
  const tables = new Map(gen.map((t) => [t.name, toWebc2(t)]));
  log(`${num(size)} rows generated in ${seconds(t0)} s`);
  t0 = performance.now();
  const duck = await DuckDb.open();
  for (const t of gen) await duck.load(t);
  log(`loaded into DuckDB in ${seconds(t0)} s`);
  return { tables, duck, inputRows: new Map(gen.map((t) => [t.name, t.rows])), now: data.now };
}

/** A DuckDB result's digest, from the text of its columns. */
async function duckDigest(q: BenchQuery, result: DuckDBMaterializedResult): Promise<Digest> {
  const rows = await duckRows(result);
  return digestOf(q, Number(result.rowCount), (name) => {
    const j = rows.names.indexOf(name);
    if (j < 0) throw new Error(`DuckDB result has no column ${name}`);
    return rows.columns[j]!;
  });
}

async function benchQuery(q: BenchQuery, size: number, data: Loaded, runs: number): Promise<Row> {
  const { duck } = data;
  const engine = new KqlEngine(data.tables, { now: data.now, limits: { maxRows: MAX_ROWS } });
  const w = await measure(runs, () => materialise(engine.run(q.kql).table));
  const wd = digestOf(q, w.first.length, (name) => webc2Text(w.first, name));
  const d = await measure(runs, () => duck.run(q.sql));
  const dd = await duckDigest(q, d.first);
  await duck.run('SET threads = 1');
  const d1 = await measure(runs, () => duck.run(q.sql));
  await duck.run('RESET threads');
  const match = sameDigest(wd, dd);
  const detail = match ? '' : `webc2 ${show(wd)} / DuckDB ${show(dd)}`;
  if (!match) log(`MISMATCH on ${q.id} at ${num(size)} rows: ${detail}`);
  log(`${q.id}: webc2 ${secs(w.seconds)} s, DuckDB ${secs(d.seconds)} s`);
  return {
    size,
    q,
    inputRows: q.inputs.reduce((a, n) => a + data.inputRows.get(n)!, 0),
    resultRows: wd.rows,
    webc2: w.seconds,
    duck: d.seconds,
    duck1: d1.seconds,
    webc2Cpu: w.cpuSeconds,
    duckCpu: d.cpuSeconds,
    memory: undefined,
    match,
    detail,
  };
}

async function benchSize(size: number, seed: Seed, runs: number): Promise<Row[]> {
  const data = await load(size, seed);
  const out: Row[] = [];
  try {
    for (const q of benchQueries(seed, data.now)) out.push(await benchQuery(q, size, data, runs));
  } finally {
    data.duck.close();
    data.tables.clear();
  }
  fullGc();
  const t0 = performance.now();
  const memory = await peakMemory(size, MAX_ROWS);
  for (const r of out) r.memory = memory.get(r.q.id);
  log(`memory measured in a child process in ${seconds(t0)} s`);
  return out;
}

function show(d: Digest): string {
  return `${d.rows} rows, hash ${d.hash.toString(16)}${d.ends ? `, ${d.ends}` : ''}`;
}

const num = (n: number): string => Math.round(n).toLocaleString('en-US');
const secs = (s: number): string => (s < 0.1 ? s.toFixed(4) : s.toFixed(3));
const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);
const perRow = (bytes: number | undefined, rows: number): string =>
  bytes === undefined ? '?' : (bytes / rows).toFixed(1);

function table(rows: Row[]): string {
  const lines = [
    '| rows | query | result rows | webc2 s | DuckDB s | DuckDB 1 thread s | webc2 rows/s | DuckDB rows/s | webc2 / DuckDB | webc2 / DuckDB 1 thread | webc2 CPU s | DuckDB CPU s | webc2 peak B/row | DuckDB peak B/row | within 2x | same result |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.webc2 / r.duck;
    const goal = !r.q.goal ? 'n/a' : ratio <= 2 ? 'yes' : '**no**';
    const same = r.match ? 'yes' : `**MISMATCH** ${r.detail}`;
    lines.push(
      `| ${num(r.size)} | ${r.q.title} | ${num(r.resultRows)} | ${secs(r.webc2)} | ${secs(r.duck)} | ${secs(r.duck1)} | ${num(r.inputRows / r.webc2)} | ${num(r.inputRows / r.duck)} | ${ratio.toFixed(2)} | ${(r.webc2 / r.duck1).toFixed(2)} | ${secs(r.webc2Cpu)} | ${secs(r.duckCpu)} | ${perRow(r.memory?.webc2, r.inputRows)} | ${perRow(r.memory?.duck, r.inputRows)} | ${goal} | ${same} |`,
    );
  }
  return lines.join('\n');
}

export async function benchKql(): Promise<void> {
  const seed = readSeed(SEEDS);
  const runs = Number(process.env['KQL_BENCH_RUNS'] ?? 3);
  const rows: Row[] = [];
  for (const size of sizes()) rows.push(...(await benchSize(size, seed, runs)));
  process.stdout.write(
    [
      `## KQL engine against DuckDB (generated DeviceNetworkEvents; DeviceProcessEvents at ${PROCESS_RATIO * 100}% of it; best of ${runs} after a warm-up)`,
      '',
      table(rows),
      '',
      'webc2 runs on one thread, DuckDB on all cores (2 here) and, in its own column, on one.',
      'Seconds are wall time, best of the timed runs; CPU s is the least CPU time of those runs',
      '(all threads), steadier when the machine is shared. Rows/s counts the rows of every',
      'input table. Peak B/row is memory per input row, measured in a separate process',
      '(bench/kql/memory.ts): for webc2 the growth of the resident set during the query, with',
      'the C allocator set to return every large block when freed; for DuckDB the growth of',
      "its buffer manager (its own account; DuckDB's resident set hardly moves, as it reuses",
      'what it holds, and its materialised results seem not to be counted). The seed rule',
      `runs verbatim with \`now\` at the end of the data and the row limit raised to ${num(MAX_ROWS)}.`,
      'The 2x goal applies to filters and joins (webc2 / DuckDB, wall time, DuckDB on all cores).',
      '',
    ].join('\n') + '\n',
  );
  if (rows.some((r) => !r.match))
    log('SOME RESULTS DIFFER BETWEEN webc2 AND DuckDB: see the table');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchKql();
