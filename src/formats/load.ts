/**
 * Reads every input a command names and streams its events to a consumer, one file at a
 * time: finds the files (folders, archives), recognises each format from its content, runs
 * the matching reader, and keeps the per-file accounting a run summary reconciles — records
 * read and rejected, files skipped and why.
 *
 * A failure while one record is handled (by a reader, or by the consumer it is handed to)
 * rejects that record alone: it is counted and reported where it came from, and the file
 * is read on.
 */

import { DiagnosticSink, ForwardingSink } from '../diagnostics.js';
import { readAuditd } from './auditd/index.js';
import { detectFormat, utf16ToUtf8, type FormatName } from './detect.js';
import type { InputEvent } from './event.js';
import {
  lostRecords,
  parseEvtxBuffer,
  peekEventId,
  readEvtxFile,
  recordToEvent,
} from './evtx/index.js';
import { readCsv, type CsvOptions } from './mde/csv.js';
import { rejectUnexpected, type FileStats, type ReadContext } from './reader.js';
import { discover, type Source } from './source.js';
import { readJson } from './sysmon/json.js';
import { readXml } from './sysmon/xml.js';

export interface FileReport extends FileStats {
  name: string;
  format: FormatName;
  /** Why the file was not read, when it was not. */
  skipped?: string;
}

export interface LoadOptions extends CsvOptions {
  /** Event ids a later stage uses; others may be counted without being decoded. */
  wantsEventId?: (id: number) => boolean;
  /** Host name for auditd records without a `node=` prefix (default: from the file name). */
  auditdHost?: string;
  /** Reader for formats defined outside this folder, by format name. */
  extraReaders?: Partial<Record<FormatName, (buf: Buffer, ctx: ReadContext) => void>>;
}

export interface LoadReport {
  files: FileReport[];
  sink: DiagnosticSink;
}

async function readEvtxSource(src: Source, ctx: ReadContext): Promise<void> {
  // A damaged chunk or record is reported by the parser with the number of records it cost
  // when the record ids tell it: each is counted as read and rejected.
  const sink = new ForwardingSink(ctx.sink, (d) => {
    const n = lostRecords(d);
    ctx.stats.read += n;
    ctx.stats.rejected += n;
    if (n > 0) ctx.stats.lost = (ctx.stats.lost ?? 0) + n;
  });
  const records = src.path
    ? readEvtxFile(src.path, { sink, name: src.name })
    : (async function* () {
        yield* parseEvtxBuffer(await src.read(), { sink, name: src.name });
      })();
  for await (const r of records) {
    ctx.stats.read++;
    try {
      // Most of a log is event kinds no table uses: read their id, skip the rendering.
      if (!ctx.wantsEventId(peekEventId(r))) {
        ctx.stats.passed++;
        continue;
      }
      ctx.emit(recordToEvent(r));
    } catch (err) {
      rejectUnexpected(ctx, { file: ctx.file, offset: r.offset }, err);
    }
  }
}

/** Reads `paths`, calling `onEvent` for every event, and returns the accounting. */
export async function loadInputs(
  paths: readonly string[],
  onEvent: (e: InputEvent) => void,
  options: LoadOptions = {},
  sink: DiagnosticSink = new DiagnosticSink(),
): Promise<LoadReport> {
  const files: FileReport[] = [];
  const wants = options.wantsEventId ?? (() => true);
  for await (const src of discover(paths, sink)) {
    const report: FileReport = {
      name: src.name,
      format: 'unknown',
      read: 0,
      rejected: 0,
      passed: 0,
    };
    files.push(report);
    const ctx: ReadContext = {
      file: src.name,
      sink,
      stats: report,
      emit: (e) => {
        // The reader has counted the record as read; a consumer failure rejects it.
        try {
          onEvent(e);
        } catch (err) {
          rejectUnexpected(ctx, e.source, err);
        }
      },
      wantsEventId: wants,
    };
    let head: Buffer;
    let data: Buffer | null = null;
    try {
      if (src.path) {
        const fs = await import('node:fs/promises');
        const fh = await fs.open(src.path, 'r');
        try {
          head = Buffer.alloc(65536);
          const { bytesRead } = await fh.read(head, 0, head.length, 0);
          head = head.subarray(0, bytesRead);
        } finally {
          await fh.close();
        }
      } else {
        data = await src.read();
        head = data.subarray(0, 65536);
      }
    } catch (err) {
      report.skipped = `cannot read: ${(err as Error).message}`;
      sink.report({
        code: 'IN0001',
        severity: 'error',
        file: src.name,
        message: `Cannot read: ${(err as Error).message}`,
      });
      continue;
    }
    const { format, reason, encoding } = detectFormat(head);
    report.format = format;
    // An .evtx name on something that is not EVTX is worth saying plainly.
    if (format !== 'evtx' && /\.evtx$/i.test(src.name)) {
      report.skipped = head.length === 0 ? 'empty file' : 'not an EVTX file (no ElfFile signature)';
      sink.report({
        code: head.length === 0 ? 'EVTX0001' : 'EVTX0002',
        severity: 'error',
        file: src.name,
        offset: 0,
        message:
          head.length === 0
            ? 'The file is empty (0 bytes); skipped.'
            : 'The file has an .evtx name but no EVTX signature; skipped.',
      });
      continue;
    }
    try {
      if (encoding !== undefined && format !== 'evtx') {
        data = utf16ToUtf8(data ?? (await src.read()), encoding);
        sink.report({
          code: 'IN0012',
          severity: 'info',
          file: src.name,
          message: `The file is ${encoding.toUpperCase()} text; read as UTF-8 (byte offsets in messages count in that UTF-8 text).`,
        });
      }
      switch (format) {
        case 'evtx':
          await readEvtxSource(src, ctx);
          break;
        case 'json': {
          const skip = readJson(data ?? (await src.read()), ctx);
          if (skip !== undefined) {
            report.skipped = skip;
            sink.report({
              code: 'IN0010',
              severity: 'warning',
              file: src.name,
              message: `Skipped: ${skip}.`,
            });
          }
          break;
        }
        case 'xml':
          readXml(data ?? (await src.read()), ctx);
          break;
        case 'csv':
          readCsv(data ?? (await src.read()), ctx, options);
          break;
        case 'auditd':
          readAuditd(data ?? (await src.read()), ctx, {
            ...(options.localOffsetMinutes !== undefined
              ? { localOffsetMinutes: options.localOffsetMinutes }
              : {}),
            ...(options.auditdHost !== undefined ? { host: options.auditdHost } : {}),
          });
          break;
        default: {
          const extra = options.extraReaders?.[format];
          if (extra) {
            extra(data ?? (await src.read()), ctx);
            break;
          }
          report.skipped = reason ?? 'unknown format';
          sink.report({
            code: 'IN0010',
            severity: 'warning',
            file: src.name,
            message: `Skipped: ${report.skipped}.`,
          });
        }
      }
    } catch (err) {
      // Readers report bad records themselves; anything escaping is a reader bug, and the
      // run still goes on with the next file.
      report.rejected++;
      sink.report({
        code: 'IN0099',
        severity: 'error',
        file: src.name,
        message: `Reading failed: ${(err as Error).message}`,
      });
    }
  }
  return { files, sink };
}
