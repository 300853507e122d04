/**
 * Defender Advanced Hunting rows as exported (JSON values, or CSV text) → typed rows of the
 * table schema. Values convert by the column's documented type; a value that does not
 * convert becomes null and is counted, never fatal. Columns the schema lacks are kept in
 * AdditionalFields under their own names so nothing the export held is lost.
 */

import type { DefenderRow } from '../formats/event.js';
import { TICKS_PER_MINUTE, parseDateTime } from '../table/datetime.js';
import { DEFENDER_TABLES } from '../table/schemas.js';
import type { JsonValue, KqlType, Scalar } from '../table/types.js';
import { deviceId } from './device-id.js';
import { ipType } from './ip-type.js';

function convert(v: unknown, type: KqlType, offsetMinutes: number): Scalar | undefined {
  if (v === null || v === undefined || v === '') return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'int':
    case 'long':
    case 'real': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : undefined;
    }
    case 'datetime': {
      const t = parseDateTime(String(v));
      if (t === null) return undefined;
      return t - BigInt(offsetMinutes) * TICKS_PER_MINUTE;
    }
    case 'dynamic': {
      if (typeof v !== 'string') return v as JsonValue;
      try {
        return JSON.parse(v) as JsonValue;
      } catch {
        return v;
      }
    }
    default:
      return String(v);
  }
}

export interface ConvertResult {
  row: Record<string, Scalar>;
  /** Columns whose value did not convert to the column's type. */
  badColumns: string[];
}

export function convertDefenderRow(r: DefenderRow): ConvertResult | null {
  const specs = DEFENDER_TABLES[r.table];
  if (specs === undefined) return null;
  const offset =
    typeof r.row['__offsetMinutes'] === 'number' ? (r.row['__offsetMinutes'] as number) : 0;
  const out: Record<string, Scalar> = {};
  const bad: string[] = [];
  const known = new Set(specs.map((s) => s.name));
  for (const s of specs) {
    if (!(s.name in r.row)) continue;
    const v = convert(r.row[s.name], s.type, offset);
    if (v === undefined) {
      bad.push(s.name);
      out[s.name] = null;
    } else {
      out[s.name] = v;
    }
  }
  if (out['Timestamp'] === undefined || out['Timestamp'] === null)
    out['Timestamp'] = out['TimeGenerated'] ?? null;
  if (out['TimeGenerated'] === undefined || out['TimeGenerated'] === null)
    out['TimeGenerated'] = out['Timestamp'] ?? null;
  if (!out['DeviceId'] && typeof out['DeviceName'] === 'string' && out['DeviceName'])
    out['DeviceId'] = deviceId(out['DeviceName']);
  if (r.table === 'DeviceNetworkEvents') {
    if (!out['RemoteIPType'] && typeof out['RemoteIP'] === 'string')
      out['RemoteIPType'] = ipType(out['RemoteIP']);
    if (!out['LocalIPType'] && typeof out['LocalIP'] === 'string')
      out['LocalIPType'] = ipType(out['LocalIP']);
  }
  const extra: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(r.row)) {
    if (!known.has(k) && !k.startsWith('__') && v !== undefined) extra[k] = v as JsonValue;
  }
  if (Object.keys(extra).length > 0) {
    const af = out['AdditionalFields'];
    out['AdditionalFields'] =
      af !== null && typeof af === 'object' && !Array.isArray(af)
        ? { ...(af as Record<string, JsonValue>), ...extra }
        : {
            ...extra,
            ...(af !== null && af !== undefined ? { AdditionalFields: af as JsonValue } : {}),
          };
  }
  return { row: out, badColumns: bad };
}
