/**
 * Defender Advanced Hunting CSV exports. The portal names time columns with the exporter's
 * zone (`Timestamp [Local Time]` or `Timestamp [UTC]`) and writes them as
 * `10/25/2023, 9:43:21.990 AM`; other exports write ISO 8601. The table is named by a
 * `Type` column, the file name, or inferred from the columns. Times marked local are read
 * with the offset the user gives (`--csv-offset`), UTC otherwise, and the file says so in
 * a diagnostic.
 *
 * Records are split by records.ts, so every row keeps the line it starts on, and a row that
 * cannot be read (an unclosed quote, text after a closing quote, a wrong field count) is
 * rejected alone with its line and reason while every other row is read.
 */

import type { DefenderRow } from '../event.js';
import { rejectUnexpected, type ReadContext } from '../reader.js';
import { CsvRecords } from './records.js';

const TABLE_NAME =
  /(Device(?:Process|Network|File|Registry|Logon|ImageLoad|NetworkInfo)?Events|DeviceInfo)/;

function inferTable(cols: Set<string>, file: string, type: string): string | null {
  const fromType = TABLE_NAME.exec(type)?.[1];
  if (fromType) return fromType;
  const fromFile = TABLE_NAME.exec(file)?.[1];
  if (fromFile) return fromFile;
  if (cols.has('RemoteIP') && cols.has('RemotePort') && cols.has('LocalIP'))
    return 'DeviceNetworkEvents';
  if (cols.has('ProcessCommandLine') && cols.has('AccountName') && !cols.has('RegistryKey'))
    return 'DeviceProcessEvents';
  if (cols.has('ActionType') && cols.has('InitiatingProcessFileName')) return 'DeviceEvents';
  return null;
}

export interface CsvOptions {
  /** Minutes east of UTC for columns marked `[Local Time]`. */
  localOffsetMinutes?: number;
}

export function readCsv(buf: Buffer, ctx: ReadContext, opts: CsvOptions = {}): void {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const records = new CsvRecords(buf, bom);
  const reject = (line: number, offset: number, code: string, message: string): void => {
    ctx.stats.rejected++;
    ctx.sink.report({ code, severity: 'error', file: ctx.file, line, offset, message });
  };
  const head = records.next();
  if (head === null) return;
  if (head.fields === null) {
    // Without its header no row can be read: the file is one rejected record.
    ctx.stats.read++;
    reject(head.line, head.offset, 'CSV0001', `Cannot read the header row: ${head.reason}`);
    return;
  }
  const header = head.fields;
  const names = header.map((h) => h.replace(/\s*\[[^\]]*\]\s*$/, '').trim());
  const localTime = header.some((h) => /\[Local Time\]/i.test(h));
  if (localTime) {
    const off = opts.localOffsetMinutes ?? 0;
    ctx.sink.report({
      code: 'CSV0003',
      severity: 'info',
      file: ctx.file,
      message: `Times are the exporter's local time; read with offset ${off} minutes from UTC.`,
      hint: 'Pass --csv-offset +HH:MM with the zone the export was made in.',
    });
  }
  const typeIdx = names.indexOf('Type');
  const columns = new Set(names);
  for (let rec = records.next(names.length); rec !== null; rec = records.next(names.length)) {
    ctx.stats.read++;
    const { line, offset } = rec;
    if (rec.fields === null) {
      reject(line, offset, 'CSV0001', `The row cannot be read: ${rec.reason}`);
      continue;
    }
    const fields = rec.fields;
    if (fields.length !== names.length) {
      const message = `Row has ${fields.length} fields; the header has ${names.length}.`;
      reject(line, offset, 'CSV0002', message);
      continue;
    }
    try {
      const row: Record<string, unknown> = {};
      names.forEach((n, i) => (row[n] = fields[i]));
      const table = inferTable(columns, ctx.file, typeIdx >= 0 ? (fields[typeIdx] ?? '') : '');
      if (table === null) {
        const message = 'Cannot tell which Defender table this row belongs to.';
        reject(line, offset, 'CSV0004', message);
        continue;
      }
      if (localTime && opts.localOffsetMinutes) row['__offsetMinutes'] = opts.localOffsetMinutes;
      const ev: DefenderRow = { kind: 'defender', table, row, source: { file: ctx.file, line } };
      ctx.emit(ev);
    } catch (err) {
      rejectUnexpected(ctx, { file: ctx.file, line, offset }, err);
    }
  }
}
