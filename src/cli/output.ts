/** Writes result rows in the chosen format to stdout or a file. */

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Scalar } from '../table/types.js';
import { csvHeader, csvRow } from '../report/csv.js';
import { jsonLine } from '../report/jsonl.js';
import { renderTable, type TableStyle } from '../report/terminal-table.js';
import type { ColumnSpec } from '../table/table.js';
import type { OutputFormat } from './common.js';
import { forTerminal } from '../report/sanitize.js';
import { useColor, type Io } from './io.js';

export interface Rendered {
  rows: readonly Record<string, Scalar>[];
  columns: readonly string[];
  specs?: readonly ColumnSpec[];
  /** A terminal view of its own (hunt's compact alert lines); the default shows every column. */
  table?: (style: TableStyle) => string;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  // Wait for room, but not forever: a reader that went away (EPIPE) closes the stream.
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done).once('close', done).once('error', done);
  });
}

/** Opens the output file; a path that cannot be written is an output failure (exit 1). */
async function openOutput(file: string): Promise<Writable> {
  const stream = createWriteStream(file);
  try {
    await new Promise<void>((resolve, reject) =>
      stream.once('open', () => resolve()).once('error', reject),
    );
  } catch (err) {
    throw new OutputError(
      `Cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return stream;
}

/** Output that could not be written (a full disk, a closed device): exit status 1. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Renders rows; `extra` renders formats other modules own (html). */
export async function emitRows(
  result: Rendered,
  format: OutputFormat,
  outFile: string | undefined,
  io: Io,
  html?: () => string,
): Promise<void> {
  const toFile = outFile !== undefined && outFile !== '-';
  const stream: Writable = toFile ? await openOutput(outFile) : io.stdout;
  const color = !toFile && useColor(io, 'stdout');
  // A write can fail after it returned (ENOSPC on a file): keep the first error, report it at the end.
  let failure: Error | null = null;
  const onError = (e: Error): void => {
    failure ??= e;
  };
  stream.on('error', onError);
  const types = new Map(result.specs?.map((sp) => [sp.name, sp.type]));
  // CSV is for files; on a terminal its cells must not drive the terminal.
  const csvOnTerminal = !toFile && io.stdout.isTTY === true;
  try {
    switch (format) {
      case 'jsonl':
        for (const r of result.rows) {
          if (failure) break;
          await write(stream, jsonLine(r, result.specs) + '\n');
        }
        break;
      case 'csv':
        await write(stream, csvHeader(result.columns) + '\r\n');
        for (const r of result.rows) {
          if (failure) break;
          const line = csvRow(r, result.columns, types);
          await write(stream, (csvOnTerminal ? forTerminal(line) : line) + '\r\n');
        }
        break;
      case 'html':
        await write(stream, html ? html() : '');
        break;
      default: {
        // A terminal's own width; through a pipe, $COLUMNS when the shell exports it, else the
        // width a file gets: nobody's window to fit.
        const envColumns = Number(io.env['COLUMNS']);
        const width = toFile
          ? 160
          : (io.stdout.columns ??
            (Number.isInteger(envColumns) && envColumns > 0 ? envColumns : 160));
        await write(
          stream,
          result.rows.length === 0
            ? ''
            : (
                result.table ??
                ((st: TableStyle) => renderTable(result.rows, result.columns, st, types))
              )({ width, color }),
        );
      }
    }
    if (toFile) {
      // end() hands a write error to its callback before any 'error' event.
      await new Promise<void>((resolve) =>
        stream.end((err?: Error | null) => {
          if (err) failure ??= err;
          resolve();
        }),
      );
    }
  } finally {
    stream.off('error', onError);
  }
  const err = failure as NodeJS.ErrnoException | null;
  if (err) {
    throw new OutputError(
      `Cannot write ${toFile ? outFile : 'the output'}: ${err.code ?? err.message}`,
    );
  }
}
