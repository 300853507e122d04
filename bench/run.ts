/**
 * `npm run bench`: every benchmark, side by side in one run. Timings belong here, never in
 * unit tests. Each section prints a Markdown table to stdout.
 */

import { benchEvtx } from './evtx.js';
import { benchHunt } from './hunt.js';
import { benchKql } from './kql.js';

const sections: [string, () => Promise<void>][] = [
  ['hunt', benchHunt],
  ['evtx', benchEvtx],
  ['kql', benchKql],
];

const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  await run();
}
