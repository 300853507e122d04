/**
 * Generated Defender tables for the KQL benchmark: DeviceNetworkEvents with its companion
 * DeviceProcessEvents and a small allowlist, from a seeded generator, so every run and both
 * engines see the same rows. Columns are held engine-neutral (codes into a list of distinct
 * strings, doubles, microsecond timestamps) and turned into a webc2 `Table` here and into
 * DuckDB tables in duckdb.ts.
 *
 * Shapes, per the rule's world: a few hundred devices with skewed activity, a few thousand
 * process names and several thousand folder paths, tens of thousands of distinct URLs of
 * which about 0.6% of connections go to the seed rule's web services (plus lookalikes that a
 * `has` must reject), Public / Private / Loopback remote addresses, and timestamps over three
 * days, in time order as logs arrive, at microsecond precision.
 */

import { NumberColumn, StringColumn, TickColumn, type Column } from '../../src/table/column.js';
import { DEFENDER_TABLES } from '../../src/table/schemas.js';
import { Table } from '../../src/table/table.js';
import { TICKS_PER_MS } from '../../src/table/datetime.js';
import { Alias, below, seeded, type Rng } from './random.js';
import { COMMAND_LINES, URL_FORMS, buildPools, processAlias, type Pools } from './pools.js';

export type GenColumn =
  | { name: string; kind: 'string'; codes: Int32Array; dict: readonly string[] }
  | { name: string; kind: 'int' | 'long'; values: Float64Array }
  | { name: string; kind: 'datetime'; micros: Float64Array };

export interface GenTable {
  name: string;
  rows: number;
  columns: GenColumn[];
}

export interface Dataset {
  network: GenTable;
  process: GenTable;
  allow: GenTable;
  /** The end of the data, in 100 ns ticks since the Unix epoch: the queries' `now`. */
  now: bigint;
}

/** Process creations per network connection: keeps the seed rule's device-wide join sized. */
export const PROCESS_RATIO = 0.02;
const DAYS = 3;
/** The data ends here; `ago(24h)` reaches back a third of it. */
const END_MS = Date.UTC(2024, 4, 3, 0, 0, 0);

const NETWORK_COLUMNS = [
  'Timestamp',
  'DeviceId',
  'DeviceName',
  'ActionType',
  'RemoteIP',
  'RemotePort',
  'RemoteUrl',
  'LocalIP',
  'LocalPort',
  'Protocol',
  'RemoteIPType',
  'InitiatingProcessFileName',
  'InitiatingProcessFolderPath',
  'InitiatingProcessId',
  'InitiatingProcessCommandLine',
  'InitiatingProcessAccountName',
];
const PROCESS_COLUMNS = [
  'Timestamp',
  'DeviceId',
  'DeviceName',
  'ActionType',
  'FileName',
  'FolderPath',
  'SHA256',
  'ProcessId',
  'ProcessCommandLine',
  'AccountDomain',
  'AccountName',
  'InitiatingProcessFileName',
  'InitiatingProcessId',
];

/** Processes that talk to the web services: mostly browsers and sync clients. */
const WEB_SERVICE_ROLE_WEIGHT: Record<string, number> = {
  browser: 60,
  sync: 25,
  script: 10,
  office: 1,
  app: 2,
  vendor: 2,
  system: 0,
};
/** Parents of new processes (DeviceProcessEvents.InitiatingProcessFileName). */
const PARENTS: [string, number][] = [
  ['explorer.exe', 25],
  ['svchost.exe', 20],
  ['services.exe', 8],
  ['chrome.exe', 10],
  ['msedge.exe', 8],
  ['cmd.exe', 6],
  ['powershell.exe', 5],
  ['WmiPrvSE.exe', 3],
  ['CcmExec.exe', 3],
  ['WINWORD.EXE', 0.5],
  ['EXCEL.EXE', 0.4],
  ['OUTLOOK.EXE', 0.3],
];
/** The allowlist of query 3: what a SOC would tolerate talking to the internet. */
const ALLOWED = [
  'chrome.exe',
  'msedge.exe',
  'firefox.exe',
  'svchost.exe',
  'MsMpEng.exe',
  'MsSense.exe',
  'SearchApp.exe',
  'OneDrive.exe',
  'ms-teams.exe',
  'OUTLOOK.EXE',
  'OfficeClickToRun.exe',
  'CcmExec.exe',
  'Zoom.exe',
  'smartscreen.exe',
  'explorer.exe',
];

