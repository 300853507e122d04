/**
 * `webc2 dump FILE.evtx --format jsonl|xml`: every record of one file, streamed to a
 * writable stream as JSON lines in the reference shape or as Windows XML inside one
 * `<Events>` root. Output is written in blocks of about 64 KiB and waits for the stream to
 * drain, so a multi-GB log dumps in constant memory and at the speed of the slower side.
 */

import type { Writable } from 'node:stream';
import type { DiagnosticSink } from '../../diagnostics.js';
import { readEvtxFile } from './reader.js';
import { renderRecordJson } from './render-json.js';
import { renderRecordXml } from './render-xml.js';

export type DumpFormat = 'jsonl' | 'xml';

export interface DumpOptions {
  format: DumpFormat;
  sink?: DiagnosticSink;
  /** The file's name in diagnostics; defaults to the path. */
  name?: string;
  /**
   * XML only: write the declaration and the `<Events>` root around the events (default).
   * A caller dumping several files into one document passes false and writes
   * `XML_DUMP_START` and `XML_DUMP_END` once itself.
   */
  xmlRoot?: boolean;
}

/** What opens an XML dump: the declaration and the root element. */
export const XML_DUMP_START = '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n';
/** What closes it. */
export const XML_DUMP_END = '</Events>\n';

const BLOCK = 64 * 1024;

/** Writes `text`, waiting for the stream to drain; rejects if the stream fails or closes. */
async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw out.errored ?? new Error('the output stream is closed');
  if (!out.write(text)) await drained(out);
}

/**
 * Resolves on 'drain', rejects on the error or close that means it will never come. All
 * three listeners go when one fires: a dump waits thousands of times on one stream, and
 * listeners left behind pile up until Node warns (MaxListenersExceededWarning).
 */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onError = (e: Error): void => settle(e);
    const onClose = (): void => settle(out.errored ?? new Error('the output stream closed'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/**
 * Writes every record of `path` to `out` and resolves with the number written. Problems in
 * the file go to `options.sink`; only a failing output stream rejects.
 *
 * @example
 * await dumpEvtx('Security.evtx', process.stdout, { format: 'jsonl', sink });
 */
export async function dumpEvtx(
  path: string,
  out: Writable,
  options: DumpOptions,
): Promise<{ records: number }> {
  const xml = options.format === 'xml';
  const root = xml && options.xmlRoot !== false;
  const read = {
    ...(options.sink ? { sink: options.sink } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
  let records = 0;
  let block = root ? XML_DUMP_START : '';
  for await (const record of readEvtxFile(path, read)) {
    block += (xml ? renderRecordXml(record) : renderRecordJson(record)) + '\n';
    records++;
    if (block.length >= BLOCK) {
      await write(out, block);
      block = '';
    }
  }
  if (root) block += XML_DUMP_END;
  if (block !== '') await write(out, block);
  return { records };
}
