/**
 * The distinct values the generated tables draw from: devices and their users, a process
 * catalogue (well-known Windows binaries with realistic shares of traffic, plus a long tail
 * of vendor agents), folder paths, command lines, hashes, hosts and URLs, IP addresses. Each
 * list holds distinct strings, so a row's value is an index into it and the same index is a
 * dictionary code for webc2 and a join key for DuckDB.
 */

import { Alias, below, hex, seeded, zipf, type Rng } from './random.js';

/** Distinct strings in order of first insertion. */
export class Pool {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  add(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(s);
      this.index.set(s, i);
    }
    return i;
  }

  has(s: string): boolean {
    return this.index.has(s);
  }

  get size(): number {
    return this.values.length;
  }
}

export type Role = 'browser' | 'sync' | 'script' | 'office' | 'system' | 'app' | 'vendor';

export interface ProcessInfo {
  name: string;
  folder: string;
  role: Role;
  /** Share of network connections and of process creations (relative weights). */
  net: number;
  proc: number;
  /** Installed under each user's profile: one folder path per user. */
  perUser: boolean;
}

// name | folder | role | network weight | process-creation weight | per-user install
const KNOWN = String.raw`
chrome.exe|C:\Program Files\Google\Chrome\Application|browser|18|6|
msedge.exe|C:\Program Files (x86)\Microsoft\Edge\Application|browser|14|5|
firefox.exe|C:\Program Files\Mozilla Firefox|browser|3|1.5|
brave.exe|C:\Program Files\BraveSoftware\Brave-Browser\Application|browser|0.4|0.2|
svchost.exe|C:\Windows\System32|system|12|14|
MsMpEng.exe|C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24030.9-0|system|4|0.2|
MsSense.exe|C:\Program Files\Windows Defender Advanced Threat Protection|system|3|0.2|
SearchApp.exe|C:\Windows\SystemApps\Microsoft.Windows.Search_cw5n1h2txyewy|system|2|1|
explorer.exe|C:\Windows|system|1|0.5|
lsass.exe|C:\Windows\System32|system|0.5|0.01|
services.exe|C:\Windows\System32|system|0.1|0.01|
WmiPrvSE.exe|C:\Windows\System32\wbem|system|0.2|2|
conhost.exe|C:\Windows\System32|system|0|9|
RuntimeBroker.exe|C:\Windows\System32|system|0.1|4|
backgroundTaskHost.exe|C:\Windows\System32|system|0.2|4|
taskhostw.exe|C:\Windows\System32|system|0.1|3|
smartscreen.exe|C:\Windows\System32|system|0.5|1|
OfficeClickToRun.exe|C:\Program Files\Common Files\microsoft shared\ClickToRun|system|1|0.3|
CcmExec.exe|C:\Windows\CCM|system|1.5|0.3|
msiexec.exe|C:\Windows\System32|system|0.3|1.5|
WerFault.exe|C:\Windows\System32|system|0.1|1|
SearchProtocolHost.exe|C:\Windows\System32|system|0|2|
OneDrive.exe|AppData\Local\Microsoft\OneDrive|sync|4|0.5|user
OneDriveSetup.exe|AppData\Local\Microsoft\OneDrive\Update|sync|0.2|0.1|user
ms-teams.exe|C:\Program Files\WindowsApps\MSTeams_24033.813.2773.520_x64__8wekyb3d8bbwe|sync|5|1|
Teams.exe|AppData\Local\Microsoft\Teams\current|sync|0.5|0.3|user
slack.exe|AppData\Local\slack\app-4.36.140|sync|1|0.3|user
Discord.exe|AppData\Local\Discord\app-1.0.9028|sync|0.3|0.1|user
Dropbox.exe|C:\Program Files (x86)\Dropbox\Client|sync|0.5|0.1|
GoogleDriveFS.exe|C:\Program Files\Google\Drive File Stream\88.0.1.0|sync|0.5|0.1|
googledrivesync.exe|C:\Program Files\Google\Drive|sync|0.1|0.05|
OUTLOOK.EXE|C:\Program Files\Microsoft Office\root\Office16|office|4|0.5|
WINWORD.EXE|C:\Program Files\Microsoft Office\root\Office16|office|0.8|0.8|
EXCEL.EXE|C:\Program Files\Microsoft Office\root\Office16|office|0.6|0.6|
POWERPNT.EXE|C:\Program Files\Microsoft Office\root\Office16|office|0.2|0.2|
AcroRd32.exe|C:\Program Files (x86)\Adobe\Acrobat Reader DC\Reader|office|0.2|0.3|
Acrobat.exe|C:\Program Files\Adobe\Acrobat DC\Acrobat|office|0.2|0.2|
Zoom.exe|AppData\Roaming\Zoom\bin|app|1|0.2|user
Code.exe|AppData\Local\Programs\Microsoft VS Code|app|1|0.5|user
git.exe|C:\Program Files\Git\cmd|app|0.3|1|
java.exe|C:\Program Files\Java\jre-1.8\bin|app|0.3|0.2|
Spotify.exe|AppData\Roaming\Spotify|app|0.6|0.1|user
TeamViewer.exe|C:\Program Files\TeamViewer|app|0.2|0.05|
powershell.exe|C:\Windows\System32\WindowsPowerShell\v1.0|script|0.6|3|
pwsh.exe|C:\Program Files\PowerShell\7|script|0.1|0.3|
cmd.exe|C:\Windows\System32|script|0.05|6|
python.exe|AppData\Local\Programs\Python\Python311|script|0.3|0.5|user
node.exe|C:\Program Files\nodejs|script|0.3|0.5|
curl.exe|C:\Windows\System32|script|0.1|0.2|
wscript.exe|C:\Windows\System32|script|0.02|0.1|
cscript.exe|C:\Windows\System32|script|0.02|0.1|
mshta.exe|C:\Windows\System32|script|0.01|0.02|
rundll32.exe|C:\Windows\System32|script|0.1|2|
regsvr32.exe|C:\Windows\System32|script|0.01|0.2|
certutil.exe|C:\Windows\System32|script|0.01|0.05|
bitsadmin.exe|C:\Windows\System32|script|0.01|0.02|
`;

