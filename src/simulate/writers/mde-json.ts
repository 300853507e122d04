/**
 * A timeline as Defender for Endpoint would report it: Advanced Hunting rows, one file per
 * table (`<stem>.DeviceNetworkEvents.json`…) in the API's `{"Results": […]}` shape, with the
 * values Defender fills — RemoteUrl as the host name the sensor saw, the initiating process
 * of a network event being the socket's owner and of a process event its creator, times
 * with seven fractional digits, AdditionalFields as a JSON string. Windows and Linux devices
 * alike (Defender on Linux fills the same tables). DNS answers become DeviceEvents
 * `DnsQueryResponse` rows and PowerShell script blocks one `PowerShellCommand` row per
 * cmdlet, as Defender records commands rather than whole script blocks.
 */

import { hashesOf } from '../images.js';
import type { Proc, SimEvent, SimFile } from '../model.js';
import type { Prng } from '../prng.js';
import { systemTime } from './windows-events.js';

type Row = Record<string, string | number | null>;

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

function time(ms: number): string {
  return systemTime(ms, 0);
}

function accountColumns(prefix: string, p: Proc): Row {
  const linux = p.host.platform === 'linux';
  return {
    [`${prefix}AccountDomain`]: linux ? p.host.name.toLowerCase() : p.user.domain.toLowerCase(),
    [`${prefix}AccountName`]: p.user.name,
    [`${prefix}AccountSid`]: linux ? null : p.user.sid,
    [`${prefix}AccountUpn`]:
      linux || p.user.sid === 'S-1-5-18' ? null : `${p.user.name}@corp.example`,
    [`${prefix}AccountObjectId`]: null,
  };
}

/** The InitiatingProcess* columns for `p` (the creator of a process, the owner of a socket). */
function initiating(p: Proc): Row {
  const h = hashesOf(p.image);
  const parent = p.parent;
  const windows = p.host.platform === 'windows';
  return {
    ...accountColumns('InitiatingProcess', p),
    InitiatingProcessSHA1: h.sha1,
    InitiatingProcessSHA256: h.sha256,
    InitiatingProcessMD5: h.md5,
    InitiatingProcessFileName: baseName(p.image),
    InitiatingProcessFolderPath: p.image,
    InitiatingProcessVersionInfoCompanyName: p.info?.company ?? null,
    InitiatingProcessVersionInfoProductName: p.info?.product ?? null,
    InitiatingProcessVersionInfoProductVersion: p.info?.fileVersion ?? null,
    InitiatingProcessVersionInfoOriginalFileName: p.info?.originalFileName ?? null,
    InitiatingProcessVersionInfoFileDescription: p.info?.description ?? null,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.commandLine,
    InitiatingProcessCreationTime: time(p.created),
    InitiatingProcessIntegrityLevel: windows ? p.integrity : null,
    InitiatingProcessTokenElevation: windows
      ? p.integrity === 'High'
        ? 'TokenElevationTypeFull'
        : 'TokenElevationTypeDefault'
      : null,
    InitiatingProcessParentId: parent?.pid ?? null,
    InitiatingProcessParentFileName: parent ? baseName(parent.image) : null,
    InitiatingProcessParentCreationTime: parent ? time(parent.created) : null,
  };
}

function cmdlets(script: string): string[] {
  const seen = new Set<string>();
  for (const m of script.matchAll(/\b(?:[A-Z][a-z]+-[A-Z][A-Za-z]+)\b/g)) seen.add(m[0]);
  return [...seen];
}

/** Rows per Defender table for a timeline. */
export function defenderRows(timeline: readonly SimEvent[], rng: Prng): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  const report = new Map<string, number>();
  const add = (table: string, e: SimEvent, actionType: string, row: Row): void => {
    const host = e.proc.host;
    const id = (report.get(host.name) ?? rng.int(1000, 90_000)) + rng.int(1, 30);
    report.set(host.name, id);
    const full: Row = {
      Timestamp: time(e.at),
      DeviceId: host.deviceId,
      DeviceName: host.name.toLowerCase(),
      ActionType: actionType,
      ...row,
      ReportId: id,
      AppGuardContainerId: '',
    };
    const list = tables.get(table);
    if (list) list.push(full);
    else tables.set(table, [full]);
  };

  for (const e of timeline) {
    const p = e.proc;
    const linux = p.host.platform === 'linux';
    switch (e.kind) {
      case 'process': {
        const h = hashesOf(p.image);
        add('DeviceProcessEvents', e, 'ProcessCreated', {
          FileName: baseName(p.image),
          FolderPath: p.image,
          SHA1: h.sha1,
          SHA256: h.sha256,
          MD5: h.md5,
          ProcessVersionInfoCompanyName: p.info?.company ?? null,
          ProcessVersionInfoProductName: p.info?.product ?? null,
          ProcessVersionInfoProductVersion: p.info?.fileVersion ?? null,
          ProcessVersionInfoOriginalFileName: p.info?.originalFileName ?? null,
          ProcessVersionInfoFileDescription: p.info?.description ?? null,
          ProcessId: p.pid,
          ProcessCommandLine: p.commandLine,
          ProcessIntegrityLevel: linux ? null : p.integrity,
          ProcessCreationTime: time(e.at),
          ...accountColumns('', p),
          LogonId: linux ? null : parseInt(p.logonId, 16),
          ...initiating(p.parent!),
          AdditionalFields: null,
        });
        break;
      }
      case 'connect':
        add('DeviceNetworkEvents', e, 'ConnectionSuccess', {
          RemoteIP: e.remoteIp,
          RemotePort: e.remotePort,
          RemoteUrl: e.remoteUrl,
          LocalIP: p.host.ip,
          LocalPort: e.localPort,
          Protocol: e.protocol === 'tcp' ? 'Tcp' : 'Udp',
          LocalIPType: 'Private',
          RemoteIPType: 'Public',
          ...initiating(p),
          AdditionalFields: null,
        });
        break;
      case 'dns':
        // Defender on Linux reports no DNS rows.
        if (linux) break;
        add('DeviceEvents', e, 'DnsQueryResponse', {
          RemoteUrl: e.query,
          ...initiating(p),
          AdditionalFields: JSON.stringify({
            DnsQueryString: e.query,
            DnsResponse: [...e.answer.cnames, ...e.answer.addresses],
          }),
        });
        break;
      case 'script':
        for (const command of cmdlets(e.text)) {
          add('DeviceEvents', e, 'PowerShellCommand', {
            ...initiating(p),
            AdditionalFields: JSON.stringify({ Command: command }),
          });
        }
        break;
      case 'file': {
        add('DeviceFileEvents', e, 'FileCreated', {
          FileName: baseName(e.path),
          FolderPath: e.path,
          SHA1: null,
          SHA256: null,
          MD5: null,
          FileOriginUrl: null,
          PreviousFileName: null,
          ...initiating(p),
          AdditionalFields: null,
        });
        break;
      }
      case 'logon':
        break;
    }
  }
  return tables;
}

export function writeMdeJson(timeline: readonly SimEvent[], rng: Prng, stem: string): SimFile[] {
  const files: SimFile[] = [];
  for (const [table, rows] of [...defenderRows(timeline, rng)].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const body = rows.map((r) => JSON.stringify(r)).join(',\n');
    files.push({ name: `${stem}.${table}.json`, text: `{"Results":[\n${body}\n]}\n` });
  }
  return files;
}
