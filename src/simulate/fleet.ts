/**
 * The simulated estate: a few Windows workstations and Linux servers, each with the
 * processes that were already running when logging began (services, the user's shell or
 * Explorer, the antivirus engine, sshd…). Scenarios act on the first host of their
 * platform; the background keeps every host of that platform busy.
 */

import type { Host, Platform, Proc } from './model.js';
import type { World } from './world.js';

export interface WindowsBase {
  services: Proc;
  netsvcs: Proc;
  explorer: Proc;
  msmpeng: Proc;
}

export interface LinuxBase {
  systemd: Proc;
  sshd: Proc;
  cron: Proc;
  shell: Proc;
  resolved: Proc;
}

export interface Fleet {
  platform: Platform;
  /** The host a scenario runs on. */
  victim: Host;
  hosts: Host[];
  windows: Map<Host, WindowsBase>;
  linux: Map<Host, LinuxBase>;
}

const SYS32 = 'C:\\Windows\\System32';

function windowsBase(w: World, h: Host): WindowsBase {
  const sys = { user: h.system, integrity: 'System' as const };
  const wininit = w.running(h, `${SYS32}\\wininit.exe`, 'wininit.exe', null, sys);
  const services = w.running(h, `${SYS32}\\services.exe`, `${SYS32}\\services.exe`, wininit, sys);
  const netsvcs = w.running(
    h,
    `${SYS32}\\svchost.exe`,
    `${SYS32}\\svchost.exe -k netsvcs -p`,
    services,
    sys,
  );
  const msmpeng = w.running(
    h,
    'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24010.12-0\\MsMpEng.exe',
    '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24010.12-0\\MsMpEng.exe"',
    services,
    sys,
  );
  const userinit = w.running(h, `${SYS32}\\userinit.exe`, `${SYS32}\\userinit.exe`, null, {
    user: h.user,
    integrity: 'Medium',
    cwd: `C:\\Users\\${h.user.name}\\`,
  });
  const explorer = w.running(h, 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', userinit);
  return { services, netsvcs, explorer, msmpeng };
}

function linuxBase(w: World, h: Host): LinuxBase {
  const root = { user: h.system };
  const systemd = w.running(h, '/usr/lib/systemd/systemd', ['/sbin/init', 'splash'], null, root);
  const sshd = w.running(h, '/usr/sbin/sshd', ['sshd:', '/usr/sbin/sshd', '-D'], systemd, root);
  const cron = w.running(h, '/usr/sbin/cron', ['/usr/sbin/cron', '-f', '-P'], systemd, root);
  const resolved = w.running(
    h,
    '/usr/lib/systemd/systemd-resolved',
    ['/lib/systemd/systemd-resolved'],
    systemd,
    {
      user: { name: 'systemd-resolve', domain: '', sid: '', uid: 101 },
    },
  );
  const session = w.running(h, '/usr/sbin/sshd', ['sshd:', `${h.user.name}@pts/0`], sshd, {
    user: h.user,
    tty: 'pts0',
    session: w.rng.int(3, 40),
  });
  const shell = w.running(h, '/usr/bin/bash', ['-bash'], session, { cwd: `/home/${h.user.name}` });
  return { systemd, sshd, cron, shell, resolved };
}

export function buildFleet(w: World, platform: Platform): Fleet {
  const hosts: Host[] = [];
  const windows = new Map<Host, WindowsBase>();
  const linux = new Map<Host, LinuxBase>();
  if (platform === 'windows') {
    const specs = [
      { name: 'WS-FIN-07.corp.example', ip: '10.20.4.37', user: 'm.jensen' },
      { name: 'WS-DEV-12.corp.example', ip: '10.20.6.112', user: 'a.kowalski' },
      { name: 'WS-HR-03.corp.example', ip: '10.20.4.83', user: 'l.moreau' },
    ];
    for (const s of specs) {
      const h = w.addHost({ ...s, platform, domain: 'CORP' });
      hosts.push(h);
      windows.set(h, windowsBase(w, h));
    }
  } else {
    const specs = [
      { name: 'lnx-build01', ip: '10.30.1.21', user: 'deploy', uid: 1001 },
      { name: 'lnx-web02', ip: '10.30.2.14', user: 'ops', uid: 1002 },
    ];
    for (const s of specs) {
      const h = w.addHost({ ...s, platform });
      hosts.push(h);
      linux.set(h, linuxBase(w, h));
    }
  }
  return { platform, victim: hosts[0]!, hosts, windows, linux };
}
