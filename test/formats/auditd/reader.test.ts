import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEvent } from '../../../src/formats/auditd/index.js';
import {
  AUDITD_CODES,
  formatIpv6,
  hostFromFileName,
  readAuditd,
  type AuditdOptions,
} from '../../../src/formats/auditd/index.js';
import { detectFormat } from '../../../src/formats/detect.js';
import { loadInputs } from '../../../src/formats/load.js';
import { collect } from '../collect.js';
import {
  connectEvent,
  eoe,
  execEvent,
  execve,
  hex,
  proctitle,
  rec,
  sockaddrInet,
  syscall,
} from './lines.js';

function read(lines: readonly string[] | string, options: AuditdOptions = {}) {
  const text = typeof lines === 'string' ? lines : lines.join('\n') + '\n';
  const c = collect((buf, ctx) => readAuditd(buf, ctx, options), text);
  return { ...c, events: c.events as AuditEvent[] };
}

function only(lines: readonly string[] | string, options: AuditdOptions = {}): AuditEvent {
  const r = read(lines, options);
  assert.equal(r.events.length, 1, `expected one event, got ${r.events.length}`);
  assert.deepEqual(
    r.sink.items.filter((d) => d.severity !== 'info'),
    [],
  );
  return r.events[0]!;
}

const T = '1603435002.306:1234';

describe('auditd: EXECVE arguments', () => {
  // [what, EXECVE record bodies, argv expected]
  // prettier-ignore
  const cases: [string, string[], string[]][] = [
    ['quoted arguments', ['argc=3 a0="curl" a1="-s" a2="https://x.example/a"'], ['curl', '-s', 'https://x.example/a']],
    ['hex for an argument with a space', [`argc=2 a0="echo" a1=${hex('hello world')}`], ['echo', 'hello world']],
    ['hex for an argument with a quote', [`argc=2 a0="echo" a1=${hex('say "hi"')}`], ['echo', 'say "hi"']],
    ['lower-case hex is read too', [`argc=2 a0="echo" a1=${hex('a b').toLowerCase()}`], ['echo', 'a b']],
    ['a long argument split in chunks', [`argc=2 a0="sh" a1_len=14 a1[0]=${hex('curl -s ')} a1[1]=${hex('x|sh')}`], ['sh', 'curl -s x|sh']],
    ['quoted chunks', ['argc=2 a0="sh" a1_len=8 a1[0]="abcd" a1[1]="efgh"'], ['sh', 'abcdefgh']],
    ['arguments spread over two EXECVE records', ['argc=4 a0="tar" a1="-czf"', 'a2="/tmp/o.tgz" a3="/etc"'], ['tar', '-czf', '/tmp/o.tgz', '/etc']],
    ['an empty argument', ['argc=3 a0="printf" a1="" a2="x"'], ['printf', '', 'x']],
    ['UTF-8 in hex', [`argc=2 a0="cat" a1=${hex('/tmp/résumé.txt')}`], ['cat', '/tmp/résumé.txt']],
  ];
  for (const [what, bodies, argv] of cases) {
    it(what, () => {
      const e = only([
        syscall(T, { pid: 10, ppid: 1, comm: 'x', exe: '/usr/bin/x' }),
        ...bodies.map((b) => rec('EXECVE', T, b)),
        eoe(T),
      ]);
      assert.deepEqual(e.argv, argv);
      assert.equal(e.argvComplete, true);
    });
  }
});

describe('auditd: PROCTITLE', () => {
  // [what, proctitle field, args, truncated]
  // prettier-ignore
  const cases: [string, string, string[], boolean][] = [
    ['NUL-separated hex', hex('curl\0-s\0https://a.example/'), ['curl', '-s', 'https://a.example/'], false],
    ['a trailing NUL', hex('bash\0'), ['bash'], false],
    ['a quoted single word', '"bash"', ['bash'], false],
    ['cut at 128 bytes', hex(Buffer.from(`python3\0-c\0${'x'.repeat(200)}`).subarray(0, 128)), ['python3', '-c', 'x'.repeat(128 - 11)], true],
  ];
  for (const [what, field, args, truncated] of cases) {
    it(what, () => {
      const e = only([
        syscall(T, { syscall: 257, pid: 10, ppid: 1, comm: 'x', exe: '/usr/bin/x' }),
        rec('PROCTITLE', T, `proctitle=${field}`),
        eoe(T),
      ]);
      assert.deepEqual(e.proctitle, args);
      assert.equal(e.proctitleTruncated, truncated);
    });
  }
});

