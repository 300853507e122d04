/**
 * Defender Advanced Hunting CSV exports. The portal names time columns with the exporter's
 * zone (`Timestamp [Local Time]` or `Timestamp [UTC]`) and writes them as
 * `10/25/2023, 9:43:21.990 AM`; other exports write ISO 8601. The table is named by a
 * `Type` column, the file name, or inferred from the columns. Times marked local are read
 * with the offset the user gives (`--csv-offset`), UTC otherwise, and the file says so in
 * a diagnostic.
 */

import { parse } from 'csv-parse/sync';
import type { DefenderRow } from '../event.js';
import type { ReadContext } from '../reader.js';

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
  let records: string[][];
  try {
    records = parse(buf, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    ctx.stats.read++;
    ctx.stats.rejected++;
    const e = err as { lines?: number; message: string };
    ctx.sink.report({
      code: 'CSV0001',
      severity: 'error',
      file: ctx.file,
      line: e.lines ?? 1,
      message: `Cannot read the CSV: ${e.message}`,
    });
    return;
  }
  const header = records[0] ?? [];
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
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    ctx.stats.read++;
    if (rec.length !== names.length) {
      ctx.stats.rejected++;
      ctx.sink.report({
        code: 'CSV0002',
        severity: 'error',
        file: ctx.file,
        line: r + 1,
        message: `Row has ${rec.length} fields; the header has ${names.length}.`,
      });
      continue;
    }
    const row: Record<string, unknown> = {};
    names.forEach((n, i) => (row[n] = rec[i]));
    const table = inferTable(new Set(names), ctx.file, typeIdx >= 0 ? (rec[typeIdx] ?? '') : '');
    if (table === null) {
      ctx.stats.rejected++;
      ctx.sink.report({
        code: 'CSV0004',
        severity: 'error',
        file: ctx.file,
        line: r + 1,
        message: 'Cannot tell which Defender table this row belongs to.',
      });
      continue;
    }
    if (localTime && opts.localOffsetMinutes) row['__offsetMinutes'] = opts.localOffsetMinutes;
    const ev: DefenderRow = {
      kind: 'defender',
      table,
      row,
      source: { file: ctx.file, line: r + 1 },
    };
    ctx.emit(ev);
  }
}
