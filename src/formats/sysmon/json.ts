/**
 * JSON event logs in the shapes collectors write Windows and Defender events:
 *
 * - flat Sysmon/Windows events (Security-Datasets, NXLog, many SIEM exports): `EventID`,
 *   `Channel`, `Hostname`/`Computer` and every EventData field at the top level; numbers may
 *   be strings (`"ProcessId":"4584"`);
 * - nested `{"Event": {"System": …, "EventData": …}}` (XML converted to JSON, `evtx_dump`)
 *   and Winlogbeat's `{"winlog": {"event_id": …, "event_data": …}}`;
 * - Defender Advanced Hunting rows: an array, `{"Results": […]}`, JSON lines, or the
 *   streaming API's `{"records": [{"category": "AdvancedHunting-<Table>", "properties": …}]}`.
 *
 * and in three layouts: one object per line (JSON lines); one document, an array or an
 * object wrapping the rows; or documents one after another, each over many lines (`evtx_dump
 * -o json`, `jq .`). A line or document that does not parse is reported with its line and
 * byte offset and the rest of the file is read; a document that breaks off (a file cut short)
 * still gives every complete row before the break. JSON lines are pre-screened on their
 * `EventID` so the bulk of a log that no table uses (Sysmon 10, 12, 13…) is counted without
 * being parsed; a line whose id cannot be read cheaply is always parsed, so a broken record
 * is never passed over silently.
 */

import type { DefenderRow, WindowsEvent } from '../event.js';
import { rejectUnexpected, type ReadContext } from '../reader.js';
import {
  LineCounter,
  eachElement,
  isSpace,
  memberArray,
  nextDocumentLine,
  skipSpace,
  valueExtent,
} from './json-scan.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const META = new Set([
  'EventID',
  'Channel',
  'Hostname',
  'Computer',
  'SourceName',
  'ProviderName',
  'Provider',
  'TimeCreated',
  '@timestamp',
  'Message',
  'Keywords',
  'Level',
  'Task',
  'ProviderGuid',
  'RecordNumber',
  'EventRecordID',
]);

