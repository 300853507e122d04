/**
 * Windows events as the XML Windows renders (`wevtutil qe /f:xml`, Event Viewer's "Save as
 * XML"): one `<Event>` per line, single-quoted attributes, inside an `<Events>` wrapper.
 */

import type { SimFile } from '../model.js';
import type { WinEvent } from './windows-events.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function event(e: WinEvent): string {
  const data = e.data.map(([k, v]) => `<Data Name='${k}'>${esc(v)}</Data>`).join('');
  return (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
    `<Provider Name='${e.provider}' Guid='${e.providerGuid}'/>` +
    `<EventID>${e.eventId}</EventID><Version>${e.version}</Version><Level>${e.level}</Level>` +
    `<Task>${e.task}</Task><Opcode>${e.opcode}</Opcode><Keywords>${e.keywords}</Keywords>` +
    `<TimeCreated SystemTime='${e.timeCreated}'/><EventRecordID>${e.recordId}</EventRecordID>` +
    `<Correlation/><Execution ProcessID='${e.executionPid}' ThreadID='${e.threadId}'/>` +
    `<Channel>${e.channel}</Channel><Computer>${esc(e.computer)}</Computer>` +
    `<Security UserID='${e.userSid}'/></System><EventData>${data}</EventData></Event>`
  );
}

export function writeSysmonXml(events: readonly WinEvent[], stem: string): SimFile[] {
  const body = events.map(event).join('\n');
  return [
    {
      name: `${stem}.sysmon.xml`,
      text: `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${body}\n</Events>\n`,
    },
  ];
}
