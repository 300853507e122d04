/** Reads inputs and builds the Defender tables: the first stage of hunt, query and tables. */

import { DiagnosticSink } from '../diagnostics.js';
import { loadInputs, type FileReport } from '../formats/load.js';
import { Normalizer, USED_EVENT_IDS, type NormalizeStats } from '../normalize/normalizer.js';
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
