/** Reads inputs and builds the Defender tables: the first stage of hunt, query and tables. */

import { DiagnosticSink } from '../diagnostics.js';
import { loadInputs, type FileReport } from '../formats/load.js';
import { Normalizer, USED_EVENT_IDS, type NormalizeStats } from '../normalize/normalizer.js';
import type { RunSummary } from '../report/summary.js';
import type { Table } from '../table/table.js';

export interface Ingested {
  tables: Map<string, Table>;
  files: FileReport[];
  stats: NormalizeStats;
  sink: DiagnosticSink;
  read: number;
  rejected: number;
}

export interface IngestOptions {
  csvOffsetMinutes?: number;
  /** Host name for inputs that do not carry one (auditd without `node=`). */
  host?: string;
}

export async function ingest(
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<Ingested> {
  const sink = new DiagnosticSink();
  const normalizer = new Normalizer(sink);
  const { files } = await loadInputs(
    paths,
    (e) => normalizer.add(e),
    {
      wantsEventId: (id) => USED_EVENT_IDS.has(id),
      ...(options.csvOffsetMinutes !== undefined
        ? { localOffsetMinutes: options.csvOffsetMinutes }
        : {}),
      ...(options.host !== undefined ? { auditdHost: options.host } : {}),
    },
    sink,
  );
  const tables = normalizer.finish();
  const read = files.reduce((a, f) => a + f.read, 0);
  const rejected = files.reduce((a, f) => a + f.rejected, 0) + normalizer.stats.rejected;
  return { tables, files, stats: normalizer.stats, sink, read, rejected };
}

/** Records read but in no table, by reason: kinds no table takes, event ids never decoded. */
export function notUsed(data: {
  stats: { ignored: Map<string, number> };
  files: { passed: number }[];
}): Map<string, number> {
  const m = new Map(data.stats.ignored);
  const passed = data.files.reduce((a, f) => a + f.passed, 0);
  if (passed > 0) m.set('unused event ids (not decoded)', passed);
  return m;
}

/** The run summary of what was ingested, timed from `started` (performance.now()). */
export function ingestSummary(
  command: string,
  data: Ingested,
  anchor: RunSummary['anchor'],
  started: number,
): RunSummary {
  return {
    command,
    files: data.files,
    read: data.read,
    kept: data.stats.kept,
    notUsed: notUsed(data),
    rejected: data.rejected,
    diagnostics: data.sink.items,
    diagnosticCounts: data.sink.counts,
    ...(anchor ? { anchor } : {}),
    rows: data.stats.rows,
    elapsedMs: performance.now() - started,
  };
}
