/**
 * Windows events as flat JSON lines, the shape NXLog and the Security-Datasets archives
 * use: collector metadata (`SourceName`, `Channel`, `Hostname`, `EventID` as a number,
 * `TimeCreated`, `@timestamp`, `Message`…) and every EventData field at the top level, its
 * value a string.
 */

import type { SimFile } from '../model.js';
import type { WinEvent } from './windows-events.js';

function line(e: WinEvent): string {
  const iso = e.timeCreated.replace(/(\.\d{3})\d*Z$/, '$1Z');
  const o: Record<string, string | number> = {
    SourceName: e.provider,
    ProviderGuid: e.providerGuid,
    Level: String(e.level),
    Keywords: e.keywords,
    Channel: e.channel,
    Hostname: e.computer,
    TimeCreated: iso,
    '@timestamp': iso,
    EventID: e.eventId,
    Task: String(e.task),
    Message: e.message,
  };
  if (e.eventId === 4104) {
    // PowerShell's logging process and user travel in the System header, which NXLog flattens.
    o['ExecutionProcessID'] = e.executionPid;
    o['UserID'] = e.userSid;
  }
  for (const [k, v] of e.data) o[k] = v;
  return JSON.stringify(o);
}

export function writeSysmonJson(events: readonly WinEvent[], stem: string): SimFile[] {
  return [{ name: `${stem}.sysmon.json`, text: events.map(line).join('\n') + '\n' }];
}
