/**
 * Sysmon and Windows events → Defender Advanced Hunting rows.
 *
 * | event | table | ActionType |
 * |---|---|---|
 * | Sysmon 1 process creation | DeviceProcessEvents | ProcessCreated |
 * | Security 4688 process creation | DeviceProcessEvents | ProcessCreated |
 * | Sysmon 3 network connection | DeviceNetworkEvents | ConnectionSuccess, or InboundConnectionAccepted when not initiated |
 * | Sysmon 22 DNS query | DeviceEvents | DnsQueryResponse |
 * | PowerShell 4104 script block | DeviceEvents | PowerShellCommand |
 *
 * Defender's "initiating process" is the creator for a process event (Sysmon's Parent*)
 * and the socket's owner for a network or DNS event (Sysmon's Image): the mapping follows
 * that. The event time is Sysmon's own `UtcTime` (collectors' `TimeCreated` can carry local
 * time marked as UTC), else the record's SystemTime.
 */

import type { WindowsEvent } from '../formats/event.js';
import type { JsonValue, Scalar } from '../table/types.js';
import { parseDateTime } from '../table/datetime.js';
import { deviceId, deviceName } from './device-id.js';
import { ipType, unmapIpv4 } from './ip-type.js';
import {
  baseName,
  normalizeGuid,
  parseHashes,
  parsePid,
  processInfo,
  splitAccount,
  type ProcessInfo,
} from './process-identity.js';

export type Row = Record<string, Scalar>;

const SYSMON = /sysmon/i;

export function isSysmon(e: WindowsEvent): boolean {
  return SYSMON.test(e.provider) || SYSMON.test(e.channel);
}

/** The event's time: Sysmon's UtcTime when present, else the record's SystemTime. */
export function eventTime(e: WindowsEvent): bigint | null {
  const utc = e.data['UtcTime'];
  if (utc) {
    const t = parseDateTime(utc);
    if (t !== null) return t;
  }
  return e.timeCreated ? parseDateTime(e.timeCreated) : null;
}

function clean(v: string | undefined): string {
  if (v === undefined) return '';
  const t = v.trim();
  return t === '-' ? '' : v;
}

function logonId(v: string | undefined): number | null {
  if (!v) return null;
  const t = v.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^\d+$/.test(t)) return Number(t);
  return null;
}

/** A process as Sysmon 1 (or Security 4688) describes it. */
export function processFromCreation(e: WindowsEvent, time: bigint | null): ProcessInfo {
  const d = e.data;
  if (e.eventId === 4688 && !isSysmon(e)) {
    const user = d['TargetDomainName']
      ? `${d['TargetDomainName']}\\${d['TargetUserName'] ?? ''}`
      : (d['TargetUserName'] ?? '');
    const subject = d['SubjectDomainName']
      ? `${d['SubjectDomainName']}\\${d['SubjectUserName'] ?? ''}`
      : '';
    return processInfo({
      host: e.computer,
      pid: parsePid(d['NewProcessId']),
      image: clean(d['NewProcessName']),
      commandLine: clean(d['CommandLine']),
      user: user || subject,
      parentPid: parsePid(d['ProcessId']),
      parentImage: clean(d['ParentProcessName']),
      parentUser: subject,
      logonId: logonId(d['TargetLogonId']),
      created: time,
    });
  }
  const h = parseHashes(d['Hashes'] ?? '');
  return {
    host: e.computer,
    guid: normalizeGuid(d['ProcessGuid'] ?? ''),
    pid: parsePid(d['ProcessId']),
    image: clean(d['Image']),
    commandLine: clean(d['CommandLine']),
    user: clean(d['User']),
    parentGuid: normalizeGuid(d['ParentProcessGuid'] ?? ''),
    parentPid: parsePid(d['ParentProcessId']),
    parentImage: clean(d['ParentImage']),
    parentCommandLine: clean(d['ParentCommandLine']),
    parentUser: clean(d['ParentUser']),
    sha1: h.sha1,
    sha256: h.sha256,
    md5: h.md5,
    originalFileName: clean(d['OriginalFileName']),
    company: clean(d['Company']),
    product: clean(d['Product']),
    description: clean(d['Description']),
    fileVersion: clean(d['FileVersion']),
    integrityLevel: clean(d['IntegrityLevel']),
    logonId: logonId(d['LogonId']),
    created: time,
  };
}

