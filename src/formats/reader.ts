/** What a format reader is handed: where to send events, how to count and report. */

import type { DiagnosticSink, Location } from '../diagnostics.js';
import type { InputEvent } from './event.js';

export interface FileStats {
  /** Records seen in the file (events, rows, lines that should have been records). */
  read: number;
  /** Records that could not be decoded, each reported with its place and reason. */
  rejected: number;
  /** Records counted but not decoded, because no table uses their event id. */
  passed: number;
  /**
   * Of `read` and `rejected`, records known only by their absence: ids a damaged or
   * truncated EVTX file skips.
   */
  lost?: number;
}

export interface ReadContext {
  readonly file: string;
  readonly sink: DiagnosticSink;
  readonly stats: FileStats;
  emit(e: InputEvent): void;
  /**
   * A cheap test a reader may apply before decoding a record fully: false means no later
   * stage uses events with this id, so the record is counted and passed over. Readers call
   * it only where skipping cannot hide a broken record.
   */
  wantsEventId(id: number): boolean;
}

/**
 * Counts and reports a record whose handling threw (the reader has already counted it as
 * read): a bug in webc2 costs that record, never the rest of the file.
 */
export function rejectUnexpected(ctx: ReadContext, at: Location, err: unknown): void {
  ctx.stats.rejected++;
  ctx.sink.report({
    code: 'IN0098',
    severity: 'error',
    ...at,
    message: `The record could not be handled: ${err instanceof Error ? err.message : String(err)}`,
    hint: 'This is a webc2 bug; please report it with the record.',
  });
}
