/**
 * A Windows timeline as the events Windows would log: Sysmon 1 (process creation), 3
 * (network connection), 11 (file created), 22 (DNS query), and PowerShell 4104 (script
 * block). Each event carries its System header (provider, version, level, task, record id,
 * the logging process, the user SID) and its EventData fields in Sysmon's own order; the
 * JSON and XML writers only change the notation.
 */

import type { Host, Proc, SimEvent } from '../model.js';
import type { Prng } from '../prng.js';
import { hashesOf } from '../images.js';

export interface WinEvent {
  provider: string;
  providerGuid: string;
  eventId: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: string;
  /** When the log recorded it: ISO 8601 with seven fractional digits. */
  timeCreated: string;
  recordId: number;
  executionPid: number;
  threadId: number;
  channel: string;
  computer: string;
  userSid: string;
  data: [string, string][];
  /** The Message text a collector stores beside the fields. */
  message: string;
}

const SYSMON = {
  provider: 'Microsoft-Windows-Sysmon',
  guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
  channel: 'Microsoft-Windows-Sysmon/Operational',
};
const POWERSHELL = {
  provider: 'Microsoft-Windows-PowerShell',
  guid: '{a0c1853b-5c40-4b15-8766-3cf1c58f985a}',
  channel: 'Microsoft-Windows-PowerShell/Operational',
};