const VENDORS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Adatum',
  'Proseware',
  'Woodgrove',
  'Lucerne',
  'Margie',
  'Trey',
];
const PRODUCTS = ['Agent', 'Update', 'Helper', 'Sync', 'Client', 'Host', 'Service', 'Tray'];
const VARIANTS_PER_PRODUCT = 25;

/** The vendor tail carries this share of connections and of process creations. */
const VENDOR_SHARE = 0.2;

function catalogue(rng: Rng): ProcessInfo[] {
  const known = KNOWN.trim()
    .split('\n')
    .map((line): ProcessInfo => {
      const [name, folder, role, net, proc, user] = line.split('|');
      return {
        name: name!,
        folder: folder!,
        role: role as Role,
        net: Number(net),
        proc: Number(proc),
        perUser: user === 'user',
      };
    });
  const knownNet = known.reduce((a, p) => a + p.net, 0);
  const knownProc = known.reduce((a, p) => a + p.proc, 0);
  const tail: ProcessInfo[] = [];
  for (const v of VENDORS)
    for (const p of PRODUCTS)
      for (let k = 0; k < VARIANTS_PER_PRODUCT; k++) {
        tail.push({
          name: `${v.toLowerCase()}${p.toLowerCase()}${k > 0 ? k : ''}.exe`,
          folder: `C:\\Program Files\\${v}\\${p}${k > 0 ? ` ${k}` : ''}`,
          role: 'vendor',
          net: 0,
          proc: 0,
          perUser: false,
        });
      }
  // Zipf over a shuffled order, so popularity does not follow the vendor names.
  for (let i = tail.length - 1; i > 0; i--) {
    const j = below(rng, i + 1);
    [tail[i], tail[j]] = [tail[j]!, tail[i]!];
  }
  const w = zipf(tail.length, 1.1);
  const wSum = w.reduce((a, x) => a + x, 0);
  tail.forEach((p, i) => {
    p.net = (w[i]! / wSum) * knownNet * (VENDOR_SHARE / (1 - VENDOR_SHARE));
    p.proc = (w[i]! / wSum) * knownProc * (VENDOR_SHARE / (1 - VENDOR_SHARE));
  });
  return [...known, ...tail];
}

const FIRST = 'anna ben carla dev eli fatima gus hana ivan jia kofi lena mario nina omar';
const LAST = 'smith garcia chen patel muller rossi novak kim silva ito berg haddad okafor';

