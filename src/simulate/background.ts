/**
 * Benign activity around a scenario, on every host of its platform: browsers, the sync and
 * chat clients talking to their own services (OneDrive to Graph, Teams, Dropbox), the
 * antivirus engine and Windows Update in svchost, updaters, and developer tools (git to
 * github.com, VS Code, node/npm to registry.npmjs.org); on Linux cron jobs, apt, git, pip,
 * npm and snapd. Several of these reach catalogued web services legitimately, which is
 * what a rule must tell apart from the scenarios. Each activity is a short story — start a
 * process, resolve a name (answers with CNAME chains and `::ffff:` addresses), connect —
 * and stories are drawn until exactly the requested number of events exists.
 */

import type { Fleet } from './fleet.js';
import type { Host, Proc } from './model.js';
import type { World } from './world.js';

type Activity = (w: World, fleet: Fleet, host: Host, at: number) => void;

const PF = 'C:\\Program Files';
const PF86 = 'C:\\Program Files (x86)';

/** Long-running user programs, started once per host the first time an activity needs them. */
class Resident {
  private readonly procs = new Map<string, Proc>();

  get(w: World, host: Host, key: string, start: (at: number) => Proc): Proc {
    const k = `${host.name}|${key}`;
    let p = this.procs.get(k);
    if (p === undefined) {
      p = start(0);
      this.procs.set(k, p);
    }
    return p;
  }
}

function localAppData(h: Host): string {
  return `C:\\Users\\${h.user.name}\\AppData\\Local`;
}

function windowsActivities(resident: Resident): Activity[] {
  const base = (fleet: Fleet, h: Host) => fleet.windows.get(h)!;
  const chrome = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'chrome', () =>
      w.running(
        h,
        `${PF}\\Google\\Chrome\\Application\\chrome.exe`,
        `"${PF}\\Google\\Chrome\\Application\\chrome.exe"`,
        base(fleet, h).explorer,
      ),
    );
  const edge = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'edge', () =>
      w.running(
        h,
        `${PF86}\\Microsoft\\Edge\\Application\\msedge.exe`,
        `"${PF86}\\Microsoft\\Edge\\Application\\msedge.exe" --profile-directory=Default`,
        base(fleet, h).explorer,
      ),
    );
  const onedrive = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'onedrive', () =>
      w.running(
        h,
        `${localAppData(h)}\\Microsoft\\OneDrive\\OneDrive.exe`,
        `"${localAppData(h)}\\Microsoft\\OneDrive\\OneDrive.exe" /background`,
        base(fleet, h).explorer,
      ),
    );
  const teams = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'teams', () =>
      w.running(
        h,
        `${PF}\\WindowsApps\\MSTeams_24004.1307.2669.7070_x64__8wekyb3d8bbwe\\ms-teams.exe`,
        '"ms-teams.exe" msteams:system-initiated',
        base(fleet, h).explorer,
      ),
    );
  const dropbox = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'dropbox', () =>
      w.running(
        h,
        `${PF86}\\Dropbox\\Client\\Dropbox.exe`,
        `"${PF86}\\Dropbox\\Client\\Dropbox.exe" /systemstartup`,
        base(fleet, h).explorer,
      ),
    );
  const code = (w: World, fleet: Fleet, h: Host): Proc =>
    resident.get(w, h, 'code', (at) => {
      const path = `${localAppData(h)}\\Programs\\Microsoft VS Code\\Code.exe`;
      return w.spawn(at, base(fleet, h).explorer, path, `"${path}"`);
    });

  return [
    (w, fleet, h, at) =>
      w.reach(at, chrome(w, fleet, h), w.rng.pick(['www.google.com', 'github.com'])),
    (w, fleet, h, at) => {
      const parent = chrome(w, fleet, h);
      const renderer = w.spawn(
        at,
        parent,
        parent.image,
        `"${parent.image}" --type=renderer --lang=en-US --renderer-client-id=${w.rng.int(5, 90)}`,
      );
      w.reach(at + w.rng.int(50, 400), renderer, 'www.google.com');
    },
    (w, fleet, h, at) => w.reach(at, edge(w, fleet, h), 'www.bing.com'),
    (w, fleet, h, at) =>
      w.reach(at, onedrive(w, fleet, h), w.rng.pick(['graph.microsoft.com', 'skyapi.live.net'])),
    (w, fleet, h, at) => w.reach(at, teams(w, fleet, h), 'teams.microsoft.com'),
    (w, fleet, h, at) =>
      w.reach(at, dropbox(w, fleet, h), w.rng.pick(['client.dropbox.com', 'api.dropboxapi.com'])),
    (w, fleet, h, at) => w.reach(at, base(fleet, h).msmpeng, 'wdcp.microsoft.com'),
    (w, fleet, h, at) =>
      w.reach(
        at,
        base(fleet, h).netsvcs,
        w.rng.pick(['settings-win.data.microsoft.com', 'fe3cr.delivery.mp.microsoft.com']),
      ),
    (w, fleet, h, at) => {
      const path = `${PF86}\\Google\\Update\\GoogleUpdate.exe`;
      const up = w.spawn(
        at,
        base(fleet, h).netsvcs,
        path,
        `"${path}" /ua /installsource scheduler`,
        { user: h.system, integrity: 'System' },
      );
      w.reach(at + w.rng.int(200, 900), up, 'update.googleapis.com');
    },
    (w, fleet, h, at) => {
      const editor = code(w, fleet, h);
      w.reach(
        at,
        editor,
        w.rng.pick(['marketplace.visualstudio.com', 'update.code.visualstudio.com']),
      );
    },
    (w, fleet, h, at) => {
      const git = w.spawn(
        at,
        code(w, fleet, h),
        `${PF}\\Git\\cmd\\git.exe`,
        'git.exe fetch origin --prune',
        { cwd: `C:\\src\\payments-api\\` },
      );
      const remote = w.spawn(
        at + 40,
        git,
        `${PF}\\Git\\mingw64\\libexec\\git-core\\git-remote-https.exe`,
        'git-remote-https.exe origin https://github.com/acme-corp/payments-api.git',
      );
      w.reach(at + 70, remote, 'github.com');
    },
    (w, fleet, h, at) => {
      const node = `${PF}\\nodejs\\node.exe`;
      const npm = w.spawn(
        at,
        code(w, fleet, h),
        node,
        `"${node}" "${PF}\\nodejs\\node_modules\\npm\\bin\\npm-cli.js" ci`,
        { cwd: 'C:\\src\\portal-ui\\' },
      );
      w.reach(at + w.rng.int(300, 800), npm, 'registry.npmjs.org');
      w.connect(at + w.rng.int(900, 1500), npm, '104.16.2.34', 443, 'registry.npmjs.org');
    },
    (w, fleet, h, at) => {
      const task = w.spawn(
        at,
        base(fleet, h).services,
        'C:\\Windows\\System32\\svchost.exe',
        'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule',
        { user: h.system, integrity: 'System' },
      );
      w.spawn(
        at + w.rng.int(100, 3000),
        task,
        'C:\\Windows\\System32\\taskhostw.exe',
        'taskhostw.exe',
        { user: h.user, integrity: 'Medium' },
      );
    },
  ];
}