const TITLES: Readonly<Record<number, string>> = {
  1: 'Process Create:',
  3: 'Network connection detected:',
  11: 'File created:',
  22: 'Dns query:',
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Sysmon's UtcTime: `2025-03-04 09:27:12.345`. */
export function sysmonTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** ISO 8601 UTC with seven fractional digits, `sub` being the ticks below the millisecond. */
export function systemTime(ms: number, sub: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${pad(sub, 4)}Z`);
}

function account(p: Proc): string {
  return `${p.user.domain}\\${p.user.name}`;
}

function hashes(image: string): string {
  const h = hashesOf(image);
  return `SHA1=${h.sha1},MD5=${h.md5},SHA256=${h.sha256},IMPHASH=${h.imphash}`.toUpperCase();
}

function logonGuid(p: Proc): string {
  const id = p.logonId.replace(/^0x/, '').padStart(8, '0');
  return `{${p.host.guidPrefix}-0000-0000-${id.slice(0, 4)}-${id.slice(4).padEnd(12, '0')}}`;
}

/** `type:  5 cname;…;::ffff:a.b.c.d;…` as Sysmon 22 writes answers. */
export function queryResults(cnames: readonly string[], addresses: readonly string[]): string {
  return [...cnames.map((c) => `type:  5 ${c}`), ...addresses.map((a) => `::ffff:${a}`)]
    .map((x) => `${x};`)
    .join('');
}

function processData(p: Proc, at: number): [string, string][] {
  const parent = p.parent!;
  const info = p.info;
  return [
    ['RuleName', '-'],
    ['UtcTime', sysmonTime(at)],
    ['ProcessGuid', p.guid],
    ['ProcessId', String(p.pid)],
    ['Image', p.image],
    ['FileVersion', info?.fileVersion ?? '-'],
    ['Description', info?.description ?? '-'],
    ['Product', info?.product ?? '-'],
    ['Company', info?.company ?? '-'],
    ['OriginalFileName', info?.originalFileName ?? '-'],
    ['CommandLine', p.commandLine],
    ['CurrentDirectory', p.cwd],
    ['User', account(p)],
    ['LogonGuid', logonGuid(p)],
    ['LogonId', p.logonId],
    ['TerminalSessionId', String(p.session)],
    ['IntegrityLevel', p.integrity],
    ['Hashes', hashes(p.image)],
    ['ParentProcessGuid', parent.guid],
    ['ParentProcessId', String(parent.pid)],
    ['ParentImage', parent.image],
    ['ParentCommandLine', parent.commandLine],
    ['ParentUser', account(parent)],
  ];
}

interface Counters {
  record: Map<string, number>;
}

function nextRecord(c: Counters, host: Host, channel: string, rng: Prng): number {
  const key = `${host.name}|${channel}`;
  const n = (c.record.get(key) ?? rng.int(10_000, 900_000)) + 1;
  c.record.set(key, n);
  return n;
}

/** Renders a Windows timeline; events of other kinds (PAM logons) have no Windows form. */
export function windowsEvents(timeline: readonly SimEvent[], rng: Prng): WinEvent[] {
  const counters: Counters = { record: new Map() };
  const out: WinEvent[] = [];
  for (const e of timeline) {
    const p = e.proc;
    const host = p.host;
    // The log entry is written a moment after the fact Sysmon times.
    const logged = systemTime(e.at + rng.int(0, 4), rng.int(0, 9999));
    const sysmon = (eventId: number, version: number, data: [string, string][]): WinEvent => ({
      provider: SYSMON.provider,
      providerGuid: SYSMON.guid,
      eventId,
      version,
      level: 4,
      task: eventId,
      opcode: 0,
      keywords: '0x8000000000000000',
      timeCreated: logged,
      recordId: nextRecord(counters, host, SYSMON.channel, rng),
      executionPid: host.sysmonPid,
      threadId: host.sysmonPid + 4 * rng.int(1, 40),
      channel: SYSMON.channel,
      computer: host.name,
      userSid: 'S-1-5-18',
      data,
      message: `${TITLES[eventId]}\r\n${data.map(([k, v]) => `${k}: ${v}`).join('\r\n')}`,
    });
    switch (e.kind) {
      case 'process':
        out.push(sysmon(1, 5, processData(p, e.at)));
        break;
      case 'connect':
        out.push(
          sysmon(3, 5, [
            ['RuleName', '-'],
            ['UtcTime', sysmonTime(e.at)],
            ['ProcessGuid', p.guid],
            ['ProcessId', String(p.pid)],
            ['Image', p.image],
            ['User', account(p)],
            ['Protocol', e.protocol],
            ['Initiated', 'true'],
            ['SourceIsIpv6', 'false'],
            ['SourceIp', host.ip],
            ['SourceHostname', rng.chance(0.5) ? host.name : '-'],
            ['SourcePort', String(e.localPort)],
            ['SourcePortName', '-'],
            ['DestinationIsIpv6', 'false'],
            ['DestinationIp', e.remoteIp],
            ['DestinationHostname', '-'],
            ['DestinationPort', String(e.remotePort)],
            [
              'DestinationPortName',
              e.remotePort === 443 ? 'https' : e.remotePort === 80 ? 'http' : '-',
            ],
          ]),
        );
        break;
      case 'dns':
        out.push(
          sysmon(22, 5, [
            ['RuleName', '-'],
            ['UtcTime', sysmonTime(e.at)],
            ['ProcessGuid', p.guid],
            ['ProcessId', String(p.pid)],
            ['QueryName', e.query],
            ['QueryStatus', '0'],
            ['QueryResults', queryResults(e.answer.cnames, e.answer.addresses)],
            ['Image', p.image],
            ['User', account(p)],
          ]),
        );
        break;
      case 'file':
        out.push(
          sysmon(11, 2, [
            ['RuleName', '-'],
            ['UtcTime', sysmonTime(e.at)],
            ['ProcessGuid', p.guid],
            ['ProcessId', String(p.pid)],
            ['Image', p.image],
            ['TargetFilename', e.path],
            ['CreationUtcTime', sysmonTime(e.at)],
            ['User', account(p)],
          ]),
        );
        break;
      case 'script': {
        const data: [string, string][] = [
          ['MessageNumber', '1'],
          ['MessageTotal', '1'],
          ['ScriptBlockText', e.text],
          ['ScriptBlockId', e.blockId],
          ['Path', ''],
        ];
        // PowerShell raises script blocks it finds suspicious to Warning on its own.
        const suspicious = /WebClient|Invoke-WebRequest|Invoke-RestMethod|FromBase64String/i.test(
          e.text,
        );
        out.push({
          provider: POWERSHELL.provider,
          providerGuid: POWERSHELL.guid,
          eventId: 4104,
          version: 1,
          level: suspicious ? 3 : 5,
          task: 2,
          opcode: 15,
          keywords: '0x0',
          timeCreated: logged,
          recordId: nextRecord(counters, host, POWERSHELL.channel, rng),
          executionPid: p.pid,
          threadId: 4 * rng.int(500, 4000),
          channel: POWERSHELL.channel,
          computer: host.name,
          userSid: p.user.sid,
          data,
          message:
            `Creating Scriptblock text (1 of 1):\r\n${e.text}\r\n\r\n` +
            `ScriptBlock ID: ${e.blockId}\r\nPath: `,
        });
        break;
      }
      case 'logon':
        break;
    }
  }
  return out;
}
