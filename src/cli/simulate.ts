/**
 * `webc2 simulate`: writes a scenario's telemetry (with a benign background) in one of the
 * formats webc2 reads, for trying rules, demos and tests. Output depends only on the
 * arguments: the same seed writes the same bytes.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { registerCommand } from './main.js';
import { UsageError, type Io } from './io.js';
import { formatsFor, SIM_FORMATS, type SimFormat } from '../simulate/model.js';
import { SCENARIOS, scenarioById, type Scenario } from '../simulate/scenarios/index.js';
import { DEFAULT_START, formatMismatch, simulate } from '../simulate/simulate.js';
import { parseDateTime } from '../table/datetime.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_BACKGROUND = 100;

export type SimulatePlan =
  | { kind: 'list' }
  | {
      kind: 'write';
      scenario: Scenario;
      format: SimFormat;
      outDir: string;
      seed: number;
      background: number;
      start: number;
    };

export const SIMULATE_USAGE = `Usage: webc2 simulate --list
       webc2 simulate <scenario> -f <format> -o <dir> [options]

Writes a scenario's telemetry, with benign background activity, in a format webc2 reads.
The same arguments always write the same bytes.

Options:
  -l, --list                 list the scenarios, one a line, id first
  -f, --format <format>      ${SIM_FORMATS.join(', ')}
                             (default: the first format of the scenario's platform)
  -o, --output <dir>         folder to write into (created if missing)
      --seed <n>             PRNG seed, a whole number (default: ${DEFAULT_SEED})
      --background <n>       benign events to add (default: ${DEFAULT_BACKGROUND})
      --start <datetime>     when the timeline begins (default: ${new Date(DEFAULT_START).toISOString()})
  -h, --help                 show this help
`;

/** A whole number ≥ 0 given as text. */
export function wholeNumber(
  v: string | undefined,
  name: string,
  fallback: number,
  command: string,
): number {
  if (v === undefined) return fallback;
  if (!/^\d{1,9}$/.test(v.trim()))
    throw new UsageError(`${name} takes a whole number (0 or more); got '${v}'.`, command);
  return Number(v);
}

export function parseSimulate(argv: string[]): SimulatePlan {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      list: { type: 'boolean', short: 'l' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      seed: { type: 'string' },
      background: { type: 'string' },
      start: { type: 'string' },
    },
  });
  if (values.list) {
    if (positionals.length > 0) throw new UsageError('--list takes no scenario.', 'simulate');
    return { kind: 'list' };
  }
  if (positionals.length !== 1)
    throw new UsageError('simulate takes one scenario id (see --list).', 'simulate');
  const id = positionals[0]!;
  const scenario = scenarioById(id);
  if (scenario === undefined)
    throw new UsageError(
      `Unknown scenario '${id}'. Scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}.`,
      'simulate',
    );
  const format = (values.format ?? formatsFor(scenario.platform)[0]) as SimFormat;
  if (!SIM_FORMATS.includes(format))
    throw new UsageError(
      `--format must be one of ${SIM_FORMATS.join(', ')}; got '${values.format}'.`,
      'simulate',
    );
  const mismatch = formatMismatch(scenario, format);
  if (mismatch !== undefined) throw new UsageError(mismatch, 'simulate');
  if (values.output === undefined)
    throw new UsageError('simulate needs -o <dir> to write into.', 'simulate');
  let start = DEFAULT_START;
  if (values.start !== undefined) {
    const ticks = parseDateTime(values.start);
    if (ticks === null)
      throw new UsageError(
        `--start takes an ISO 8601 datetime; got '${values.start}'.`,
        'simulate',
      );
    start = Number(ticks / 10_000n);
  }
  return {
    kind: 'write',
    scenario,
    format,
    outDir: values.output,
    seed: wholeNumber(values.seed, '--seed', DEFAULT_SEED, 'simulate'),
    background: wholeNumber(values.background, '--background', DEFAULT_BACKGROUND, 'simulate'),
    start,
  };
}

/** `simulate --list`: id, platform, formats, title and origin, one scenario a line. */
export function scenarioList(): string {
  const idWidth = Math.max(...SCENARIOS.map((s) => s.id.length));
  return SCENARIOS.map(
    (s) =>
      `${s.id.padEnd(idWidth)}  ${s.platform.padEnd(7)}  ${formatsFor(s.platform).join(',').padEnd(32)}  ${s.title} (${s.origin})`,
  ).join('\n');
}

export async function runSimulate(plan: SimulatePlan, io: Io): Promise<number> {
  if (plan.kind === 'list') {
    io.stdout.write(scenarioList() + '\n');
    return 0;
  }
  const files = simulate(plan.scenario, plan.format, plan);
  await mkdir(plan.outDir, { recursive: true });
  for (const f of files) {
    const target = path.join(plan.outDir, f.name);
    await writeFile(target, f.text);
    io.stdout.write(`${target}\n`);
  }
  io.stderr.write(
    `webc2 simulate: ${plan.scenario.id} as ${plan.format} (seed ${plan.seed}, ${plan.background} background events): ` +
      `${files.length} file${files.length === 1 ? '' : 's'} written to ${plan.outDir}\n`,
  );
  return 0;
}

registerCommand('simulate', {
  summary: 'write a web-service C2 scenario as Sysmon, Defender or auditd telemetry',
  usage: SIMULATE_USAGE,
  run: (argv, io) => runSimulate(parseSimulate(argv), io),
});
