/**
 * Seed test 3 (Linux): curl fetches a file from raw.githubusercontent.com into /tmp.
 * Signals in the audit log: the execve of curl with the URL among its arguments, a connect
 * to a GitHub CDN address (185.199.108–111.133) on 443 with its SOCKADDR, and the creation
 * of the file under /tmp.
 */

import type { Scenario } from './scenario.js';

export const githubRawCurl: Scenario = {
  id: 'github-raw-curl',
  title: 'curl fetching a payload from raw.githubusercontent.com into /tmp',
  platform: 'linux',
  origin: 'seed test 3',
  expect: { fileName: 'curl', host: 'raw.githubusercontent.com' },
  build(w, fleet, t) {
    const base = fleet.linux.get(fleet.victim)!;
    const repo = `${w.rng.token(7, 'abcdefghijklmnopqrstuvwxyz')}/${w.rng.token(5, 'abcdefghijklmnopqrstuvwxyz')}`;
    const out = '/tmp/webc2-test-payload.txt';
    const url = `https://raw.githubusercontent.com/${repo}/main/payload.txt`;
    const curl = w.spawn(t, base.shell, '/usr/bin/curl', ['curl', '-fsSL', '-o', out, url]);
    const connected = w.reach(t + 4, curl, 'raw.githubusercontent.com', 443, { nonBlocking: true });
    w.file(connected + 95, curl, out);
  },
};
