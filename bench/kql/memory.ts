/**
 * Peak memory per query, measured in a process of its own. In the benchmark's process,
 * memory freed by generating the data, by DuckDB's load and by earlier queries stays with the
 * C allocator and is handed out again without the resident set growing, so a webc2 query's
 * growth there reads low (near zero at ten million rows). The child runs with
 * `MALLOC_MMAP_THRESHOLD_` at 64 KiB, which gives every large block (every column) its own
 * mapping, returned to the system when freed: the resident set then follows what is live,
 * and webc2's figure is its highest value sampled during the query (bench/kql/measure.ts)
 * less the level just before.
 *
 * DuckDB's resident set does not work that way (it keeps and reuses what its load freed, so
 * its growth reads near zero), so its figure is its own: the growth of its buffer manager,
 * polled while the query runs (duckdb.ts). Timings are not taken here: the allocator setting
 * costs page faults that a normal run does not pay.
 *
 * `node dist/bench/kql/memory.js ROWS MAX_ROWS` prints one JSON line per query.
 */

import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KqlEngine } from '../../src/kql/engine.js';
import { generate, toWebc2 } from './data.js';
import { DuckDb } from './duckdb.js';
import { RssSampler, fullGc } from './measure.js';
import { benchQueries, readSeed } from './queries.js';

const here = fileURLToPath(import.meta.url);
const SEEDS = path.resolve(path.dirname(here), '..', '..', '..', '..', 'shared', 'seeds');

export interface PeakMemory {
  id: string;
  /** Growth of the resident set during the webc2 query, in bytes. */
  webc2: number;
  /** Growth of DuckDB's buffer manager during the DuckDB query, in bytes. */
  duck: number;
}

/** Measures every benchmark query at `rows` rows in a child process, by query id. */
export async function peakMemory(rows: number, maxRows: number): Promise<Map<string, PeakMemory>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [here, String(rows), String(maxRows)],
    { maxBuffer: 1 << 20, env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '65536' } },
  );
  const lines = stdout.trim().split('\n');
  return new Map(lines.map((l) => JSON.parse(l) as PeakMemory).map((m) => [m.id, m]));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The resident set's growth while `fn` runs, after a full collection and a moment's rest. */
async function growth(sampler: RssSampler, fn: () => unknown): Promise<number> {
  fullGc();
  await pause(100);
  const base = sampler.start();
  await fn();
  return Math.max(0, sampler.stop() - base);
}

/**
 * webc2 goes first, before DuckDB has loaded anything: memory DuckDB frees late (its load,
 * its results, released when their JavaScript handles are collected) would otherwise be
 * returned to the system during a webc2 query and hide that much of its growth.
 */
async function child(rows: number, maxRows: number): Promise<void> {
  const seed = readSeed(SEEDS);
  const data = generate(rows, seed.webServices);
  const gen = [data.network, data.process, data.allow];
  const tables = new Map(gen.map((t) => [t.name, toWebc2(t)]));
  const queries = benchQueries(seed, data.now);
  const engine = new KqlEngine(tables, { now: data.now, limits: { maxRows } });
  // The Kusto package builds its symbol tables on first use; that is not the query's memory.
  engine.run('DeviceNetworkEvents | take 1');
  const sampler = new RssSampler();
  const out = new Map<string, PeakMemory>();
  try {
    for (const q of queries) {
      const webc2 = await growth(sampler, () => {
        const t = engine.run(q.kql).table;
        for (let i = 0; i < t.width; i++) t.column(i);
      });
      out.set(q.id, { id: q.id, webc2, duck: 0 });
    }
    const duck = await DuckDb.open();
    try {
      for (const t of gen) await duck.load(t);
      for (const q of queries) {
        fullGc();
        out.get(q.id)!.duck = await duck.peakBufferBytes(q.sql);
      }
    } finally {
      duck.close();
    }
  } finally {
    await sampler.close();
  }
  for (const m of out.values()) process.stdout.write(JSON.stringify(m) + '\n');
}

if (process.argv[1] === here) {
  const [rows, maxRows] = process.argv.slice(2);
  await child(Number(rows), Number(maxRows));
}
