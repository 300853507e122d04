/** Reads the JSON-lines Sysmon archives of ../shared/data/sysmon-json for the rules tests. */

import { readFileSync } from 'node:fs';
import yauzl from 'yauzl';
import { sharedPath } from '../../helpers.js';

export const SYSMON_ARCHIVES = {
  bitsadmin: 'atomic/windows/defense_evasion/host/cmd_bitsadmin_download_psh_script.zip',
  mshtaGetObject: 'atomic/windows/defense_evasion/host/cmd_mshta_javascript_getobject_sct.zip',
  cmstp: 'atomic/windows/defense_evasion/host/psh_cmstp_execution_bypassuac.zip',
  mshtaHta: 'atomic/windows/defense_evasion/host/psh_mshta_html_application_execution.zip',
  schtask: 'atomic/windows/lateral_movement/host/schtask_modification.zip',
  covenant: 'atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip',
  empire: 'atomic/windows/lateral_movement/host/empire_dcom_shellwindows_stager.zip',
  recordMic: 'atomic/windows/collection/host/msf_record_mic.zip',
  lsass: 'compound/LSASS_campaign_06/metasploit_outflank-dumpert_lsass_memory_dump.zip',
} as const;

export function archivePath(relative: string): string {
  return sharedPath('data', 'sysmon-json', 'datasets', ...relative.split('/'));
}

/**
 * The first member of a zip archive, inflated. One of the archives (msf_record_mic) carries a
 * stray byte after its end-of-central-directory record, which yauzl rejects; the buffer is
 * cut at the record's end first.
 */
export function readFirstMember(zipPath: string): Promise<Buffer> {
  const file = readFileSync(zipPath);
  const eocd = file.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  const end =
    eocd === -1 ? file.length : Math.min(file.length, eocd + 22 + file.readUInt16LE(eocd + 20));
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file.subarray(0, end), { lazyEntries: true }, (openError, zip) => {
      if (openError !== null || zip === undefined) return reject(openError ?? new Error(zipPath));
      zip.once('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null || stream === undefined)
            return reject(streamError ?? new Error(zipPath));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.once('error', reject);
          stream.once('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks));
          });
        });
      });
      zip.once('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * The events of an archive whose line contains `needle` (a cheap prefilter; the JSON parse
 * confirms). Lines that do not parse are skipped: these tests are not about the reader.
 */
export async function eventsContaining(
  relative: string,
  needle: string,
): Promise<Record<string, unknown>[]> {
  const text = (await readFirstMember(archivePath(relative))).toString('utf8');
  const events: Record<string, unknown>[] = [];
  let from = 0;
  for (;;) {
    const hit = text.indexOf(needle, from);
    if (hit === -1) break;
    const start = text.lastIndexOf('\n', hit) + 1;
    const newline = text.indexOf('\n', hit);
    const end = newline === -1 ? text.length : newline;
    try {
      events.push(JSON.parse(text.slice(start, end)) as Record<string, unknown>);
    } catch {
      // Not an event line; skip it.
    }
    from = end + 1;
  }
  return events;
}
