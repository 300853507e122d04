/**
 * Timing and memory for the KQL benchmark. Timings are wall-clock and CPU time, best of N
 * after a warm-up. Memory is the growth of the process's resident set over its level just
 * before a query: a worker thread samples it every millisecond while the main thread is
 * busy, which is the only way to see the peak of a synchronous webc2 query, and it sees
 * DuckDB's native allocations too (DuckDB runs inside the process). memory.ts uses it in a
 * process of its own.
 */

import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** A full garbage collection, twice, so weak and finalised objects go too. */
export function fullGc(): void {
  collect();
  collect();
}

// Slots of the shared array: [0] run flag, [1] samples taken, then the peak RSS in a Float64.
const SAMPLER = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData, 0, 2);
const peak = new Float64Array(workerData, 8, 1);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  if (Atomics.load(flags, 0) === 2) break;
  const rss = process.memoryUsage.rss();
  if (rss > peak[0]) peak[0] = rss;
  Atomics.add(flags, 1, 1);
  Atomics.wait(pause, 0, 0, 1);
}
`;

/** Samples the process's RSS on a worker thread and reports the peak between start and stop. */
export class RssSampler {
  private readonly shared = new SharedArrayBuffer(16);
  private readonly flags = new Int32Array(this.shared, 0, 2);
  private readonly peak = new Float64Array(this.shared, 8, 1);
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(SAMPLER, { eval: true, workerData: this.shared });
    this.worker.unref();
  }

  /** Resets the peak to the current RSS and returns that baseline. */
  start(): number {
    const now = process.memoryUsage.rss();
    this.peak[0] = now;
    return now;
  }

  /** The highest RSS sampled since `start` (at least the current one). */
  stop(): number {
    const now = process.memoryUsage.rss();
    return Math.max(now, this.peak[0]!);
  }

  async close(): Promise<void> {
    Atomics.store(this.flags, 0, 2);
    await this.worker.terminate();
  }
}

export interface Measured<T> {
  /** Best wall time of the timed runs, in seconds. */
  seconds: number;
  /**
   * Least CPU time of the timed runs (user + system, every thread of the process), in
   * seconds: steadier than wall time on a shared machine, and it shows DuckDB's parallelism.
   */
  cpuSeconds: number;
  /** What the warm-up run returned, for checking results. */
  first: T;
}

/**
 * Runs `fn` once (the warm-up), then `runs` times timed, each after a full GC so one run's
 * garbage is not collected during the next.
 */
export async function measure<T>(runs: number, fn: () => T | Promise<T>): Promise<Measured<T>> {
  fullGc();
  const first = await fn();
  let best = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    fullGc();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { seconds: best / 1000, cpuSeconds: cpu, first };
}
