/** Runs a reader over text and collects what it emitted, counted and reported. */

import { DiagnosticSink } from '../../src/diagnostics.js';
import type { InputEvent } from '../../src/formats/event.js';
import type { FileStats, ReadContext } from '../../src/formats/reader.js';

export interface Collected {
  events: InputEvent[];
  stats: FileStats;
  sink: DiagnosticSink;
  result: unknown;
}

export function collect(
  read: (buf: Buffer, ctx: ReadContext) => unknown,
  text: string,
  wants: (id: number) => boolean = () => true,
): Collected {
  const events: InputEvent[] = [];
  const sink = new DiagnosticSink();
  const stats: FileStats = { read: 0, rejected: 0, passed: 0 };
  const result = read(Buffer.from(text), {
    file: 'input',
    sink,
    stats,
    emit: (e) => events.push(e),
    wantsEventId: wants,
  });
  return { events, stats, sink, result };
}
