/**
 * Reading many EVTX files on worker threads, for `hunt` over a folder of logs. The main
 * thread checks each file's header (so an empty or foreign file is reported once, here),
 * then cuts the work into tasks: a file, or for a large file a range of its chunks, since
 * chunks decode independently. Each worker holds two tasks, so it never waits for the next,
 * and streams back `WindowsEvent` batches (worker.ts). The main thread takes tasks too
 * whenever no batch is waiting: it has to spend time on every event a worker sends (about a
 * quarter of what parsing it costs), so one worker fewer than cores, plus the main thread,
 * keeps every core busy. Events of one task arrive in file order; tasks finish in any order.
 * No worker starts when the input is small, since starting a thread costs more than
 * parsing a few megabytes. Whether a damaged or zero chunk lost records depends on the chunks
 * either side, which another task may have read, so each task hands back the summaries of
 * its chunks and the lost chunks of a file are judged here once its last task is done.
 */

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Diagnostic, DiagnosticSink } from '../../diagnostics.js';
import type { WindowsEvent } from '../event.js';
import { CHUNK_SIZE } from './chunk.js';
import type { ChunkSummary } from './chunk.js';
import { evtxDiagnostic } from './codes.js';
import { reportChunkLosses } from './continuity.js';
import type { LogFacts } from './continuity.js';
import { FILE_HEADER_SIZE, inspectEvtxFile, logFacts, readEvtxFile } from './reader.js';
import { peekEventId, recordToEvent } from './to-event.js';
import { unpackEvents } from './transfer.js';
import type { PackedEvents } from './transfer.js';

/**
 * Events to keep, applied in the workers so the rest never cross to the main thread. Each
 * list given must contain the event's value; an absent list keeps everything.
 */
export interface EventFilter {
  eventIds?: number[];
  channels?: string[];
  providers?: string[];
}

/** A slice of one file for one worker. */
export interface WorkerTask {
  id: number;
  path: string;
  name: string;
  firstChunk: number;
  endChunk: number;
  filter?: EventFilter;
}

export type ToWorker = { type: 'task'; task: WorkerTask } | { type: 'ack' };
export type ToMain =
  | { type: 'batch'; task: number; packed: PackedEvents; diagnostics: Diagnostic[] }
  | { type: 'done'; task: number; chunks: ChunkSummary[] }
  | { type: 'failed'; task: number; message: string };

export interface ParallelOptions {
  /**
   * Worker threads besides this one, which reads too; 0 reads in this thread only. By
   * default one fewer than the cores (at least one), or 0 when the input is under
   * `inProcessBytes`.
   */
  threads?: number;
  /** Below this many bytes of input, and no `threads` given, no worker starts (32 MiB). */
  inProcessBytes?: number;
  sink?: DiagnosticSink;
  /** Files larger than this are split into chunk ranges of about this size (default 16 MiB). */
  splitBytes?: number;
  /** The name diagnostics and events give each path; defaults to the path. */
  nameOf?: (path: string) => string;
  filter?: EventFilter;
}

/** One batch of events, with the file it came from. */
export interface EventBatch {
  file: string;
  events: WindowsEvent[];
}

/** Whether an event passes `f`: every list given must contain the event's value. */
export function accepts(
  f: EventFilter,
  e: { eventId: number; channel: string; provider: string },
): boolean {
  return (
    (!f.eventIds || f.eventIds.includes(e.eventId)) &&
    (!f.channels || f.channels.includes(e.channel)) &&
    (!f.providers || f.providers.includes(e.provider))
  );
}

const BATCH = 256;

/**
 * The chunk summaries of each file, gathered task by task; when a file's last task is done,
 * its lost chunks are judged over all of them. A file with a failed task is not judged: the
 * failure is reported, and the slots it held are unknown.
 */
class ChunkLedgers {
  private readonly files = new Map<
    string,
    { facts: LogFacts; pending: number; chunks: ChunkSummary[]; failed: boolean }
  >();

