/**
 * The EVTX reader's public surface: stream or parse records, render them (Windows XML, the
 * reference JSON shape, or a `WindowsEvent`), dump a file, or read many files on worker
 * threads. See reader.ts for the file layout and binxml.ts for the record encoding.
 */

export { EVTX_CODES, lostRecords } from './codes.js';
export type { EvtxCode, LossDiagnostic } from './codes.js';
export type { EvtxRecord } from './model.js';
export {
  checkFileHeader,
  inspectEvtxFile,
  looksLikeEvtx,
  parseEvtxBuffer,
  readEvtxFile,
} from './reader.js';
export type { EvtxFileInfo, EvtxReadOptions } from './reader.js';
export { renderRecordXml } from './render-xml.js';
export { recordToJson, renderRecordJson, stringifyJson } from './render-json.js';
export type { JsonObject, JsonValue } from './render-json.js';
export { peekEventId, recordToEvent } from './to-event.js';
export { XML_DUMP_END, XML_DUMP_START, dumpEvtx } from './dump.js';
export type { DumpFormat, DumpOptions } from './dump.js';
export { readEvtxBatchesParallel, readEvtxEventsParallel } from './parallel.js';
export type { EventBatch, EventFilter, ParallelOptions } from './parallel.js';
