/** What the tests share: the repository root, ../shared beside it, scratch folders. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (tests run from dist/test, two levels below it). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A path under ../shared, the data every checkout and CI run has beside the repository. */
export function sharedPath(...parts: string[]): string {
  return path.join(repoRoot, '..', 'shared', ...parts);
}

/** A fresh folder under the system's temporary folder, removed when the test file's run ends. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