function stringCol(name: string, codes: Int32Array, dict: readonly string[]): GenColumn {
  return { name, kind: 'string', codes, dict };
}

/** Sorted timestamps spread over the data's span, in microseconds. */
function timestamps(rng: Rng, n: number): Float64Array {
  const span = DAYS * 86_400_000_000;
  const start = END_MS * 1000 - span;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = start + Math.floor(((i + rng()) / n) * span);
  return out;
}

function accountFor(
  pools: Pools,
  rng: Rng,
  role: string,
  device: number,
): { user: number; system: boolean } {
  if (role === 'system' || (role === 'vendor' && rng() < 0.5)) {
    return { user: pools.systemUsers[below(rng, pools.systemUsers.length)]!, system: true };
  }
  const u = rng() < 0.9 ? pools.devices.user[device]! : below(rng, pools.users.size - 3);
  return { user: u, system: false };
}

function networkEvents(pools: Pools, n: number, rng: Rng): GenTable {
  const devAlias = new Alias(pools.devices.weights);
  const procAlias = processAlias(pools.processes, (p) => p.net);
  const webProcAlias = processAlias(
    pools.processes,
    (p) => WEB_SERVICE_ROLE_WEIGHT[p.role]! * (p.net > 0 ? 1 : 0),
  );
  const hostAlias = new Alias(
    Float64Array.from({ length: pools.hosts }, (_, i) => 1 / Math.pow(i + 1, 1.0)),
  );
  const actionDict = [
    'ConnectionSuccess',
    'ConnectionFailed',
    'InboundConnectionAccepted',
    'ConnectionAttempt',
  ];
  const actions = new Alias([86, 7, 5, 2]);
  const ipTypes = ['Public', 'Private', 'Loopback'];
  const protocols = ['Tcp', 'Udp'];
  const ipDict = [...pools.publicIps.values, ...pools.privateIps.values, '127.0.0.1'];
  const privateBase = pools.publicIps.size;
  const loopbackIp = ipDict.length - 1;
  const emptyUrl = pools.urls.add('');

  const c = {
    device: new Int32Array(n),
    action: new Int32Array(n),
    ip: new Int32Array(n),
    port: new Float64Array(n),
    url: new Int32Array(n),
    localPort: new Float64Array(n),
    protocol: new Int32Array(n),
    ipType: new Int32Array(n),
    proc: new Int32Array(n),
    path: new Int32Array(n),
    pid: new Float64Array(n),
    cmd: new Int32Array(n),
    account: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const d = devAlias.sample(rng);
    c.device[i] = d;
    c.action[i] = actions.sample(rng);
    const r = rng();
    const type = r < 0.72 ? 0 : r < 0.97 ? 1 : 2;
    c.ipType[i] = type;
    let url = emptyUrl;
    let port = 443;
    let web = false;
    if (type === 0) {
      const hasUrl = rng() < 0.8;
      if (hasUrl) {
        const u = rng();
        if (u < 0.006) {
          url = pools.webServiceUrls[below(rng, pools.webServiceUrls.length)]!;
          c.ip[i] = below(rng, privateBase);
          web = true;
        } else if (u < 0.007) {
          url = pools.nearMissUrls[below(rng, pools.nearMissUrls.length)]!;
          c.ip[i] = below(rng, privateBase);
        } else {
          const h = hostAlias.sample(rng);
          const f = rng();
          const form = f < 0.5 ? 0 : f < 0.7 ? 1 : f < 0.9 ? 2 : 3;
          url = pools.hostUrl0 + h * URL_FORMS + form;
          port = form === 3 ? 80 : form === 0 && rng() < 0.1 ? 80 : 443;
          c.ip[i] = pools.hostIp[h]!;
        }
      } else {
        c.ip[i] = below(rng, privateBase);
        const p = rng();
        port =
          p < 0.4 ? 443 : p < 0.5 ? 80 : p < 0.6 ? 53 : p < 0.65 ? 123 : 1024 + below(rng, 64000);
      }
    } else if (type === 1) {
      c.ip[i] = privateBase + below(rng, pools.privateIps.size);
      if (rng() < 0.3) url = pools.internalUrls[below(rng, pools.internalUrls.length)]!;
      const p = rng();
      port =
        p < 0.25
          ? 445
          : p < 0.4
            ? 135
            : p < 0.5
              ? 389
              : p < 0.6
                ? 88
                : p < 0.75
                  ? 53
                  : p < 0.85
                    ? 443
                    : 1024 + below(rng, 64000);
    } else {
      c.ip[i] = loopbackIp;
      port = [5357, 8080, 49664, 9229][below(rng, 4)]!;
    }
    c.url[i] = url;
    c.port[i] = port;
    c.protocol[i] = port === 53 || port === 123 ? 1 : 0;
    c.localPort[i] = 49152 + below(rng, 16384);
    const p = web ? webProcAlias.sample(rng) : procAlias.sample(rng);
    const info = pools.processes[p]!;
    c.proc[i] = p;
    const acct = accountFor(pools, rng, info.role, d);
    c.path[i] = pools.pathOf(p, acct.system ? pools.devices.user[d]! : acct.user, below(rng, 2));
    c.pid[i] = 4 * (1 + below(rng, 16000));
    c.cmd[i] = pools.commandLineOf(p, below(rng, COMMAND_LINES));
    c.account[i] = acct.user;
  }
  const dev = pools.devices;
  return {
    name: 'DeviceNetworkEvents',
    rows: n,
    columns: [
      { name: 'Timestamp', kind: 'datetime', micros: timestamps(rng, n) },
      stringCol('DeviceId', c.device, dev.ids.values),
      stringCol('DeviceName', c.device, dev.names.values),
      stringCol('ActionType', c.action, actionDict),
      stringCol('RemoteIP', c.ip, ipDict),
      { name: 'RemotePort', kind: 'int', values: c.port },
      stringCol('RemoteUrl', c.url, pools.urls.values),
      stringCol('LocalIP', c.device, dev.localIps.values),
      { name: 'LocalPort', kind: 'int', values: c.localPort },
      stringCol('Protocol', c.protocol, protocols),
      stringCol('RemoteIPType', c.ipType, ipTypes),
      stringCol('InitiatingProcessFileName', c.proc, pools.names.values),
      stringCol('InitiatingProcessFolderPath', c.path, pools.paths.values),
      { name: 'InitiatingProcessId', kind: 'long', values: c.pid },
      stringCol('InitiatingProcessCommandLine', c.cmd, pools.commandLines.values),
      stringCol('InitiatingProcessAccountName', c.account, pools.users.values),
    ],
  };
}

