/**
 * Who a process is. Sysmon names a process by its ProcessGuid (unique per boot, stable across
 * events); Defender by DeviceId + ProcessId + creation time. Events that mention a process
 * (a connection, a DNS query, a child's creation) carry only part of its story — a DNS event
 * may even say `<unknown process>` — so every process creation event is registered here and
 * the others are resolved against it: by GUID first, then by PID, taking the newest process
 * with that PID created no later than the event.
 */

import { parseDateTime } from '../table/datetime.js';

export interface ProcessInfo {
  host: string;
  guid: string;
  pid: number | null;
  /** Full path of the image. */
  image: string;
  commandLine: string;
  user: string;
  parentGuid: string;
  parentPid: number | null;
  parentImage: string;
  parentCommandLine: string;
  parentUser: string;
  sha1: string;
  sha256: string;
  md5: string;
  originalFileName: string;
  company: string;
  product: string;
  description: string;
  fileVersion: string;
  integrityLevel: string;
  logonId: number | null;
  /** Creation time, ticks since the Unix epoch; null when unknown. */
  created: bigint | null;
}

/** A process known only by what `known` says; everything else blank. */
export function processInfo(known: Partial<ProcessInfo> & { host: string }): ProcessInfo {
  return {
    guid: '',
    pid: null,
    image: '',
    commandLine: '',
    user: '',
    parentGuid: '',
    parentPid: null,
    parentImage: '',
    parentCommandLine: '',
    parentUser: '',
    sha1: '',
    sha256: '',
    md5: '',
    originalFileName: '',
    company: '',
    product: '',
    description: '',
    fileVersion: '',
    integrityLevel: '',
    logonId: null,
    created: null,
    ...known,
  };
}

export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** `DOMAIN\user` → [domain, user]. */
export function splitAccount(user: string): [domain: string, name: string] {
  const i = user.indexOf('\\');
  return i >= 0 ? [user.slice(0, i), user.slice(i + 1)] : ['', user];
}

/** `SHA1=…,MD5=…,SHA256=…,IMPHASH=…` → lower-case digests. */
export function parseHashes(s: string): { sha1: string; sha256: string; md5: string } {
  const out = { sha1: '', sha256: '', md5: '' };
  for (const part of s.split(',')) {
    const [k, v] = part.split('=');
    if (!k || !v) continue;
    const key = k.trim().toUpperCase();
    if (key === 'SHA1') out.sha1 = v.trim().toLowerCase();
    else if (key === 'SHA256') out.sha256 = v.trim().toLowerCase();
    else if (key === 'MD5') out.md5 = v.trim().toLowerCase();
  }
  return out;
}

/** A GUID without braces, lower case; the all-zero GUID Sysmon writes for a lost process is ''. */
export function normalizeGuid(g: string): string {
  const s = g
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();
  return /^[0-]*$/.test(s) ? '' : s;
}

/**
 * How far after an event a process may be created and still be the event's process. Sysmon
 * stamps some network and DNS events of a short-lived process before that process's
 * creation event (seen in Security-Datasets: half a second before, image `<unknown process>`).
 */
const CREATION_SLACK = 50_000_000n;

/** A PID as written: decimal, or `0x…` hex as Security events give it. */
export function parsePid(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return null;
}

export class ProcessRegistry {
  private readonly byGuid = new Map<string, ProcessInfo>();
  private readonly byPid = new Map<string, ProcessInfo[]>();

  add(p: ProcessInfo): void {
    const host = p.host.toLowerCase();
    if (p.guid) this.byGuid.set(`${host}|${p.guid}`, p);
    if (p.pid !== null) {
      const key = `${host}|${p.pid}`;
      const list = this.byPid.get(key);
      if (list) list.push(p);
      else this.byPid.set(key, [p]);
    }
  }

  /** The process an event names, by GUID, else by PID and time. */
  resolve(
    host: string,
    guid: string,
    pid: number | null,
    at: bigint | null,
  ): ProcessInfo | undefined {
    const h = host.toLowerCase();
    if (guid) {
      const p = this.byGuid.get(`${h}|${guid}`);
      if (p) return p;
    }
    if (pid === null) return undefined;
    const list = this.byPid.get(`${h}|${pid}`);
    if (!list) return undefined;
    let best: ProcessInfo | undefined;
    for (const p of list) {
      if (at !== null && p.created !== null && p.created > at) continue;
      if (best === undefined || (p.created ?? 0n) > (best.created ?? 0n)) best = p;
    }
    if (best === undefined && at !== null) {
      for (const p of list) {
        if (
          p.created !== null &&
          p.created <= at + CREATION_SLACK &&
          (best === undefined || p.created < best.created!)
        )
          best = p;
      }
    }
    // Only a GUID is conclusive; a PID is reused, so an event earlier than every process
    // with that PID stays unresolved.
    return best;
  }
}

export function ticksOf(s: string | undefined): bigint | null {
  return s ? parseDateTime(s) : null;
}
