/**
 * Fuzzing the EVTX reader with mutated shared samples (bit flips, truncation, broken sizes,
 * template and name offsets pointed elsewhere, value descriptors retyped, chunk and file
 * header fields overwritten). Seeds are sequential, so a failure names the seed that
 * replays it. The rounds run in a worker: if one stops answering, the test fails with its
 * seed instead of hanging CI. Set EVTX_FUZZ_ROUNDS for a longer run.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { RoundResult } from './fuzz-rounds.js';

const ROUNDS = Number(process.env['EVTX_FUZZ_ROUNDS'] ?? 600);
/** A round decodes a few hundred KB; this long without an answer means a hang. */
const STALL_MS = 15_000;

test(`${ROUNDS} fuzz rounds: no throw, no hang, every diagnostic has a code, file and offset`, async (t) => {
  const failures: string[] = [];
  let records = 0;
  let diagnostics = 0;
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./fuzz-rounds.js', import.meta.url), {
      workerData: { from: 1, to: ROUNDS + 1 },
    });
    let last = 0;
    let timer = setTimeout(stalled, STALL_MS);
    function stalled(): void {
      void worker.terminate();
      reject(new Error(`fuzz round ${last + 1} did not finish within ${STALL_MS} ms`));
    }
    worker.on('message', (r: RoundResult) => {
      clearTimeout(timer);
      timer = setTimeout(stalled, STALL_MS);
      last = r.seed;
      done++;
      records += r.records;
      diagnostics += r.diagnostics;
      if (r.error) failures.push(`seed ${r.seed}: ${r.error}`);
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  t.diagnostic(`${done} rounds, ${records} records rendered, ${diagnostics} diagnostics`);
  assert.equal(done, ROUNDS);
  assert.deepEqual(failures, []);
});