describe('auditd: SOCKADDR families', () => {
  const v6 = (addr: number[], port: number): string => {
    const b = Buffer.alloc(28);
    b.writeUInt16LE(10, 0);
    b.writeUInt16BE(port, 2);
    Buffer.from(addr).copy(b, 8);
    return hex(b);
  };
  const unix = (p: Buffer): string => hex(Buffer.concat([Buffer.from([1, 0]), p]));
  // [what, saddr field, decoded]
  // prettier-ignore
  const cases: [string, string, unknown][] = [
    ['AF_INET', '020001BBB9C76C850000000000000000', { family: 'inet', address: '185.199.108.133', port: 443 }],
    ['AF_INET to the resolver stub', '020000357F0000350000000000000000', { family: 'inet', address: '127.0.0.53', port: 53 }],
    ['AF_INET6', v6([0x26, 0x06, 0x50, 0xc0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x54], 443), { family: 'inet6', address: '2606:50c0:8000::154', port: 443 }],
    ['AF_INET6, IPv4-mapped', v6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 149, 154, 167, 220], 443), { family: 'inet6', address: '::ffff:149.154.167.220', port: 443 }],
    ['AF_UNIX path', unix(Buffer.from('/run/systemd/resolve/io.systemd.Resolve\0\0')), { family: 'unix', path: '/run/systemd/resolve/io.systemd.Resolve' }],
    ['AF_UNIX abstract name', unix(Buffer.from('\0/tmp/.X11-unix/X0')), { family: 'unix', path: '@/tmp/.X11-unix/X0' }],
    ['AF_NETLINK is another family', '100000000000000000000000', { family: 'other', code: '16' }],
  ];
  for (const [what, saddr, decoded] of cases) {
    it(what, () => {
      const e = only([
        syscall(T, { syscall: 42, pid: 10, ppid: 1, comm: 'x', exe: '/usr/bin/x' }),
        rec('SOCKADDR', T, `saddr=${saddr}`),
        eoe(T),
      ]);
      assert.deepEqual(e.sockaddr, decoded);
    });
  }

  // prettier-ignore
  const v6cases: [number[], string][] = [
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], '2001:db8::'],
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6], '2001:db8:1:2:3:4:5:6'],
  ];
  for (const [bytes, text] of v6cases)
    it(`IPv6 text ${text}`, () => assert.equal(formatIpv6(Uint8Array.from(bytes)), text));
});

