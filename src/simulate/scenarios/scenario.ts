/** The shape of a scenario: what it is, where it runs, what a detection must blame. */

import type { Fleet } from '../fleet.js';
import type { Platform } from '../model.js';
import type { World } from '../world.js';

export interface Scenario {
  /** Short id used on the command line and in the coverage matrix. */
  id: string;
  title: string;
  platform: Platform;
  /** Where the behaviour comes from (a seed test, public tradecraft). */
  origin: string;
  /** The alert a detection must raise: this process (FileName) talking to this service. */
  expect: { fileName: string; host: string };
  /** Writes the scenario's events on `fleet.victim`, starting `t` ms after the origin. */
  build(w: World, fleet: Fleet, t: number): void;
}

export const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
export const CMD = 'C:\\Windows\\System32\\cmd.exe';
export const CONHOST = 'C:\\Windows\\System32\\conhost.exe';

/** PowerShell running `script` with -Command, as a user or a dropper would start it. */
export function powershellCommand(script: string): string {
  const options = '-NoProfile -ExecutionPolicy Bypass -WindowStyle Hidden';
  return `"${POWERSHELL}" ${options} -Command "${script}"`;
}
