/**
 * Turns the events every reader emits into the Defender tables, in two passes: events are
 * collected as they stream in (only the kinds a table uses), then, once every input is read,
 * processes are registered, DNS answers indexed, and rows built — a connection logged before
 * the DNS answer that names it, or in another file, is still named.
 */

import type { DiagnosticSink } from '../diagnostics.js';
import type { AuditEvent, DefenderRow, InputEvent, WindowsEvent } from '../formats/event.js';
import { TableBuilder } from '../table/builder.js';
import { DEFENDER_TABLES } from '../table/schemas.js';
import type { Table } from '../table/table.js';
import { auditdRows, auditdTicks, auditdUse } from './auditd.js';
import { convertDefenderRow } from './defender.js';
import { DnsIndex, parseQueryResults } from './dns-fusion.js';
import {
  baseName,
  normalizeGuid,
  parsePid,
  ProcessRegistry,
  type ProcessInfo,
} from './process-identity.js';
import {
  dnsRow,
  eventTime,
  isSysmon,
  networkRow,
  processFromCreation,
  processRow,
  scriptBlockRow,
  type Row,
} from './sysmon.js';

export interface NormalizeStats {
  /** Events that became a table row. */
  kept: number;
  /** Events read but of a kind no table holds (Sysmon 10, Security 4624…), by kind. */
  ignored: Map<string, number>;
  /** Events dropped as unusable (no time, unknown table), counted under their diagnostic. */
  rejected: number;
  /** Rows per table. */
  rows: Map<string, number>;
  /** Latest event time seen, ticks since the Unix epoch. */
  latest: bigint | null;
  earliest: bigint | null;
}

/** Event ids any mapping uses (across providers); readers may skip others unparsed. */
export const USED_EVENT_IDS: ReadonlySet<number> = new Set([1, 3, 22, 4688, 4104]);

function kindKey(e: WindowsEvent): string {
  return `${isSysmon(e) ? 'Sysmon' : e.provider || e.channel || 'Windows'} ${e.eventId}`;
}

export class Normalizer {
  private readonly creations: { e: WindowsEvent; t: bigint | null; p: ProcessInfo }[] = [];
  private readonly connections: { e: WindowsEvent; t: bigint | null }[] = [];
  private readonly dns: { e: WindowsEvent; t: bigint | null }[] = [];
  private readonly scriptBlocks: { e: WindowsEvent; t: bigint | null }[] = [];
  private readonly defender: DefenderRow[] = [];
  private readonly audit: AuditEvent[] = [];
  readonly stats: NormalizeStats = {
    kept: 0,
    ignored: new Map(),
    rejected: 0,
    rows: new Map(),
    latest: null,
    earliest: null,
  };

  constructor(private readonly sink: DiagnosticSink) {}

  add(ev: InputEvent): void {
    if (ev.kind === 'defender') {
      this.defender.push(ev);
      return;
    }
    if (ev.kind === 'auditd') {
      const use = auditdUse(ev);
      if (typeof use !== 'string') {
        this.stats.ignored.set(use.ignored, (this.stats.ignored.get(use.ignored) ?? 0) + 1);
        return;
      }
      this.seen(auditdTicks(ev));
      this.audit.push(ev);
      return;
    }
    const sysmon = isSysmon(ev);
    const id = ev.eventId;
    const wanted =
      (sysmon && (id === 1 || id === 3 || id === 22)) ||
      (!sysmon && id === 4688 && /security/i.test(ev.channel + ev.provider)) ||
      (!sysmon && id === 4104 && /powershell/i.test(ev.channel + ev.provider));
    if (!wanted) {
      const k = kindKey(ev);
      this.stats.ignored.set(k, (this.stats.ignored.get(k) ?? 0) + 1);
      return;
    }
    const t = eventTime(ev);
    if (t === null) {
      this.stats.rejected++;
      this.sink.report({
        code: 'NORM0001',
        severity: 'error',
        ...ev.source,
        message: `${kindKey(ev)} event has no readable time (UtcTime '${ev.data['UtcTime'] ?? ''}', TimeCreated '${ev.timeCreated}').`,
      });
      return;
    }
    this.seen(t);
    if (id === 1 || id === 4688) this.creations.push({ e: ev, t, p: processFromCreation(ev, t) });
    else if (id === 3) this.connections.push({ e: ev, t });
    else if (id === 22) this.dns.push({ e: ev, t });
    else this.scriptBlocks.push({ e: ev, t });
  }

  private seen(t: bigint): void {
    if (this.stats.latest === null || t > this.stats.latest) this.stats.latest = t;
    if (this.stats.earliest === null || t < this.stats.earliest) this.stats.earliest = t;
  }