  expect(path: string, facts: LogFacts, tasks: number): void {
    this.files.set(path, { facts, pending: tasks, chunks: [], failed: false });
  }

  /** Records a task's end; once the file is complete, its losses go to `report`. */
  done(task: WorkerTask, chunks: ChunkSummary[] | null, report: (d: Diagnostic) => void): void {
    const f = this.files.get(task.path);
    if (!f) return;
    if (chunks) f.chunks.push(...chunks);
    else f.failed = true;
    if (--f.pending > 0) return;
    this.files.delete(task.path);
    if (f.failed) return;
    f.chunks.sort((a, b) => a.index - b.index);
    reportChunkLosses(f.chunks, f.facts, task.name, report);
  }
}

async function plan(
  paths: string[],
  options: ParallelOptions,
): Promise<{ tasks: WorkerTask[]; bytes: number; ledgers: ChunkLedgers }> {
  const tasks: WorkerTask[] = [];
  const ledgers = new ChunkLedgers();
  let bytes = 0;
  const span = Math.max(1, Math.floor((options.splitBytes ?? 16 * 1024 * 1024) / CHUNK_SIZE));
  for (const path of paths) {
    const name = options.nameOf?.(path) ?? path;
    const info = await inspectEvtxFile(path, {
      ...(options.sink ? { sink: options.sink } : {}),
      name,
    });
    if (!info) continue;
    bytes += info.fileSize;
    const before = tasks.length;
    for (let first = 0; first < info.chunkSlots; first += span) {
      const endChunk = Math.min(info.chunkSlots, first + span);
      const task: WorkerTask = { id: tasks.length, path, name, firstChunk: first, endChunk };
      if (options.filter) task.filter = options.filter;
      tasks.push(task);
    }
    ledgers.expect(path, logFacts(info, info.fileSize, true), tasks.length - before);
  }
  return { tasks, bytes, ledgers };
}

/** The same work in this thread: no startup, no transfer; for small inputs. */
async function* inProcess(
  tasks: WorkerTask[],
  options: ParallelOptions,
  ledgers: ChunkLedgers,
): AsyncGenerator<EventBatch> {
  const filter = options.filter;
  const ids = filter?.eventIds;
  const report = (d: Diagnostic): void => options.sink?.report(d);
  for (const task of tasks) {
    let events: WindowsEvent[] = [];
    const chunks: ChunkSummary[] = [];
    const records = readEvtxFile(task.path, {
      ...(options.sink ? { sink: options.sink } : {}),
      name: task.name,
      firstChunk: task.firstChunk,
      endChunk: task.endChunk,
      skipHeaderChecks: true,
      onChunk: (c) => chunks.push(c),
    });
    for await (const record of records) {
      if (ids && !ids.includes(peekEventId(record))) continue;
      const event = recordToEvent(record);
      if (filter && !accepts(filter, event)) continue;
      events.push(event);
      if (events.length >= BATCH) {
        yield { file: task.name, events };
        events = [];
      }
    }
    if (events.length > 0) yield { file: task.name, events };
    ledgers.done(task, chunks, report);
  }
}

/**
 * Reads `paths` on worker threads and yields their events in batches as they are decoded.
 * Problems go to `options.sink`; a worker that dies is reported (EVTX0301) and replaced.
 *
 * @example
 * for await (const batch of readEvtxBatchesParallel(files, { sink })) hunt(batch.events);
 */
