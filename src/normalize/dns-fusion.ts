/**
 * Names connections from DNS answers, as Defender's RemoteUrl does. Sysmon's connection
 * event rarely carries the host name the process asked for (`DestinationHostname` is empty,
 * `-`, or a reverse-DNS name such as `cdn-185-199-108-133.github.com`), but its DNS event
 * does: `QueryName` and the answers in `QueryResults`, which may begin with CNAME records
 * (`type:  5 github.map.fastly.net;`) and give IPv4 addresses as `::ffff:a.b.c.d;`.
 *
 * A connection to address A takes the name whose answer listed A: from the same process
 * (by GUID, else PID) within an hour before the connection, else from any process on the
 * same host within ten minutes before. A few seconds after the connection also count,
 * because events of one moment are not always logged in order. The latest answer wins.
 */

import { unmapIpv4 } from './ip-type.js';

const SECOND = 10_000_000n;
const SAME_PROCESS_WINDOW = 3600n * SECOND;
const SAME_HOST_WINDOW = 600n * SECOND;
const AFTER_SLACK = 5n * SECOND;

export interface DnsAnswer {
  host: string;
  time: bigint;
  /** The name the process asked for. */
  name: string;
  /** Aliases the answer walked through (CNAME targets). */
  cnames: string[];
  addresses: string[];
  processGuid: string;
  pid: number | null;
}

/** Splits a Sysmon `QueryResults` string into CNAME targets and addresses. */
export function parseQueryResults(results: string): { cnames: string[]; addresses: string[] } {
  const cnames: string[] = [];
  const addresses: string[] = [];
  for (const raw of results.split(';')) {
    const part = raw.trim();
    if (part === '' || part === '-') continue;
    const typed = /^type:\s*(\d+)\s+(.*)$/i.exec(part);
    if (typed) {
      if (typed[1] === '5') cnames.push(typed[2]!.trim().toLowerCase());
      continue;
    }
    addresses.push(unmapIpv4(part).toLowerCase());
  }
  return { cnames, addresses };
}

export class DnsIndex {
  /** host|address → answers that listed it. */
  private readonly byAddress = new Map<string, DnsAnswer[]>();
  private sorted = true;

  add(a: DnsAnswer): void {
    for (const addr of a.addresses) {
      const key = `${a.host.toLowerCase()}|${addr}`;
      const list = this.byAddress.get(key);
      if (list) list.push(a);
      else this.byAddress.set(key, [a]);
    }
    this.sorted = false;
  }

  /** The name a connection to `address` most likely used, or undefined. */
  nameFor(
    host: string,
    address: string,
    at: bigint,
    guid: string,
    pid: number | null,
  ): DnsAnswer | undefined {
    if (!this.sorted) this.sort();
    const list = this.byAddress.get(`${host.toLowerCase()}|${unmapIpv4(address).toLowerCase()}`);
    if (!list) return undefined;
    const sameProcess = (a: DnsAnswer): boolean =>
      (guid !== '' && a.processGuid === guid) || (guid === '' && pid !== null && a.pid === pid);
    let hostBest: DnsAnswer | undefined;
    // Newest first: the first same-process answer in the window wins outright.
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i]!;
      if (a.time > at + AFTER_SLACK) continue;
      const age = at - a.time;
      if (sameProcess(a) && age <= SAME_PROCESS_WINDOW) return a;
      if (hostBest === undefined && age <= SAME_HOST_WINDOW) hostBest = a;
      if (age > SAME_PROCESS_WINDOW) break;
    }
    return hostBest;
  }

  private sort(): void {
    for (const list of this.byAddress.values())
      list.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    this.sorted = true;
  }
}
