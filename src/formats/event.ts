/**
 * The shapes every reader in src/formats produces. A Windows event is the same object
 * whether it came from an .evtx record, rendered XML or a JSON line: its System header and
 * its EventData (or UserData) fields as strings, exactly as Windows renders them.
 */

import type { Location } from '../diagnostics.js';
import type { AuditEvent } from './auditd/model.js';

export type { AuditEvent } from './auditd/model.js';

/** A Windows event as Windows renders it: `<Event><System>…</System><EventData>…`. */
export interface WindowsEvent {
  kind: 'windows';
  /** Provider name, e.g. `Microsoft-Windows-Sysmon`. */
  provider: string;
  channel: string;
  eventId: number;
  /** `System/Computer`: the host name as the event gives it. */
  computer: string;
  /** `System/TimeCreated/@SystemTime` as written (ISO 8601, up to 7 fractional digits), or ''. */
  timeCreated: string;
  recordId?: number;
  /** `System/Execution/@ProcessID`: the process that logged the event (PowerShell's own, for 4104). */
  processId?: number;
  /** Event fields by name: EventData `<Data Name=…>` or flattened UserData. Values as rendered text. */
  data: Record<string, string>;
  /** Where the event came from, for diagnostics and evidence. */
  source: Location;
}

/** A row of a Defender Advanced Hunting table as exported (JSON, CSV or the streaming API). */
export interface DefenderRow {
  kind: 'defender';
  table: string;
  row: Record<string, unknown>;
  source: Location;
}

/** `AuditEvent`: one Linux audit event, its records decoded (see auditd/model.ts). */
export type InputEvent = WindowsEvent | DefenderRow | AuditEvent;