function processEvents(pools: Pools, n: number, rng: Rng): GenTable {
  const devAlias = new Alias(pools.devices.weights);
  const procAlias = processAlias(pools.processes, (p) => p.proc);
  const parentNames = PARENTS.map(([name]) => pools.names.add(name));
  const vendorParents = pools.processes
    .map((p, i) => (p.role === 'vendor' ? i : -1))
    .filter((i) => i >= 0)
    .slice(0, 200);
  const parentAlias = new Alias([...PARENTS.map(([, w]) => w), 12]);
  const domains = ['CONTOSO', 'NT AUTHORITY'];
  const c = {
    device: new Int32Array(n),
    proc: new Int32Array(n),
    path: new Int32Array(n),
    pid: new Float64Array(n),
    cmd: new Int32Array(n),
    domain: new Int32Array(n),
    account: new Int32Array(n),
    parent: new Int32Array(n),
    ppid: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const d = devAlias.sample(rng);
    const p = procAlias.sample(rng);
    const info = pools.processes[p]!;
    const acct = accountFor(pools, rng, info.role, d);
    c.device[i] = d;
    c.proc[i] = p;
    c.path[i] = pools.pathOf(p, acct.system ? pools.devices.user[d]! : acct.user, below(rng, 2));
    c.pid[i] = 4 * (1 + below(rng, 16000));
    c.cmd[i] = pools.commandLineOf(p, below(rng, COMMAND_LINES));
    c.domain[i] = acct.system ? 1 : 0;
    c.account[i] = acct.user;
    const k = parentAlias.sample(rng);
    c.parent[i] =
      k < parentNames.length ? parentNames[k]! : vendorParents[below(rng, vendorParents.length)]!;
    c.ppid[i] = 4 * (1 + below(rng, 16000));
  }
  const dev = pools.devices;
  return {
    name: 'DeviceProcessEvents',
    rows: n,
    columns: [
      { name: 'Timestamp', kind: 'datetime', micros: timestamps(rng, n) },
      stringCol('DeviceId', c.device, dev.ids.values),
      stringCol('DeviceName', c.device, dev.names.values),
      stringCol('ActionType', new Int32Array(n), ['ProcessCreated']),
      stringCol('FileName', c.proc, pools.names.values),
      stringCol('FolderPath', c.path, pools.paths.values),
      stringCol('SHA256', c.path, pools.sha256.values),
      { name: 'ProcessId', kind: 'long', values: c.pid },
      stringCol('ProcessCommandLine', c.cmd, pools.commandLines.values),
      stringCol('AccountDomain', c.domain, domains),
      stringCol('AccountName', c.account, pools.users.values),
      stringCol('InitiatingProcessFileName', c.parent, pools.names.values),
      { name: 'InitiatingProcessId', kind: 'long', values: c.ppid },
    ],
  };
}

