/** The shared EVTX samples the tests read in place, and small helpers to list them. */

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../../helpers.js';

/** Every file under `dir` whose name ends with `ext`, sorted, at any depth. */
export function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith(ext)) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

/** The 238 EVTX-ATTACK-SAMPLES logs. */
export const attackSamplesDir = sharedPath('data', 'evtx');
/** Sigma regression folders: an .evtx and the reference parser's .json of it. */
export const sigmaDir = sharedPath('data', 'sigma-regression');
export const badFilesDir = sharedPath('field-cases', 'F09-bad-files');

/** A path relative to ../shared, for messages and checked lists. */
export function shortName(file: string): string {
  return path.relative(sharedPath(), file);
}