export interface Pools {
  processes: ProcessInfo[];
  names: Pool;
  /** Folder paths (with the file name): per process, per user for per-user installs. */
  paths: Pool;
  /** Path index of process p for user u (per-user installs) or variant v (others). */
  pathOf: (p: number, user: number, variant: number) => number;
  /** SHA256 of the image at each path. */
  sha256: Pool;
  commandLines: Pool;
  /** Command line k (0..COMMAND_LINES-1) of process p. */
  commandLineOf: (p: number, k: number) => number;
  users: Pool;
  systemUsers: number[];
  devices: { ids: Pool; names: Pool; localIps: Pool; user: Int32Array; weights: Float64Array };
  publicIps: Pool;
  privateIps: Pool;
  urls: Pool;
  /** URLs of ordinary hosts: host h has forms h*URL_FORMS .. h*URL_FORMS+URL_FORMS-1. */
  hostUrl0: number;
  hosts: number;
  hostIp: Int32Array;
  webServiceUrls: number[];
  nearMissUrls: number[];
  internalUrls: number[];
}

export const COMMAND_LINES = 8;
export const URL_FORMS = 4;
const HOSTS = 20_000;
const DEVICES = 400;
const USERS = 180;

const SYLLABLES = 'ka lo mi ne tra vo zen qui pla ster ron dex mar ful bit nex ora lux fin cor';
const TLDS = ['com', 'net', 'org', 'io', 'co.uk', 'de', 'cloud', 'app'];
const SUBDOMAINS = ['www', 'api', 'cdn', 'static', 'login', 'img', 'update', 'telemetry', 'edge'];
const URL_PATHS = [
  'index.html',
  'assets/app.js',
  'v1/events',
  'v2/config',
  'images/logo.png',
  'api/health',
  'download/latest',
  'feed.xml',
];

function commandArgs(p: ProcessInfo, k: number): string {
  switch (p.role) {
    case 'browser':
      return `--type=renderer --lang=en-US --renderer-client-id=${k * 7 + 3} --field-trial-handle=${1800 + k}`;
    case 'script':
      return [
        '-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1',
        '/c echo done',
        '-m pip install --upgrade pip',
        '-s -o NUL https://intranet.corp.contoso.com/health',
        '-Command Get-Service',
        '/c "C:\\Program Files\\Contoso\\Agent\\run.cmd"',
        'C:\\Users\\Public\\job.js',
        '-EncodedCommand SQBFAFgA',
      ][k]!;
    case 'system':
      return `-k ${['netsvcs', 'LocalService', 'NetworkService', 'DcomLaunch', 'RPCSS', 'wsappx', 'UnistackSvcGroup', 'utcsvc'][k]} -p`;
    default:
      return `--instance ${k} --log-level ${['info', 'warn', 'debug', 'error'][k % 4]}`;
  }
}

function word(rng: Rng): string {
  const syl = SYLLABLES.split(' ');
  let w = '';
  const n = 2 + below(rng, 3);
  for (let i = 0; i < n; i++) w += syl[below(rng, syl.length)];
  return w;
}

function publicIp(rng: Rng): string {
  for (;;) {
    const a = 13 + below(rng, 210);
    if (a === 127 || a === 172 || a === 192) continue;
    return `${a}.${below(rng, 256)}.${below(rng, 256)}.${1 + below(rng, 254)}`;
  }
}