describe('auditd: events', () => {
  it('groups interleaved records by serial and completes each at its EOE', () => {
    const a = execEvent('1603435002.306:100', {
      pid: 20,
      ppid: 10,
      exe: '/usr/bin/curl',
      argv: ['curl', 'https://a.example/'],
    });
    const b = connectEvent('1603435002.306:101', {
      pid: 21,
      ppid: 10,
      exe: '/usr/bin/wget',
      ip: '93.184.216.34',
      port: 80,
    });
    const mixed: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (b[i]) mixed.push(b[i]!);
      if (a[i]) mixed.push(a[i]!);
    }
    const r = read(mixed);
    assert.deepEqual(r.sink.items, []);
    assert.deepEqual(
      r.events.map((e) => [e.serial, e.syscall?.name, e.argv, e.sockaddr?.family]),
      [
        [101, 'connect', null, 'inet'],
        [100, 'execve', ['curl', 'https://a.example/'], undefined],
      ],
    );
    assert.deepEqual(r.stats, { read: 2, rejected: 0, passed: 0 });
  });

  it('completes an event without EOE once the log is two seconds past it, and at the end', () => {
    const r = read([
      syscall('1603435000.000:1', { syscall: 257, pid: 5, ppid: 1, comm: 'a', exe: '/a' }),
      syscall('1603435001.000:2', { syscall: 257, pid: 5, ppid: 1, comm: 'a', exe: '/a' }),
      syscall('1603435002.500:3', { syscall: 257, pid: 5, ppid: 1, comm: 'a', exe: '/a' }),
      proctitle('1603435001.000:2', ['late', 'but', 'in', 'time']),
    ]);
    assert.deepEqual(
      r.events.map((e) => [e.serial, e.proctitle]),
      [
        [1, null],
        [2, ['late', 'but', 'in', 'time']],
        [3, null],
      ],
    );
  });

  it('keeps user-space messages as events of their own', () => {
    const r = read([
      rec(
        'USER_START',
        '1603435002.306:50',
        `pid=900 uid=0 auid=1000 ses=3 msg='op=PAM:session_open grantors=pam_unix acct="alice" exe="/usr/sbin/sshd" hostname=10.0.0.5 addr=10.0.0.5 terminal=ssh res=success'`,
      ),
    ]);
    assert.deepEqual(
      r.events.map((e) => [e.types, e.syscall]),
      [[['USER_START'], null]],
    );
  });

  it('names the host from node=, else from the caller, else from the file name', () => {
    const lines = execEvent(T, { pid: 2, ppid: 1, exe: '/usr/bin/id', argv: ['id'] });
    assert.equal(only(lines.map((l) => `node=web01.example ${l}`)).host, 'web01.example');
    assert.equal(only(lines.map((l) => `node=web01.example ${l}`)).node, 'web01.example');
    assert.equal(only(lines, { host: 'db07' }).host, 'db07');
    assert.equal(only(lines).host, 'input');
    assert.equal(only(lines).node, '');
  });

  // prettier-ignore
  const fileNames: [string, string][] = [
    ['/var/log/audit/audit.log', 'audit'],
    ['/evidence/web01.audit.log', 'web01'],
    ['/evidence/web01.audit.log.1', 'web01'],
    ['case.zip!hosts/db07/audit.log.3.gz', 'audit'],
    ['lnx-build01.log', 'lnx-build01'],
  ];
  for (const [file, host] of fileNames)
    it(`host from the file name ${file} → ${host}`, () =>
      assert.equal(hostFromFileName(file), host));

  it('reads the SYSCALL record: ids with enriched names, keys, exit codes', () => {
    const e = only([
      syscall(T, {
        syscall: 42,
        success: 'no',
        exit: -115,
        pid: 7,
        ppid: 6,
        uid: 0,
        auid: 1000,
        comm: 'curl',
        exe: '/usr/bin/curl',
        key: hex('net\x01c2'),
        enriched: 'ARCH=x86_64 SYSCALL=connect AUID="alice" UID="root"',
      }),
      eoe(T),
    ]);
    const sc = e.syscall!;
    assert.deepEqual(
      [sc.arch, sc.name, sc.success, sc.exit, sc.pid, sc.ppid, sc.uid, sc.auid, sc.keys],
      [
        'x86_64',
        'connect',
        false,
        -115,
        7,
        6,
        { id: 0, name: 'root' },
        { id: 1000, name: 'alice' },
        ['net', 'c2'],
      ],
    );
  });

  // [arch, syscall number, a0, name]
  // prettier-ignore
  const arches: [string, number, string, string][] = [
    ['c000003e', 59, '0', 'execve'],
    ['c000003e', 42, '0', 'connect'],
    ['c000003e', 257, '0', 'openat'],
    ['40000003', 11, '0', 'execve'],
    ['40000003', 102, '3', 'connect'],
    ['40000003', 102, '1', 'socketcall'],
    ['40000003', 362, '0', 'connect'],
    ['c00000b7', 221, '0', 'execve'],
    ['c00000b7', 203, '0', 'connect'],
    ['40000028', 283, '0', 'connect'],
    ['c000003e', 437, '0', 'openat2'],
    ['c000003e', 999, '0', 'syscall 999'],
  ];
  for (const [arch, n, a0, name] of arches) {
    it(`syscall ${n} on arch ${arch} is ${name}`, () => {
      const e = only([
        syscall(T, { arch, syscall: n, a0, pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
        eoe(T),
      ]);
      assert.equal(e.syscall?.name, name);
    });
  }
});

describe('auditd: ausearch output', () => {
  const interpreted = [
    '----',
    'type=PROCTITLE msg=audit(10/23/2020 06:36:42.306:1234) : proctitle=curl -fsSL -o /tmp/x https://raw.githubusercontent.com/a/b/main/c ',
    'type=PATH msg=audit(10/23/2020 06:36:42.306:1234) : item=1 name=/lib64/ld-linux-x86-64.so.2 inode=1836 dev=fd:00 mode=file,755 ouid=root ogid=root rdev=00:00 nametype=NORMAL cap_fp=none cap_fi=none cap_fe=0 cap_fver=0 ',
    'type=PATH msg=audit(10/23/2020 06:36:42.306:1234) : item=0 name=/usr/bin/curl inode=1798 dev=fd:00 mode=file,755 ouid=root ogid=root rdev=00:00 nametype=NORMAL cap_fp=none cap_fi=none cap_fe=0 cap_fver=0 ',
    'type=CWD msg=audit(10/23/2020 06:36:42.306:1234) : cwd=/home/alice/my docs ',
    'type=EXECVE msg=audit(10/23/2020 06:36:42.306:1234) : argc=5 a0=curl a1=-fsSL a2=-o a3=/tmp/x y a4=https://raw.githubusercontent.com/a/b/main/c ',
    'type=SYSCALL msg=audit(10/23/2020 06:36:42.306:1234) : arch=x86_64 syscall=execve success=yes exit=0 a0=0x55d1 a1=0x55d2 a2=0x55d3 a3=0x0 items=2 ppid=1200 pid=1240 auid=alice uid=alice gid=alice euid=alice suid=alice fsuid=alice egid=alice sgid=alice fsgid=alice tty=pts0 ses=3 comm=curl exe=/usr/bin/curl subj=unconfined key=exec ',
    '----',
    'type=PROCTITLE msg=audit(10/23/2020 06:36:42.411:1236) : proctitle=curl -fsSL -o /tmp/x https://raw.githubusercontent.com/a/b/main/c ',
    'type=SOCKADDR msg=audit(10/23/2020 06:36:42.411:1236) : saddr={ saddr_fam=inet laddr=185.199.110.133 lport=443 } ',
    'type=SYSCALL msg=audit(10/23/2020 06:36:42.411:1236) : arch=x86_64 syscall=connect success=no exit=EINPROGRESS(Operation now in progress) a0=0x5 a1=0x7ffd a2=0x10 a3=0x0 items=0 ppid=1200 pid=1240 auid=alice uid=unknown(1001) gid=alice euid=alice suid=alice fsuid=alice egid=alice sgid=alice fsgid=alice tty=pts0 ses=3 comm=curl exe=/usr/bin/curl subj=unconfined key=net ',
  ];

  it('reads ausearch -i: names, interpreted values with spaces, local times', () => {
    const r = read(interpreted);
    assert.deepEqual(
      r.sink.items.map((d) => [d.code, d.line]),
      [['AUD0301', 2]],
    );
    const [exec, conn] = r.events;
    assert.equal(exec!.timeMs, Date.UTC(2020, 9, 23, 6, 36, 42, 306));
    assert.deepEqual(exec!.argv, [
      'curl',
      '-fsSL',
      '-o',
      '/tmp/x y',
      'https://raw.githubusercontent.com/a/b/main/c',
    ]);
    assert.equal(exec!.cwd, '/home/alice/my docs');
    assert.deepEqual(exec!.syscall?.uid, { id: null, name: 'alice' });
    assert.deepEqual(
      [conn!.syscall?.name, conn!.syscall?.exit, conn!.syscall?.uid, conn!.sockaddr],
      [
        'connect',
        -115,
        { id: 1001, name: '' },
        { family: 'inet', address: '185.199.110.133', port: 443 },
      ],
    );
  });

  it('applies the zone offset it is given to ausearch -i times only', () => {
    const r = read(interpreted, { localOffsetMinutes: 120 });
    assert.equal(r.events[0]!.timeMs, Date.UTC(2020, 9, 23, 4, 36, 42, 306));
    assert.match(r.sink.items[0]!.message, /UTC\+02:00/);
    const raw = only(execEvent('1603435002.306:9', { pid: 2, ppid: 1, exe: '/x', argv: ['x'] }), {
      localOffsetMinutes: 120,
    });
    assert.equal(raw.timeMs, 1603435002306);
  });

  // prettier-ignore
  const stamps: [string, number][] = [
    ['10/23/20 06:36:42.306:7', Date.UTC(2020, 9, 23, 6, 36, 42, 306)],
    ['2020-10-23 06:36:42.306:7', Date.UTC(2020, 9, 23, 6, 36, 42, 306)],
  ];
  for (const [stamp, ms] of stamps) {
    it(`reads the ${stamp.length < 24 ? 'C locale' : 'ISO'} date form`, () => {
      const r = read([
        `type=SYSCALL msg=audit(${stamp}) : arch=x86_64 syscall=openat success=yes exit=3 pid=1 ppid=0 comm=x exe=/x`,
      ]);
      assert.equal(r.events[0]!.timeMs, ms);
    });
  }

  it('reads ausearch without -i: time-> headers and records last-first', () => {
    const lines = execEvent(T, { pid: 2, ppid: 1, exe: '/usr/bin/id', argv: ['id', '-u'] }).slice(
      0,
      -1,
    );
    const r = read(['----', 'time->Fri Oct 23 06:36:42 2020', ...lines.reverse()]);
    assert.deepEqual(r.sink.items, []);
    assert.deepEqual(r.events[0]!.argv, ['id', '-u']);
  });
});

describe('auditd: broken input is reported, the rest is read', () => {
  const good = execEvent('1603435009.000:900', {
    pid: 99,
    ppid: 1,
    exe: '/usr/bin/id',
    argv: ['id'],
  });
  // [what, lines (or raw text), code, line, read, rejected]
  // prettier-ignore
  const cases: [string, string[] | string, string, number, number, number][] = [
    ['a line that is no record', ['garbage that is not audit', ...good], 'AUD0001', 1, 2, 1],
    ['a record without msg=audit(…)', ['type=SYSCALL arch=c000003e syscall=59', ...good], 'AUD0002', 1, 2, 1],
    ['an unreadable stamp', [rec('SYSCALL', 'yesterday:12', 'arch=c000003e'), ...good], 'AUD0002', 1, 2, 1],
    ['bad hex in an argument', [...good.slice(0, 1), rec('EXECVE', '1603435009.000:900', 'argc=2 a0="id" a1=ZZ'), ...good.slice(2)], 'AUD0101', 2, 2, 1],
    ['hex of odd length', [...good.slice(0, 4), rec('PROCTITLE', '1603435009.000:900', 'proctitle=696'), good[5]!], 'AUD0101', 5, 2, 1],
    ['an unterminated quote', [...good.slice(0, 2), rec('CWD', '1603435009.000:900', 'cwd="/home/al'), ...good.slice(3)], 'AUD0102', 3, 2, 1],
    ['a last line cut short', `${good.join('\n')}\n${rec('EXECVE', '1603435010.000:901', `argc=1 a0=${hex('abc').slice(0, 5)}`)}`, 'AUD0102', 7, 2, 1],
    ['a last line cut inside the stamp', `${good.join('\n')}\ntype=SYSCALL msg=audit(16034350`, 'AUD0102', 7, 2, 1],
    ['a SOCKADDR too short for its family', [syscall('1603435009.000:5', { syscall: 42, pid: 3, ppid: 1, comm: 'nc', exe: '/usr/bin/nc' }), rec('SOCKADDR', '1603435009.000:5', 'saddr=020001BB'), eoe('1603435009.000:5'), ...good], 'AUD0103', 2, 3, 1],
    ['records whose SYSCALL never came', [rec('CWD', '1603435009.000:7', 'cwd="/"'), rec('PATH', '1603435009.000:7', 'item=0 name="/etc/passwd" nametype=NORMAL'), eoe('1603435009.000:7'), ...good], 'AUD0201', 1, 2, 1],
    ['a record after its event ended', [...good, proctitle('1603435009.000:900', ['id'])], 'AUD0201', 7, 2, 1],
  ];
  for (const [what, input, code, line, readCount, rejected] of cases) {
    it(`${what}: ${code} at line ${line}`, () => {
      const r = read(input);
      const problems = r.sink.items.filter((d) => d.severity !== 'info');
      assert.deepEqual(
        problems.map((d) => [d.code, d.line, d.file]),
        [[code, line, 'input']],
      );
      assert.ok(problems[0]!.offset !== undefined);
      assert.deepEqual(r.stats, { read: readCount, rejected, passed: 0 });
      assert.ok(
        r.events.some((e) => e.serial === 900),
        'the good event is still read',
      );
    });
  }

  it('an EXECVE short of its argc: a warning, and the arguments there are', () => {
    const r = read([
      syscall(T, { pid: 4, ppid: 1, comm: 'ls', exe: '/usr/bin/ls' }),
      rec('EXECVE', T, 'argc=3 a0="ls" a2="/tmp"'),
      eoe(T),
    ]);
    assert.deepEqual(
      r.sink.items.map((d) => [d.code, d.severity, d.line]),
      [['AUD0202', 'warning', 1]],
    );
    assert.deepEqual([r.events[0]!.argv, r.events[0]!.argvComplete], [['ls', '/tmp'], false]);
    assert.deepEqual(r.stats, { read: 1, rejected: 0, passed: 0 });
  });

  it('an EXECVE record that cannot be read leaves PROCTITLE to tell the command line', () => {
    const r = read([
      syscall(T, { pid: 4, ppid: 1, comm: 'curl', exe: '/usr/bin/curl' }),
      rec('EXECVE', T, 'argc=2 a0="curl" a1=XYZ'),
      proctitle(T, ['curl', 'https://a.example/']),
      eoe(T),
    ]);
    assert.equal(r.events[0]!.argv, null);
    assert.deepEqual(r.events[0]!.proctitle, ['curl', 'https://a.example/']);
  });

  it('an unknown architecture is named once', () => {
    const r = read([
      syscall('1.000:1', { arch: 'c0000015', syscall: 11, pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
      syscall('1.000:2', { arch: 'c0000015', syscall: 11, pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
    ]);
    assert.deepEqual(
      r.sink.items.map((d) => [d.code, d.line]),
      [['AUD0302', 1]],
    );
    assert.equal(r.events[0]!.syscall?.name, 'syscall 11');
  });

  it('every code in the catalogue is exercised above', () => {
    const used = new Set([...cases.map((c) => c[2]), 'AUD0202', 'AUD0301', 'AUD0302']);
    assert.deepEqual([...AUDITD_CODES].sort(), [...used].sort());
  });
});

describe('auditd: through loadInputs', () => {
  it('recognises an audit log by its content and reads it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'webc2-auditd-'));
    try {
      const lines = [
        ...execEvent('1603435002.306:1', {
          pid: 2,
          ppid: 1,
          exe: '/usr/bin/curl',
          argv: ['curl', 'https://a.example/'],
        }),
        ...connectEvent('1603435002.400:2', {
          pid: 2,
          ppid: 1,
          exe: '/usr/bin/curl',
          ip: '93.184.216.34',
          port: 443,
        }),
      ];
      writeFileSync(path.join(dir, 'web01.txt'), lines.join('\n') + '\n');
      assert.equal(detectFormat(Buffer.from(lines[0]!)).format, 'auditd');
      const events: AuditEvent[] = [];
      const { files } = await loadInputs([dir], (e) => events.push(e as AuditEvent), {
        auditdHost: 'web01.corp',
      });
      assert.deepEqual(
        files.map((f) => [f.format, f.read, f.rejected]),
        [['auditd', 2, 0]],
      );
      assert.deepEqual(
        events.map((e) => [e.kind, e.host]),
        [
          ['auditd', 'web01.corp'],
          ['auditd', 'web01.corp'],
        ],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('EXECVE builders agree with the reader on plain and hex arguments', () => {
    const e = only([
      syscall(T, { pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
      execve(T, ['a b', 'c']),
      eoe(T),
    ]);
    assert.deepEqual(e.argv, ['a b', 'c']);
    const s = only([
      syscall(T, { syscall: 42, pid: 1, ppid: 0, comm: 'x', exe: '/x' }),
      sockaddrInet(T, '1.2.3.4', 8443),
      eoe(T),
    ]);
    assert.deepEqual(s.sockaddr, { family: 'inet', address: '1.2.3.4', port: 8443 });
  });
});
