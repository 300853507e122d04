/**
 * `simulate`: a scenario, its benign background, rendered in one format. The output is a
 * pure function of (scenario, format, seed, background size, start): no wall clock, no
 * environment. The scenario is written first from its own PRNG stream, so the background's
 * size never changes the scenario's values; the background and the rendering draw from
 * streams of their own.
 */

import { addBackground } from './background.js';
import { buildFleet } from './fleet.js';
import { formatsFor, type SimFile, type SimFormat } from './model.js';
import { Prng } from './prng.js';
import type { Scenario } from './scenarios/index.js';
import { World } from './world.js';
import { writeAuditd } from './writers/auditd.js';
import { writeMdeJson } from './writers/mde-json.js';
import { writeSysmonJson } from './writers/sysmon-json.js';
import { writeSysmonXml } from './writers/sysmon-xml.js';
import { windowsEvents } from './writers/windows-events.js';

/** Where timelines start unless told otherwise: 2025-03-04T09:00:00Z. */
export const DEFAULT_START = Date.UTC(2025, 2, 4, 9, 0, 0);
/** The scenario begins this long after the start, inside the background's span. */
const SCENARIO_AT = 12 * 60_000;
const BACKGROUND_SPAN = 30 * 60_000;

export interface SimulateOptions {
  seed: number;
  /** Benign events to add. */
  background: number;
  /** The timeline's origin, ms since the Unix epoch. */
  start: number;
}

/** Why `format` cannot carry `scenario`, or undefined when it can. */
export function formatMismatch(scenario: Scenario, format: SimFormat): string | undefined {
  const fits = formatsFor(scenario.platform);
  if (fits.includes(format)) return undefined;
  return (
    `${format} cannot carry scenario '${scenario.id}': ` +
    `it runs on ${scenario.platform === 'windows' ? 'Windows' : 'Linux'}; ` +
    `use ${fits.join(' or ')}.`
  );
}

/** The files a scenario's telemetry is written to, in one format. */
export function simulate(scenario: Scenario, format: SimFormat, o: SimulateOptions): SimFile[] {
  const problem = formatMismatch(scenario, format);
  if (problem !== undefined) throw new Error(problem);
  const w = new World(new Prng(o.seed, `scenario:${scenario.id}`), o.start);
  const fleet = buildFleet(w, scenario.platform);
  scenario.build(w, fleet, SCENARIO_AT);
  w.rng = new Prng(o.seed, `background:${scenario.id}`);
  addBackground(w, fleet, o.background, BACKGROUND_SPAN);
  const timeline = w.timeline();
  const rng = new Prng(o.seed, `render:${scenario.id}:${format}`);
  const stem = scenario.id;
  switch (format) {
    case 'sysmon-json':
      return writeSysmonJson(windowsEvents(timeline, rng), stem);
    case 'sysmon-xml':
      return writeSysmonXml(windowsEvents(timeline, rng), stem);
    case 'mde-json':
      return writeMdeJson(timeline, rng, stem);
    case 'auditd':
      return writeAuditd(timeline, rng, stem);
  }
}