function str(v: Json | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Defender tables named in a row, a category or a file name. */
const TABLE_NAME =
  /(Device(?:Process|Network|File|Registry|Logon|ImageLoad|Info|NetworkInfo)?Events|DeviceInfo)/;

function flatEvent(o: Obj, ctx: ReadContext, line: number, offset: number): WindowsEvent {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (!META.has(k)) data[k] = str(v);
  const channel = str(o['Channel']);
  const provider =
    str(o['SourceName']) ||
    str(o['ProviderName']) ||
    (isObj(o['Provider']) ? str(o['Provider']['Name']) : str(o['Provider'])) ||
    (/sysmon/i.test(channel) ? 'Microsoft-Windows-Sysmon' : '');
  const ev: WindowsEvent = {
    kind: 'windows',
    provider,
    channel,
    eventId: Number(str(o['EventID'])),
    computer: str(o['Hostname']) || str(o['Computer']),
    timeCreated: str(o['TimeCreated']) || str(o['@timestamp']),
    data,
    source: { file: ctx.file, line, offset },
  };
  const rec = Number(str(o['EventRecordID']) || str(o['RecordNumber']));
  if (Number.isFinite(rec) && rec > 0) ev.recordId = rec;
  return ev;
}

/** `{"Event": {"System": {...}, "EventData": {"Data": [{"@Name": k, "#text": v}…]}}}` and similar. */
function nestedEvent(ev: Obj, ctx: ReadContext, line: number, offset: number): WindowsEvent | null {
  const sys = ev['System'];
  if (!isObj(sys)) return null;
  const data: Record<string, string> = {};
  const ed = ev['EventData'] ?? ev['UserData'];
  if (isObj(ed)) {
    const d = ed['Data'];
    const list = Array.isArray(d) ? d : d !== undefined ? [d] : [];
    let unnamed = 0;
    for (const item of list) {
      if (isObj(item)) {
        const name = str(
          item['@Name'] ??
            item['Name'] ??
            (isObj(item['#attributes']) ? item['#attributes']['Name'] : undefined),
        );
        const value = str(item['#text'] ?? item['text'] ?? item['Value'] ?? '');
        data[name || (unnamed++ === 0 ? 'Data' : `Data${unnamed - 1}`)] = value;
      } else {
        data[unnamed++ === 0 ? 'Data' : `Data${unnamed - 1}`] = str(item);
      }
    }
    for (const [k, v] of Object.entries(ed))
      if (k !== 'Data' && !k.startsWith('#') && !k.startsWith('@')) data[k] = str(v);
  }
  const provider = sys['Provider'];
  const tc = sys['TimeCreated'];
  const eid = sys['EventID'];
  return {
    kind: 'windows',
    provider: isObj(provider)
      ? str(
          provider['@Name'] ??
            provider['Name'] ??
            (isObj(provider['#attributes']) ? provider['#attributes']['Name'] : ''),
        )
      : str(provider),
    channel: str(sys['Channel']),
    eventId: Number(isObj(eid) ? str(eid['#text'] ?? eid['text']) : str(eid)),
    computer: str(sys['Computer']),
    timeCreated: isObj(tc)
      ? str(
          tc['@SystemTime'] ??
            tc['SystemTime'] ??
            (isObj(tc['#attributes']) ? tc['#attributes']['SystemTime'] : ''),
        )
      : str(tc),
    data,
    source: { file: ctx.file, line, offset },
  };
}

function winlogbeat(o: Obj, ctx: ReadContext, line: number, offset: number): WindowsEvent | null {
  const w = o['winlog'];
  if (!isObj(w)) return null;
  const data: Record<string, string> = {};
  const ed = w['event_data'];
  if (isObj(ed)) for (const [k, v] of Object.entries(ed)) data[k] = str(v);
  return {
    kind: 'windows',
    provider: str(w['provider_name']),
    channel: str(w['channel']),
    eventId: Number(str(w['event_id'])),
    computer: str(w['computer_name']),
    timeCreated: str(o['@timestamp']),
    data,
    source: { file: ctx.file, line, offset },
  };
}

function defenderTable(o: Obj, fileName: string): string | null {
  const explicit = str(o['Type']) || str(o['$table']) || str(o['TableName']);
  if (TABLE_NAME.test(explicit)) return TABLE_NAME.exec(explicit)![1]!;
  const fromFile = TABLE_NAME.exec(fileName);
  if (fromFile) return fromFile[1]!;
  // Infer from columns only a given table has.
  if ('RemoteIP' in o && 'RemotePort' in o && 'LocalIP' in o) return 'DeviceNetworkEvents';
  if (
    'ProcessCommandLine' in o &&
    'ProcessId' in o &&
    'AccountName' in o &&
    !('RegistryKey' in o)
  ) {
    return str(o['ActionType']).startsWith('Process') || !('ActionType' in o)
      ? 'DeviceProcessEvents'
      : 'DeviceEvents';
  }
  if ('PreviousFileName' in o || 'FileOriginReferrerUrl' in o) return 'DeviceFileEvents';
  if ('OSPlatform' in o && 'ClientVersion' in o) return 'DeviceInfo';
  if ('ActionType' in o && 'InitiatingProcessFileName' in o) return 'DeviceEvents';
  return null;
}

function isDefenderRow(o: Obj): boolean {
  return ('Timestamp' in o || 'TimeGenerated' in o) && ('DeviceName' in o || 'DeviceId' in o);
}

/** Sends one parsed object on its way; false when it is not an object. */
function dispatch(o: Json, ctx: ReadContext, line: number, offset: number): boolean {
  if (!isObj(o)) return false;
  const records = o['records'];
  if (Array.isArray(records)) {
    for (const r of records) streamingRecord(r, ctx, line, offset);
    return true;
  }
  const results = o['Results'];
  if (Array.isArray(results)) {
    for (const r of results) row(r, ctx, line, offset, 'A result row');
    return true;
  }
  row(o, ctx, line, offset, 'The object');
  return true;
}

/** One row of a file: a Windows event or a Defender row, `what` naming it in a rejection. */
function row(o: Json, ctx: ReadContext, line: number, offset: number, what: string): void {
  guarded(o, ctx, line, offset, () =>
    dispatchRow(o, ctx, line, offset)
      ? null
      : ['JSON0003', `${what} is neither a Windows event nor a Defender row.`],
  );
}

/** A streaming API record: `{"category": "AdvancedHunting-<Table>", "properties": …}`. */
function streamingRecord(r: Json, ctx: ReadContext, line: number, offset: number): void {
  guarded(r, ctx, line, offset, () => {
    if (!isObj(r)) return ['JSON0004', 'A streaming API record is not an object.'];
    const props = r['properties'];
    const cat = str(r['category']);
    const table =
      TABLE_NAME.exec(cat)?.[1] ?? (isObj(props) ? defenderTable(props, ctx.file) : null);
    if (!isObj(props) || table === null)
      return ['JSON0004', `A streaming API record names no Defender table (category '${cat}').`];
    const row: Obj = { ...props };
    if (!('Timestamp' in row) && 'time' in r) row['Timestamp'] = r['time'] ?? null;
    ctx.emit({ kind: 'defender', table, row, source: { file: ctx.file, line, offset } });
    return null;
  });
}

/**
 * Deeper than this, a record is rejected before anything walks it: decoding turns nested
 * values into text with `JSON.stringify`, which recurses and would exhaust the stack on a
 * record a few thousand levels deep. Real events nest a handful of levels.
 */
const MAX_DEPTH = 64;

/** Whether `v` nests objects and arrays more than `limit` levels deep, found without recursion. */
function deeperThan(v: Json, limit: number): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const stack: [Json[] | Obj, number][] = [[v, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Counts one record and decodes it with `decode`, which returns null when the record was
 * used, or the code and reason it was rejected for. A record nested too deeply is rejected
 * before decoding, and an unexpected exception rejects this record only.
 */
function guarded(
  o: Json,
  ctx: ReadContext,
  line: number,
  offset: number,
  decode: () => [code: string, message: string] | null,
): void {
  ctx.stats.read++;
  if (deeperThan(o, MAX_DEPTH)) {
    const why = `The record is nested too deeply (more than ${MAX_DEPTH} levels); not read.`;
    reject(ctx, line, offset, 'JSON0006', why);
    return;
  }
  let failure: [string, string] | null;
  try {
    failure = decode();
  } catch (err) {
    rejectUnexpected(ctx, { file: ctx.file, line, offset }, err);
    return;
  }
  if (failure !== null) reject(ctx, line, offset, failure[0], failure[1]);
}

function dispatchRow(o: Json, ctx: ReadContext, line: number, offset: number): boolean {
  if (!isObj(o)) return false;
  if ('EventID' in o) {
    ctx.emit(flatEvent(o, ctx, line, offset));
    return true;
  }
  if (isObj(o['Event'])) {
    const e = nestedEvent(o['Event'], ctx, line, offset);
    if (e) ctx.emit(e);
    return e !== null;
  }
  if (isObj(o['winlog'])) {
    const e = winlogbeat(o, ctx, line, offset);
    if (e) ctx.emit(e);
    return e !== null;
  }
  if (isDefenderRow(o)) {
    const table = defenderTable(o, ctx.file);
    if (table === null) return false;
    const event: DefenderRow = {
      kind: 'defender',
      table,
      row: o,
      source: { file: ctx.file, line, offset },
    };
    ctx.emit(event);
    return true;
  }
  return false;
}

function reject(
  ctx: ReadContext,
  line: number,
  offset: number,
  code: string,
  message: string,
): void {
  ctx.stats.rejected++;
  ctx.sink.report({ code, severity: 'error', file: ctx.file, line, offset, message });
}

/**
 * Reads a JSON input: JSON lines, one document (an array of rows, or an object wrapping
 * them), or a stream of documents one after another, each over many lines. Returns a reason
 * when the file is JSON but its first record is in no shape we know (a config file, a case's
 * expectations): the file is then skipped as a whole rather than reported record by record.
 */
export function readJson(buf: Buffer, ctx: ReadContext): string | undefined {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const n = buf.length;
  const first = skipSpace(buf, bom, n);
  const opener = buf[first];
  if (opener === 0x5b) return readDocument(buf, first, n, ctx, new LineCounter(buf), true);
  if (opener !== 0x7b) return readLines(buf, bom, ctx);
  const lines = new LineCounter(buf);
  const lineEnd = buf.indexOf(0x0a, first);
  // One line holds it all: one document (a minified export), whole or cut short.
  if (lineEnd < 0 || skipSpace(buf, lineEnd, n) === n)
    return readDocument(buf, first, n, ctx, lines, true);
  const whole = valueExtent(buf, first, n);
  if (whole.complete && whole.end <= lineEnd) return readLines(buf, bom, ctx);
  if (whole.complete && skipSpace(buf, whole.end, n) === n)
    return readDocument(buf, first, n, ctx, lines, true);
  // The first document spans lines: a pretty-printed one, cut short or followed by others.
  const cut = valueExtent(buf, first, n, true);
  if (!cut.complete && cut.end === n) return readDocument(buf, first, n, ctx, lines, true);
  return readDocuments(buf, first, ctx);
}

const UNKNOWN_SHAPE = 'JSON, but neither Windows events nor Defender rows';

/** Whether an object is in one of the shapes this reader knows. */
function knownShape(o: Json): boolean {
  if (!isObj(o)) return false;
  return (
    'EventID' in o ||
    isObj(o['Event']) ||
    isObj(o['winlog']) ||
    Array.isArray(o['records']) ||
    Array.isArray(o['Results']) ||
    isDefenderRow(o)
  );
}

/** A parsed document: an array of rows, a wrapper of rows, or one row. */
function readValue(
  doc: Json,
  ctx: ReadContext,
  line: number,
  offset: number,
  checkShape: boolean,
): string | undefined {
  if (Array.isArray(doc)) {
    if (checkShape && doc.length > 0 && !knownShape(doc[0]!)) return UNKNOWN_SHAPE;
    for (const item of doc) row(item, ctx, line, offset, 'An array item');
    return undefined;
  }
  if (checkShape && !knownShape(doc)) return UNKNOWN_SHAPE;
  if (!dispatch(doc, ctx, line, offset)) {
    ctx.stats.read++;
    reject(ctx, line, offset, 'JSON0002', 'The document is JSON but not an object or an array.');
  }
  return undefined;
}

/**
 * One document spanning `start`…`end`. It is parsed whole; when that fails, the rows of its
 * array (top-level, or under `Results` or `records`) are read one by one, so a row that is
 * broken, or the end of a file cut short, costs only itself.
 */
function readDocument(
  buf: Buffer,
  start: number,
  end: number,
  ctx: ReadContext,
  lines: LineCounter,
  checkShape: boolean,
): string | undefined {
  const line = lines.lineOf(start);
  let doc: Json;
  try {
    doc = JSON.parse(buf.toString('utf8', start, end)) as Json;
  } catch (err) {
    const rows = readRows(buf, start, end, ctx, lines, checkShape);
    if (rows !== false) return rows;
    ctx.stats.read++;
    reject(ctx, line, start, 'JSON0001', `Not valid JSON: ${(err as Error).message}`);
    return undefined;
  }
  return readValue(doc, ctx, line, start, checkShape);
}

/**
 * The rows of a document that does not parse whole, each parsed on its own; false when the
 * document holds no array of rows to read that way. Rows after the last complete one are
 * reported once, where they start, as one rejected record.
 */
function readRows(
  buf: Buffer,
  start: number,
  end: number,
  ctx: ReadContext,
  lines: LineCounter,
  checkShape: boolean,
): string | false | undefined {
  let open = start;
  let handle = (o: Json, line: number, offset: number): void =>
    row(o, ctx, line, offset, 'An array item');
  if (buf[start] !== 0x5b) {
    const member = memberArray(buf, start, end, ['Results', 'records']);
    if (member === null) return false;
    open = member.at;
    handle =
      member.key === 'records'
        ? (o, line, offset) => streamingRecord(o, ctx, line, offset)
        : (o, line, offset) => row(o, ctx, line, offset, 'A result row');
    checkShape = false;
  }
  let unknown = false;
  let complete = 0;
  const stop = eachElement(buf, open, end, (e) => {
    if (unknown) return;
    const line = lines.lineOf(e.start);
    let o: Json;
    try {
      o = JSON.parse(buf.toString('utf8', e.start, e.end)) as Json;
    } catch (err) {
      ctx.stats.read++;
      reject(ctx, line, e.start, 'JSON0001', `Not valid JSON: ${(err as Error).message}`);
      return;
    }
    if (checkShape) {
      checkShape = false;
      unknown = !knownShape(o);
      if (unknown) return;
    }
    complete++;
    handle(o, line, e.start);
  });
  if (unknown) return UNKNOWN_SHAPE;
  if (!stop.closed) {
    ctx.stats.read++;
    const why = {
      'data ends': 'the data ends',
      'row breaks off': 'a row breaks off inside a string',
      'no separator': 'a row is followed by something other than a comma',
    }[stop.why];
    const rows = `${complete} complete row${complete === 1 ? '' : 's'}`;
    reject(
      ctx,
      lines.lineOf(stop.at),
      stop.at,
      'JSON0005',
      `The rows stop at byte ${stop.at} before their array closes (${why}); the ${rows} before it were read, the rest is lost.`,
    );
  }
  return undefined;
}

function countLines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a, from); i >= 0 && i < to; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Documents one after another (`{…}\n{…}`), each of them any number of lines: every
 * document is one record, reported from its first line when it is broken. A broken document
 * ends where the next one starts in column 0 (see json-scan.ts); commas between documents
 * are passed over, and text that opens no document is rejected up to the next one.
 */
function readDocuments(buf: Buffer, from: number, ctx: ReadContext): string | undefined {
  const n = buf.length;
  const lines = new LineCounter(buf);
  let checkShape = true;
  let pos = from;
  for (;;) {
    while (pos < n && (isSpace(buf[pos]) || buf[pos] === 0x2c)) pos++;
    if (pos >= n) return undefined;
    const line = lines.lineOf(pos);
    const b = buf[pos];
    if (b !== 0x7b && b !== 0x5b) {
      const next = nextDocumentLine(buf, pos, n);
      const text = buf.toString('utf8', pos, Math.min(next, pos + 40)).split(/\r?\n/)[0];
      ctx.stats.read++;
      reject(ctx, line, pos, 'JSON0001', `Not JSON, up to the next document: '${text}'.`);
      pos = next;
      continue;
    }
    const doc = valueExtent(buf, pos, n, true);
    if (doc.complete) {
      const shape = readDocument(buf, pos, doc.end, ctx, lines, checkShape);
      if (shape !== undefined) return shape;
      checkShape = false;
      pos = doc.end;
      continue;
    }
    const rows = readRows(buf, pos, doc.end, ctx, lines, checkShape);
    if (rows !== undefined && rows !== false) return rows;
    if (rows === false) {
      const why =
        doc.end >= n
          ? 'the data ends'
          : buf[doc.end] === 0x0a
            ? 'a line break inside a string'
            : 'a new document starts';
      ctx.stats.read++;
      reject(
        ctx,
        line,
        pos,
        'JSON0001',
        `The document breaks off at line ${line + countLines(buf, pos, doc.end)} (${why}); read on from the next document.`,
      );
    }
    pos = nextDocumentLine(buf, Math.max(pos, doc.end - 1), n);
  }
}

const KEY = Buffer.from('"EventID"');

/** The event id after a `"EventID"` key at `at`: `: 3`, `:"3"`; null when it is not a plain number. */
function eventIdAt(buf: Buffer, at: number, end: number): number | null {
  let i = at + KEY.length;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  if (buf[i] !== 0x3a) return null;
  i++;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  if (buf[i] === 0x22) i++;
  let n = 0;
  let digits = 0;
  while (i < end && buf[i]! >= 0x30 && buf[i]! <= 0x39 && digits < 10) {
    n = n * 10 + (buf[i]! - 0x30);
    i++;
    digits++;
  }
  return digits > 0 ? n : null;
}

/**
 * JSON lines, scanned as bytes: one pass finds line ends, another the `"EventID"` keys, so
 * a line whose id no table uses is counted without being decoded or parsed (most of a Sysmon
 * log: image loads, registry and process-access events). A line is skipped that way only
 * when it looks like a whole object (`{` … `}`); anything else is parsed and, if broken,
 * reported. Offsets are byte offsets in the (decompressed) file.
 */
function readLines(buf: Buffer, from: number, ctx: ReadContext): string | undefined {
  let lineNo = 0;
  let pos = from;
  let first = true;
  let nextKey = buf.indexOf(KEY, pos);
  const n = buf.length;
  while (pos < n) {
    let end = buf.indexOf(0x0a, pos);
    if (end < 0) end = n;
    lineNo++;
    const offset = pos;
    let a = pos;
    let b = end;
    pos = end + 1;
    while (a < b && (buf[a] === 0x20 || buf[a] === 0x09 || buf[a] === 0x0d)) a++;
    while (b > a && (buf[b - 1] === 0x20 || buf[b - 1] === 0x09 || buf[b - 1] === 0x0d)) b--;
    if (a === b) continue;
    if (nextKey >= 0 && nextKey < a) nextKey = buf.indexOf(KEY, a);
    if (!first && nextKey >= 0 && nextKey < b && buf[a] === 0x7b && buf[b - 1] === 0x7d) {
      const id = eventIdAt(buf, nextKey, b);
      if (id !== null && !ctx.wantsEventId(id)) {
        ctx.stats.read++;
        ctx.stats.passed++;
        continue;
      }
    }
    let o: Json;
    try {
      o = JSON.parse(buf.toString('utf8', a, b)) as Json;
    } catch (err) {
      ctx.stats.read++;
      reject(ctx, lineNo, offset, 'JSON0001', `Not valid JSON: ${(err as Error).message}`);
      continue;
    }
    if (first) {
      first = false;
      if (!knownShape(o)) return UNKNOWN_SHAPE;
    }
    if (!dispatch(o, ctx, lineNo, offset)) {
      ctx.stats.read++;
      reject(ctx, lineNo, offset, 'JSON0002', 'The line is JSON but not an object.');
    }
  }
  return undefined;
}