function linuxActivities(): Activity[] {
  const base = (fleet: Fleet, h: Host) => fleet.linux.get(h)!;
  const root = (h: Host) => ({ user: h.system });
  return [
    (w, fleet, h, at) => {
      const b = base(fleet, h);
      w.logon(at, b.cron, 'cron');
      const job = w.spawn(
        at + 2,
        b.cron,
        '/usr/bin/dash',
        ['/bin/sh', '-c', '   cd / && run-parts --report /etc/cron.hourly'],
        root(h),
      );
      w.spawn(
        at + 5,
        job,
        '/usr/bin/run-parts',
        ['run-parts', '--report', '/etc/cron.hourly'],
        root(h),
      );
    },
    (w, fleet, h, at) => {
      const apt = w.spawn(
        at,
        base(fleet, h).systemd,
        '/usr/bin/apt-get',
        ['/usr/bin/apt-get', '-qq', 'update'],
        root(h),
      );
      const http = w.spawn(
        at + 30,
        apt,
        '/usr/lib/apt/methods/http',
        ['/usr/lib/apt/methods/http'],
        {
          user: { name: '_apt', domain: '', sid: '', uid: 105 },
        },
      );
      w.reach(at + 60, http, w.rng.pick(['archive.ubuntu.com', 'security.ubuntu.com']), 80);
    },
    (w, fleet, h, at) => {
      const b = base(fleet, h);
      const git = w.spawn(at, b.shell, '/usr/bin/git', ['git', 'pull', '--ff-only'], {
        cwd: `/home/${h.user.name}/infra`,
      });
      const remote = w.spawn(at + 20, git, '/usr/lib/git-core/git-remote-https', [
        '/usr/lib/git-core/git-remote-https',
        'origin',
        'https://github.com/acme-corp/infra.git',
      ]);
      w.reach(at + 40, remote, 'github.com', 443, { nonBlocking: true });
    },
    (w, fleet, h, at) => {
      const pip = w.spawn(at, base(fleet, h).shell, '/usr/bin/python3.10', [
        'python3',
        '-m',
        'pip',
        'install',
        '--user',
        '--upgrade',
        'requests',
      ]);
      const t = w.reach(at + 400, pip, 'pypi.org', 443, { nonBlocking: true });
      w.reach(t + 300, pip, 'files.pythonhosted.org', 443, { nonBlocking: true });
    },
    (w, fleet, h, at) => {
      const npm = w.spawn(
        at,
        base(fleet, h).shell,
        '/usr/bin/node',
        ['node', '/usr/bin/npm', 'ci', '--omit=dev'],
        { cwd: `/home/${h.user.name}/portal` },
      );
      w.reach(at + 500, npm, 'registry.npmjs.org', 443, { nonBlocking: true });
    },
    (w, fleet, h, at) => {
      const snapd = w.spawn(
        at,
        base(fleet, h).systemd,
        '/usr/lib/snapd/snapd',
        ['/usr/lib/snapd/snapd'],
        root(h),
      );
      w.reach(at + 150, snapd, 'api.snapcraft.io', 443, { nonBlocking: true });
    },
    (w, fleet, h, at) => {
      const shell = base(fleet, h).shell;
      const cmd = w.rng.pick([
        ['ls', '-la'],
        ['ps', 'aux'],
        ['df', '-h'],
        ['systemctl', 'status', 'nginx'],
        ['tail', '-n', '50', '/var/log/syslog'],
      ]);
      w.spawn(at, shell, `/usr/bin/${cmd[0]}`, cmd);
    },
    (w, fleet, h, at) => {
      const b = base(fleet, h);
      w.logon(at, b.sshd, 'sshd');
    },
  ];
}

/**
 * Adds exactly `count` background events to the world, spread over `span` ms from the
 * origin, across every host of the fleet.
 */
export function addBackground(w: World, fleet: Fleet, count: number, span: number): void {
  if (count <= 0) return;
  const activities =
    fleet.platform === 'windows' ? windowsActivities(new Resident()) : linuxActivities();
  const first = w.events.length;
  while (w.events.length - first < count) {
    const host = w.rng.pick(fleet.hosts);
    const activity = w.rng.pick(activities);
    activity(w, fleet, host, w.rng.int(0, span));
  }
  w.events.splice(first + count);
}
