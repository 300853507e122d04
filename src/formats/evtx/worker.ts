/**
 * The worker side of parallel.ts: reads the chunk ranges it is given, one task after the
 * other (the main thread keeps the next one queued here, so no round trip separates them),
 * packs each record's event fields (transfer.ts) and posts them in batches with the
 * diagnostics found on the way; the end of a task carries the summaries of its chunks, from
 * which the main thread judges the file's lost chunks. It keeps at most two batches in
 * flight, waiting for the main thread to take one before it reads on, so a slow consumer
 * slows the workers instead of filling memory.
 */

import { parentPort } from 'node:worker_threads';
import { DiagnosticSink } from '../../diagnostics.js';
import type { ChunkSummary } from './chunk.js';
import { readEvtxFile } from './reader.js';
import { peekEventId } from './to-event.js';
import { accepts } from './parallel.js';
import type { EventFilter, ToMain, ToWorker, WorkerTask } from './parallel.js';
import { EventPacker } from './transfer.js';

const BATCH = 256;
const IN_FLIGHT = 2;

const port = parentPort;
let credits = IN_FLIGHT;
let onCredit: (() => void) | null = null;

function post(message: ToMain): void {
  port?.postMessage(message);
}

async function send(task: WorkerTask, packer: EventPacker, sink: DiagnosticSink): Promise<void> {
  const packed = packer.take();
  const message: ToMain = {
    type: 'batch',
    task: task.id,
    packed,
    diagnostics: sink.items.splice(0),
  };
  port?.postMessage(message, [packed.numbers.buffer as ArrayBuffer, packed.text]);
  credits--;
  while (credits <= 0) await new Promise<void>((resolve) => (onCredit = resolve));
}

/** The filter's channel and provider lists, checked once a record's System is read. */
function keeper(f: EventFilter | undefined): ((e: EventPacker) => boolean) | undefined {
  if (!f?.channels && !f?.providers) return undefined;
  return (e) => accepts(f, e);
}

async function run(task: WorkerTask): Promise<void> {
  // No cap here: the main thread's sink applies its own, and counts must not be lost.
  const sink = new DiagnosticSink(Number.POSITIVE_INFINITY);
  const packer = new EventPacker();
  const chunks: ChunkSummary[] = [];
  const records = readEvtxFile(task.path, {
    sink,
    name: task.name,
    firstChunk: task.firstChunk,
    endChunk: task.endChunk,
    skipHeaderChecks: true,
    onChunk: (c) => chunks.push(c),
  });
  const ids = task.filter?.eventIds;
  const keep = keeper(task.filter);
  for await (const record of records) {
    // The event id is read without walking the record: most records fail a hunt's filter.
    if (ids && !ids.includes(peekEventId(record))) continue;
    packer.add(record, keep);
    if (packer.count >= BATCH) await send(task, packer, sink);
  }
  if (packer.count > 0 || sink.items.length > 0) await send(task, packer, sink);
  post({ type: 'done', task: task.id, chunks });
}

const queue: WorkerTask[] = [];
let busy = false;

/** Runs the queued tasks one at a time. */
async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let task = queue.shift(); task; task = queue.shift()) {
    try {
      await run(task);
    } catch (e) {
      post({ type: 'failed', task: task.id, message: e instanceof Error ? e.message : String(e) });
    }
  }
  busy = false;
}

port?.on('message', (m: ToWorker) => {
  if (m.type === 'ack') {
    credits++;
    const wake = onCredit;
    onCredit = null;
    wake?.();
  } else {
    queue.push(m.task);
    void drain();
  }
});