function common(
  e: WindowsEvent,
  time: bigint | null,
  actionType: string,
  extra: Record<string, JsonValue>,
): Row {
  return {
    Timestamp: time,
    TimeGenerated: time,
    DeviceId: deviceId(e.computer),
    DeviceName: deviceName(e.computer),
    ActionType: actionType,
    ReportId: e.recordId ?? null,
    AdditionalFields: Object.assign(extra, {
      SourceFile: e.source.file ?? '',
      SourceEventId: e.eventId,
    }),
  };
}

/** The InitiatingProcess* columns for a process, with its parent from the registry when known. */
export function initiatingColumns(
  p: ProcessInfo | undefined,
  parent: ProcessInfo | undefined,
): Row {
  return addInitiating({}, p, parent);
}

/**
 * Sets the InitiatingProcess* columns on `row`. Rows are filled in place rather than spread
 * together: a busy Sysmon log makes hundreds of thousands of them, and the copies were most
 * of the normaliser's time and garbage.
 */
function addInitiating(row: Row, p: ProcessInfo | undefined, parent: ProcessInfo | undefined): Row {
  if (p === undefined) return row;
  const [domain, name] = splitAccount(p.user);
  return Object.assign(row, {
    InitiatingProcessFileName: baseName(p.image),
    InitiatingProcessFolderPath: p.image,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.commandLine,
    InitiatingProcessCreationTime: p.created,
    InitiatingProcessSHA1: p.sha1,
    InitiatingProcessSHA256: p.sha256,
    InitiatingProcessMD5: p.md5,
    InitiatingProcessVersionInfoOriginalFileName: p.originalFileName,
    InitiatingProcessVersionInfoCompanyName: p.company,
    InitiatingProcessVersionInfoProductName: p.product,
    InitiatingProcessVersionInfoFileDescription: p.description,
    InitiatingProcessVersionInfoProductVersion: p.fileVersion,
    InitiatingProcessIntegrityLevel: p.integrityLevel,
    InitiatingProcessAccountDomain: domain,
    InitiatingProcessAccountName: name,
    InitiatingProcessLogonId: p.logonId,
    InitiatingProcessParentFileName: parent ? baseName(parent.image) : baseName(p.parentImage),
    InitiatingProcessParentId: parent?.pid ?? p.parentPid,
    InitiatingProcessParentCreationTime: parent?.created ?? null,
  });
}

/** DeviceProcessEvents row for a process creation. */
export function processRow(
  e: WindowsEvent,
  time: bigint | null,
  p: ProcessInfo,
  parent: ProcessInfo | undefined,
  grandparent: ProcessInfo | undefined,
): Row {
  const [domain, name] = splitAccount(p.user);
  // The creator as the event describes it, completed from its own creation event if logged.
  const creator: ProcessInfo =
    parent ??
    processInfo({
      host: p.host,
      guid: p.parentGuid,
      pid: p.parentPid,
      image: p.parentImage,
      commandLine: p.parentCommandLine,
      user: p.parentUser,
    });
  const row = common(e, time, 'ProcessCreated', {
    ProcessGuid: p.guid,
    ParentProcessGuid: p.parentGuid,
    CurrentDirectory: e.data['CurrentDirectory'] ?? '',
  });
  Object.assign(row, {
    FileName: baseName(p.image),
    FolderPath: p.image,
    SHA1: p.sha1,
    SHA256: p.sha256,
    MD5: p.md5,
    ProcessVersionInfoCompanyName: p.company,
    ProcessVersionInfoProductName: p.product,
    ProcessVersionInfoProductVersion: p.fileVersion,
    ProcessVersionInfoOriginalFileName: p.originalFileName,
    ProcessVersionInfoFileDescription: p.description,
    ProcessId: p.pid,
    ProcessCommandLine: p.commandLine,
    ProcessIntegrityLevel: p.integrityLevel,
    ProcessCreationTime: time,
    AccountDomain: domain,
    AccountName: name,
    LogonId: p.logonId,
  });
  return addInitiating(row, creator, grandparent);
}

