/** Writes result rows in the chosen format to stdout or a file. */

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Scalar } from '../table/types.js';
import { csvHeader, csvRow } from '../report/csv.js';
import { jsonLine } from '../report/jsonl.js';
import { renderTable, type TableStyle } from '../report/terminal-table.js';
import type { ColumnSpec } from '../table/table.js';
import type { OutputFormat } from './common.js';
import { UsageError, useColor, type Io } from './io.js';

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

/** Opens the output file, turning a path that cannot be written into a usage error. */
async function openOutput(file: string): Promise<Writable> {
  const stream = createWriteStream(file);
  try {
    await new Promise<void>((resolve, reject) =>
      stream.once('open', () => resolve()).once('error', reject),
    );
  } catch (err) {
    throw new UsageError(
      `Cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return stream;
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
  try {
    switch (format) {
      case 'jsonl':
        for (const r of result.rows) await write(stream, jsonLine(r, result.specs) + '\n');
        break;
      case 'csv':
        await write(stream, csvHeader(result.columns) + '\r\n');
        for (const r of result.rows) await write(stream, csvRow(r, result.columns) + '\r\n');
        break;
      case 'html':
        await write(stream, html ? html() : '');
        break;
      default: {
        const width = toFile ? 160 : (io.stdout.columns ?? 120);
        await write(
          stream,
          result.rows.length === 0
            ? ''
            : (result.table ?? ((st: TableStyle) => renderTable(result.rows, result.columns, st)))({
                width,
                color,
              }),
        );
      }
    }
  } finally {
    if (toFile)
      await new Promise<void>((resolve, reject) =>
        stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
  }
}
