/**
 * Seed test 5: a Python one-liner polls the Telegram Bot API. The token is invalid and the
 * API answers 401, after the DNS query and the connection to api.telegram.org on 443.
 */

import { CMD, type Scenario } from './scenario.js';

export const telegramPython: Scenario = {
  id: 'telegram-python',
  title: 'python.exe polling the Telegram Bot API',
  platform: 'windows',
  origin: 'seed test 5',
  expect: { fileName: 'python.exe', host: 'api.telegram.org' },
  build(w, fleet, t) {
    const h = fleet.victim;
    const base = fleet.windows.get(h)!;
    const python = `C:\\Users\\${h.user.name}\\AppData\\Local\\Programs\\Python\\Python311\\python.exe`;
    const bot = `${w.rng.int(1e9, 7e9)}:AA${w.rng.token(33)}`;
    const cmd = w.spawn(t, base.explorer, CMD, `"${CMD}" `, { cwd: `C:\\Users\\${h.user.name}\\` });
    const py = w.spawn(
      t + 2400,
      cmd,
      python,
      `"${python}" -c "import urllib.request as u; u.urlopen('https://api.telegram.org/bot${bot}/getUpdates?offset=-1').read()"`,
    );
    w.reach(t + 2690, py, 'api.telegram.org');
  },
};