export interface NetworkFacts {
  remoteUrl: string;
  urlSource: string;
  dnsQueryTime: bigint | null;
  cnames: string[];
}

/** DeviceNetworkEvents row for a Sysmon 3 connection. */
export function networkRow(
  e: WindowsEvent,
  time: bigint | null,
  owner: ProcessInfo,
  parent: ProcessInfo | undefined,
  facts: NetworkFacts,
): Row {
  const d = e.data;
  const initiated = (d['Initiated'] ?? 'true').trim().toLowerCase() !== 'false';
  const src = unmapIpv4(clean(d['SourceIp']));
  const dst = unmapIpv4(clean(d['DestinationIp']));
  const srcPort = parsePid(d['SourcePort']);
  const dstPort = parsePid(d['DestinationPort']);
  const remoteIP = initiated ? dst : src;
  const localIP = initiated ? src : dst;
  const proto = clean(d['Protocol']).toLowerCase();
  const row = common(e, time, initiated ? 'ConnectionSuccess' : 'InboundConnectionAccepted', {
    ProcessGuid: owner.guid,
    DestinationHostname: clean(d['DestinationHostname']),
    RemoteUrlSource: facts.urlSource,
    ...(facts.dnsQueryTime !== null ? { DnsQueryTime: String(facts.dnsQueryTime) } : {}),
    ...(facts.cnames.length ? { CnameChain: facts.cnames } : {}),
  });
  Object.assign(row, {
    RemoteIP: remoteIP,
    RemotePort: initiated ? dstPort : srcPort,
    RemoteUrl: initiated ? facts.remoteUrl : '',
    LocalIP: localIP,
    LocalPort: initiated ? srcPort : dstPort,
    Protocol: proto === 'tcp' ? 'Tcp' : proto === 'udp' ? 'Udp' : proto ? proto : 'Unknown',
    LocalIPType: ipType(localIP),
    RemoteIPType: ipType(remoteIP),
  });
  return addInitiating(row, owner, parent);
}

/** DeviceEvents row for a Sysmon 22 DNS query. */
export function dnsRow(
  e: WindowsEvent,
  time: bigint | null,
  owner: ProcessInfo,
  parent: ProcessInfo | undefined,
  answers: { cnames: string[]; addresses: string[] },
): Row {
  const d = e.data;
  const name = clean(d['QueryName']);
  const row = common(e, time, 'DnsQueryResponse', {
    QueryName: name,
    DnsQueryString: name,
    QueryStatus: clean(d['QueryStatus']),
    QueryResults: clean(d['QueryResults']),
    Addresses: answers.addresses,
    Cnames: answers.cnames,
    ProcessGuid: owner.guid,
  });
  row['RemoteUrl'] = name;
  return addInitiating(row, owner, parent);
}

/** DeviceEvents row for a PowerShell script block (4104). */
export function scriptBlockRow(
  e: WindowsEvent,
  time: bigint | null,
  owner: ProcessInfo | undefined,
): Row {
  const row = common(e, time, 'PowerShellCommand', {
    Command: e.data['ScriptBlockText'] ?? '',
    ScriptBlockId: e.data['ScriptBlockId'] ?? '',
    Path: e.data['Path'] ?? '',
  });
  return addInitiating(row, owner, undefined);
}