/** Generates the tables for `rows` network connections; the same seed gives the same data. */
export function generate(rows: number, webServices: readonly string[], seed = 1102): Dataset {
  const pools = buildPools(seed, webServices);
  const network = networkEvents(pools, rows, seeded(seed + 1));
  const process = processEvents(pools, Math.round(rows * PROCESS_RATIO), seeded(seed + 2));
  const allow: GenTable = {
    name: 'AllowedProcesses',
    rows: ALLOWED.length,
    columns: [
      stringCol(
        'FileName',
        Int32Array.from(ALLOWED, (_, i) => i),
        ALLOWED,
      ),
    ],
  };
  checkSchemas([network, process]);
  return { network, process, allow, now: BigInt(END_MS) * TICKS_PER_MS };
}

/** Every generated column has the Defender schema's name and type, and codes in range. */
function checkSchemas(tables: GenTable[]): void {
  for (const t of tables) {
    const wanted = t.name === 'DeviceNetworkEvents' ? NETWORK_COLUMNS : PROCESS_COLUMNS;
    const schema = DEFENDER_TABLES[t.name]!;
    t.columns.forEach((c, i) => {
      const spec = schema.find((s) => s.name === c.name);
      if (c.name !== wanted[i] || spec === undefined || spec.type !== c.kind) {
        throw new Error(`generated ${t.name}.${c.name} does not match the Defender schema`);
      }
      if (c.kind === 'string' && c.codes.some((code) => code < 0 || code >= c.dict.length)) {
        throw new Error(`generated ${t.name}.${c.name} has a code outside its dictionary`);
      }
    });
  }
}

function webc2Column(c: GenColumn): Column {
  switch (c.kind) {
    case 'string':
      return new StringColumn(c.codes, c.dict);
    case 'int':
    case 'long':
      return new NumberColumn(c.kind, c.values, null);
    case 'datetime': {
      const n = c.micros.length;
      const ms = new Float64Array(n);
      const sub = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        const us = c.micros[i]!;
        const m = Math.floor(us / 1000);
        ms[i] = m;
        sub[i] = (us - m * 1000) * 10;
      }
      return new TickColumn('datetime', ms, sub, null);
    }
  }
}

/** The generated table as webc2 holds it: string columns keep the generator's codes. */
export function toWebc2(t: GenTable): Table {
  return Table.of(
    t.columns.map((c) => ({ name: c.name, column: webc2Column(c) })),
    t.rows,
  );
}