/** Builds every pool from one seed; `webServices` is the seed rule's domain list. */
export function buildPools(seed: number, webServices: readonly string[]): Pools {
  const rng = seeded(seed);
  const processes = catalogue(rng);
  const names = new Pool();
  for (const p of processes) names.add(p.name);

  const users = new Pool();
  const first = FIRST.split(' ');
  const last = LAST.split(' ');
  while (users.size < USERS)
    users.add(first[below(rng, first.length)]! + last[below(rng, last.length)]!);
  const systemUsers = ['system', 'local service', 'network service'].map((u) => users.add(u));

  const paths = new Pool();
  const sha256 = new Pool();
  const pathBase = new Int32Array(processes.length);
  processes.forEach((p, i) => {
    pathBase[i] = paths.size;
    if (p.perUser) {
      for (let u = 0; u < USERS; u++)
        paths.add(`C:\\Users\\${users.values[u]}\\${p.folder}\\${p.name}`);
    } else {
      paths.add(`${p.folder}\\${p.name}`);
      if (p.role === 'vendor') paths.add(`${p.folder}\\${1 + (i % 4)}.${i % 10}\\${p.name}`);
    }
  });
  for (let i = 0; i < paths.size; i++) sha256.add(hex(rng, 64));
  const pathOf = (p: number, user: number, variant: number): number => {
    const info = processes[p]!;
    if (info.perUser) return pathBase[p]! + (user % USERS);
    return pathBase[p]! + (info.role === 'vendor' ? variant & 1 : 0);
  };

  const commandLines = new Pool();
  processes.forEach((p) => {
    const image = p.perUser ? `%LOCALAPPDATA%\\${p.folder}\\${p.name}` : `${p.folder}\\${p.name}`;
    for (let k = 0; k < COMMAND_LINES; k++) commandLines.add(`"${image}" ${commandArgs(p, k)}`);
  });
  const commandLineOf = (p: number, k: number): number => p * COMMAND_LINES + k;

  const ids = new Pool();
  const devNames = new Pool();
  const localIps = new Pool();
  const user = new Int32Array(DEVICES);
  for (let d = 0; d < DEVICES; d++) {
    while (ids.size === d) ids.add(hex(rng, 40));
    const kind = d < 300 ? 'ws' : d < 360 ? 'lt' : 'srv';
    devNames.add(`${kind}-${String(d + 1).padStart(4, '0')}.corp.contoso.com`);
    localIps.add(`10.${10 + (d >> 8)}.${d & 255}.${10 + below(rng, 200)}`);
    user[d] = d % USERS;
  }
  const weights = zipf(DEVICES, 0.6);
  for (let i = DEVICES - 1; i > 0; i--) {
    const j = below(rng, i + 1);
    [weights[i], weights[j]] = [weights[j]!, weights[i]!];
  }

  const publicIps = new Pool();
  while (publicIps.size < 30_000) publicIps.add(publicIp(rng));
  const privateIps = new Pool();
  while (privateIps.size < 3_000)
    privateIps.add(`10.${below(rng, 40)}.${below(rng, 256)}.${1 + below(rng, 254)}`);

  const urls = new Pool();
  const hostNames = new Pool();
  const webSet = new Set(webServices);
  while (hostNames.size < HOSTS) {
    const sub = SUBDOMAINS[below(rng, SUBDOMAINS.length)]!;
    const h = `${sub}.${word(rng)}.${TLDS[below(rng, TLDS.length)]}`;
    if (!webSet.has(h)) hostNames.add(h);
  }
  const hostUrl0 = urls.size;
  const hostIp = new Int32Array(HOSTS);
  hostNames.values.forEach((h, i) => {
    urls.add(h);
    urls.add(`https://${h}/`);
    urls.add(`https://${h}/${URL_PATHS[i % URL_PATHS.length]}`);
    urls.add(`http://${h}/${URL_PATHS[(i + 3) % URL_PATHS.length]}?id=${i % 97}`);
    hostIp[i] = below(rng, publicIps.size);
  });
  const webServiceUrls: number[] = [];
  for (const d of webServices) {
    webServiceUrls.push(urls.add(d), urls.add(`https://${d}/`));
    for (let k = 0; k < 10; k++) webServiceUrls.push(urls.add(`https://${d}/${hex(rng, 8)}`));
  }
  // Lookalikes: the first five are not `has` matches (a letter or digit touches the name),
  // the last two are (the domain is followed by a dot).
  const nearMissUrls = [
    'notpastebin.com',
    'https://pastebin.community/',
    'mydiscord.com',
    'slack.company.example',
    'https://top4top.iot.example/',
    'pastebin.com.cdn-cache.net',
    'https://raw.githubusercontent.com.mirror.example/x',
  ].map((u) => urls.add(u));
  const internalUrls: number[] = [];
  for (let i = 0; i < 200; i++)
    internalUrls.push(urls.add(`${['fs', 'dc', 'app', 'sql', 'web'][i % 5]}${i}.corp.contoso.com`));

  return {
    processes,
    names,
    paths,
    pathOf,
    sha256,
    commandLines,
    commandLineOf,
    users,
    systemUsers,
    devices: { ids, names: devNames, localIps, user, weights },
    publicIps,
    privateIps,
    urls,
    hostUrl0,
    hosts: HOSTS,
    hostIp,
    webServiceUrls,
    nearMissUrls,
    internalUrls,
  };
}

/** An alias table over the processes by a weight of each. */
export function processAlias(p: readonly ProcessInfo[], weight: (p: ProcessInfo) => number): Alias {
  return new Alias(p.map(weight));
}
