/**
 * JSON event logs, one object per line or a whole-file array, in the shapes collectors
 * write Windows and Defender events:
 *
 * - flat Sysmon/Windows events (Security-Datasets, NXLog, many SIEM exports): `EventID`,
 *   `Channel`, `Hostname`/`Computer` and every EventData field at the top level; numbers may
 *   be strings (`"ProcessId":"4584"`);
 * - nested `{"Event": {"System": …, "EventData": …}}` (XML converted to JSON) and
 *   Winlogbeat's `{"winlog": {"event_id": …, "event_data": …}}`;
 * - Defender Advanced Hunting rows: an array, `{"Results": […]}`, JSON lines, or the
 *   streaming API's `{"records": [{"category": "AdvancedHunting-<Table>", "properties": …}]}`.
 *
 * A line that does not parse is reported with its line number and byte offset and the rest
 * of the file is read. Lines are pre-screened on their `EventID` so the bulk of a log that
 * no table uses (Sysmon 10, 12, 13…) is counted without being parsed; a line whose id cannot
 * be read cheaply is always parsed, so a broken record is never passed over silently.
 */

import type { DefenderRow, WindowsEvent } from '../event.js';
import type { ReadContext } from '../reader.js';

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

/** Sends one parsed object on its way; false when it is in no shape we know. */
function dispatch(o: Json, ctx: ReadContext, line: number, offset: number): boolean {
  if (!isObj(o)) return false;
  if (Array.isArray(o['records'])) {
    for (const r of o['records']) {
      if (!isObj(r)) continue;
      const props = r['properties'];
      const cat = str(r['category']);
      const table =
        TABLE_NAME.exec(cat)?.[1] ?? (isObj(props) ? defenderTable(props, ctx.file) : null);
      ctx.stats.read++;
      if (!isObj(props) || table === null) {
        reject(
          ctx,
          line,
          offset,
          'JSON0004',
          `A streaming API record names no Defender table (category '${cat}').`,
        );
        continue;
      }
      const row: Obj = { ...props };
      if (!('Timestamp' in row) && 'time' in r) row['Timestamp'] = r['time'] ?? null;
      ctx.emit({ kind: 'defender', table, row, source: { file: ctx.file, line, offset } });
    }
    return true;
  }
  if (Array.isArray(o['Results'])) {
    for (const r of o['Results']) {
      ctx.stats.read++;
      if (!dispatchRow(r, ctx, line, offset))
        reject(ctx, line, offset, 'JSON0003', 'A result row is not a Defender table row.');
    }
    return true;
  }
  ctx.stats.read++;
  if (dispatchRow(o, ctx, line, offset)) return true;
  reject(
    ctx,
    line,
    offset,
    'JSON0003',
    'The object is neither a Windows event nor a Defender row.',
  );
  return true;
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
 * Reads a JSON-lines or whole-file JSON input. Returns a reason when the file is JSON but
 * its first record is in no shape we know (a config file, a case's expectations): the file
 * is then skipped as a whole rather than reported record by record.
 */
export function readJson(buf: Buffer, ctx: ReadContext): string | undefined {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let first = bom;
  while (
    first < buf.length &&
    (buf[first] === 0x20 || buf[first] === 0x0a || buf[first] === 0x0d || buf[first] === 0x09)
  )
    first++;
  const opener = buf[first];
  const probe = buf.toString('utf8', first, Math.min(buf.length, first + (1 << 20)));
  if (opener === 0x5b || (opener === 0x7b && !/\}\s*\r?\n\s*\{/.test(probe))) {
    // A single JSON document (an array of rows, or one object wrapping them).
    const text = buf.toString('utf8', bom);
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch (err) {
      if (opener === 0x5b) {
        ctx.stats.read++;
        reject(ctx, 1, 0, 'JSON0001', `The file is not valid JSON: ${(err as Error).message}`);
        return undefined;
      }
      return readLines(buf, bom, ctx);
    }
    if (Array.isArray(doc)) {
      if (doc.length > 0 && !knownShape(doc[0]!)) return UNKNOWN_SHAPE;
      for (const item of doc) {
        ctx.stats.read++;
        if (!dispatchRow(item, ctx, 1, 0)) {
          reject(
            ctx,
            1,
            0,
            'JSON0003',
            'An array item is neither a Windows event nor a Defender row.',
          );
        }
      }
      return undefined;
    }
    if (!knownShape(doc)) return UNKNOWN_SHAPE;
    dispatch(doc, ctx, 1, 0);
    return undefined;
  }
  return readLines(buf, bom, ctx);
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