export async function* readEvtxBatchesParallel(
  paths: string[],
  options: ParallelOptions = {},
): AsyncGenerator<EventBatch> {
  const { tasks, bytes, ledgers } = await plan(paths, options);
  if (tasks.length === 0) return;
  const small = bytes < (options.inProcessBytes ?? 32 * 1024 * 1024);
  const wanted = options.threads ?? (small ? 0 : Math.max(1, os.availableParallelism() - 1));
  if (wanted <= 0) {
    yield* inProcess(tasks, options, ledgers);
    return;
  }
  const threads = Math.min(wanted, tasks.length);
  const url = new URL('./worker.js', import.meta.url);
  /** Batches to hand on; `worker` is the one to acknowledge, null for the files' own losses. */
  const ready: { worker: Worker | null; batch: EventBatch; diagnostics: Diagnostic[] }[] = [];
  const workers = new Set<Worker>();
  let next = 0;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  /** Reports that the task in hand was lost, pointing at the first chunk it covered. */
  const lost = (task: WorkerTask | undefined, why: string): void => {
    const at = task ? FILE_HEADER_SIZE + task.firstChunk * CHUNK_SIZE : 0;
    const d = evtxDiagnostic('EVTX0301', task?.name ?? '', at, why);
    // No acknowledgement: this is not a batch the worker counted against its credits.
    ready.push({ worker: null, batch: { file: d.file ?? '', events: [] }, diagnostics: [d] });
  };

  const start = (): void => {
    if (next >= tasks.length) return;
    const worker = new Worker(url);
    workers.add(worker);
    /** Tasks given to this worker and not finished, oldest first. */
    const held: WorkerTask[] = [];
    const give = (): void => {
      const task = tasks[next];
      if (task) {
        next++;
        held.push(task);
        worker.postMessage({ type: 'task', task } satisfies ToWorker);
      } else if (held.length === 0) {
        workers.delete(worker);
        void worker.terminate();
        notify();
      }
    };
    worker.on('message', (m: ToMain) => {
      if (m.type === 'batch') {
        const file = tasks[m.task]?.name ?? '';
        ready.push({
          worker,
          batch: { file, events: unpackEvents(m.packed) },
          diagnostics: m.diagnostics,
        });
        notify();
        return;
      }
      const task = tasks[m.task];
      if (m.type === 'failed') lost(task, m.message);
      if (task) {
        const diagnostics: Diagnostic[] = [];
        ledgers.done(task, m.type === 'done' ? m.chunks : null, (d) => diagnostics.push(d));
        const batch = { file: task.name, events: [] };
        if (diagnostics.length > 0) {
          ready.push({ worker: null, batch, diagnostics });
          notify();
        }
      }
      const i = held.findIndex((t) => t.id === m.task);
      if (i >= 0) held.splice(i, 1);
      give();
    });
    worker.on('error', (e) => {
      // A crash loses the tasks it held; report them and carry on with a fresh worker.
      workers.delete(worker);
      for (const task of held.splice(0)) {
        lost(task, e.message);
        ledgers.done(task, null, () => {});
      }
      start();
      notify();
    });
    give();
    give();
  };

  /** The task this thread is reading, when no worker batch is waiting. */
  let local: AsyncGenerator<EventBatch> | null = null;
  try {
    for (let i = 0; i < threads; i++) start();
    while (workers.size > 0 || ready.length > 0 || local || next < tasks.length) {
      const item = ready.shift();
      if (item) {
        if (item.worker && workers.has(item.worker))
          item.worker.postMessage({ type: 'ack' } satisfies ToWorker);
        for (const d of item.diagnostics) options.sink?.report(d);
        if (item.batch.events.length > 0) yield item.batch;
        continue;
      }
      const task = local ? undefined : tasks[next];
      if (task) {
        next++;
        local = inProcess([task], options, ledgers);
      }
      if (local) {
        const r = await local.next();
        if (r.done) local = null;
        else yield r.value;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await local?.return(undefined);
    await Promise.all([...workers].map((w) => w.terminate()));
  }
}

/**
 * Reads `paths` on worker threads and yields every event; see `readEvtxBatchesParallel`.
 *
 * @example
 * for await (const e of readEvtxEventsParallel(files, { sink })) if (e.eventId === 1) …
 */
export async function* readEvtxEventsParallel(
  paths: string[],
  options: ParallelOptions = {},
): AsyncGenerator<WindowsEvent> {
  for await (const batch of readEvtxBatchesParallel(paths, options)) yield* batch.events;
}
