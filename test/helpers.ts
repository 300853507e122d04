/** Paths shared by the tests: the repository root and ../shared beside it. */

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (tests run from dist/test, two levels below it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A path under ../shared, the data every checkout and CI run has beside the repository. */
export function sharedPath(...parts: string[]): string {
  return path.join(repoRoot, '..', 'shared', ...parts);
}