  /**
   * A host that runs Sysmon and audits process creation logs each process twice: Sysmon 1
   * and Security 4688. Defender has one event per process, so a 4688 is dropped when a
   * Sysmon 1 names the same host, PID and image within a day of it (the day absorbs the
   * collectors that stamp 4688 with local time marked as UTC), and counted as a duplicate.
   */
  private withoutDuplicateCreations(): { e: WindowsEvent; t: bigint | null; p: ProcessInfo }[] {
    const DAY = 864_000_000_000n;
    const sysmon = new Map<string, bigint[]>();
    const key = (p: ProcessInfo): string =>
      `${p.host.toLowerCase()}|${p.pid}|${baseName(p.image).toLowerCase()}`;
    for (const c of this.creations) {
      if (c.e.eventId !== 1 || c.t === null) continue;
      const list = sysmon.get(key(c.p));
      if (list) list.push(c.t);
      else sysmon.set(key(c.p), [c.t]);
    }
    return this.creations.filter((c) => {
      if (c.e.eventId !== 4688 || c.t === null) return true;
      const times = sysmon.get(key(c.p));
      const dup = times?.some((t) => (t > c.t! ? t - c.t! : c.t! - t) <= DAY) ?? false;
      if (dup) {
        const k = 'Security 4688 (same process as a Sysmon 1)';
        this.stats.ignored.set(k, (this.stats.ignored.get(k) ?? 0) + 1);
      }
      return !dup;
    });
  }

  /** Builds every table (empty ones included, so queries over them bind and return nothing). */
  finish(): Map<string, Table> {
    const builders = new Map<string, TableBuilder>();
    for (const [name, specs] of Object.entries(DEFENDER_TABLES))
      builders.set(name, new TableBuilder(specs));
    const append = (table: string, row: Row): void => {
      builders.get(table)!.append(row);
      this.stats.kept++;
    };

    const registry = new ProcessRegistry();
    const creations = this.withoutDuplicateCreations();
    for (const c of creations) registry.add(c.p);

    // A process an event names: its own creation event if logged, else what the event says.
    const owner = (e: WindowsEvent, t: bigint | null): ProcessInfo => {
      const guid = normalizeGuid(e.data['ProcessGuid'] ?? '');
      const pid = parsePid(e.data['ProcessId']);
      const known = registry.resolve(e.computer, guid, pid, t);
      if (known) return known;
      const image = e.data['Image'] ?? '';
      return {
        ...processFromCreation(e, null),
        guid,
        pid,
        image: image === '<unknown process>' ? '' : image,
        commandLine: '',
        parentGuid: '',
        parentPid: null,
        parentImage: '',
        parentCommandLine: '',
      };
    };
    const parentOf = (p: ProcessInfo): ProcessInfo | undefined =>
      registry.resolve(p.host, p.parentGuid, p.parentPid, p.created);

    for (const { e, t, p } of creations) {
      const parent = parentOf(p);
      append(
        'DeviceProcessEvents',
        processRow(e, t, p, parent, parent ? parentOf(parent) : undefined),
      );
    }

    const index = new DnsIndex();
    for (const { e, t } of this.dns) {
      const p = owner(e, t);
      const answers = parseQueryResults(e.data['QueryResults'] ?? '');
      append('DeviceEvents', dnsRow(e, t, p, parentOf(p), answers));
      const status = (e.data['QueryStatus'] ?? '0').trim();
      const name = (e.data['QueryName'] ?? '').trim().toLowerCase();
      if ((status === '0' || status === '') && name && t !== null) {
        index.add({
          host: e.computer,
          time: t,
          name,
          cnames: answers.cnames,
          addresses: answers.addresses,
          processGuid: p.guid,
          pid: p.pid,
        });
      }
    }

    for (const { e, t } of this.connections) {
      const p = owner(e, t);
      const dest = (e.data['DestinationIp'] ?? '').trim();
      const hit = t !== null ? index.nameFor(e.computer, dest, t, p.guid, p.pid) : undefined;
      const reverse = (e.data['DestinationHostname'] ?? '').trim();
      const facts = hit
        ? {
            remoteUrl: hit.name,
            urlSource:
              (p.guid !== '' && hit.processGuid === p.guid) || (p.guid === '' && hit.pid === p.pid)
                ? 'dns-same-process'
                : 'dns-same-host',
            dnsQueryTime: hit.time,
            cnames: hit.cnames,
          }
        : {
            remoteUrl: reverse === '-' ? '' : reverse,
            urlSource: reverse && reverse !== '-' ? 'sysmon-destination-hostname' : '',
            dnsQueryTime: null,
            cnames: [],
          };
      append('DeviceNetworkEvents', networkRow(e, t, p, parentOf(p), facts));
    }

    for (const { e, t } of this.scriptBlocks) {
      const pid = e.processId ?? parsePid(e.data['ExecutionProcessID'] ?? e.data['ProcessId']);
      append('DeviceEvents', scriptBlockRow(e, t, registry.resolve(e.computer, '', pid, t)));
    }

    // Linux processes are resolved among themselves: audit events name them by PID only.
    for (const { table, row } of auditdRows(this.audit)) append(table, row);

    for (const r of this.defender) {
      const c = convertDefenderRow(r);
      if (c === null) {
        this.stats.rejected++;
        this.sink.report({
          code: 'NORM0002',
          severity: 'error',
          ...r.source,
          message: `Unknown Defender table '${r.table}'.`,
        });
        continue;
      }
      if (c.badColumns.length > 0) {
        this.sink.report({
          code: 'NORM0003',
          severity: 'warning',
          ...r.source,
          message: `Values that do not match their column type were read as null: ${c.badColumns.join(', ')}.`,
        });
      }
      const t = c.row['Timestamp'];
      if (typeof t === 'bigint') this.seen(t);
      append(r.table, c.row);
    }

    const tables = new Map<string, Table>();
    for (const [name, b] of builders) {
      tables.set(name, b.finish());
      this.stats.rows.set(name, b.rowCount);
    }
    return tables;
  }
}
