/**
 * The command line: `webc2 <command> [options]`. Each command module turns arguments into a
 * plan (pure; tests call it directly) and a runner carries the plan out. This file only
 * dispatches, prints help, and maps failures to exit statuses: 0 when the run completed
 * (warnings included), 1 when nothing could be read or a query failed, 2 for usage errors.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HUNT_USAGE, parseHunt, runHunt } from './hunt.js';
import { processIo, UsageError, type Io } from './io.js';
import { OutputError } from './output.js';

interface Command {
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  hunt: {
    summary: 'run the web-service C2 rules over logs',
    usage: HUNT_USAGE,
    run: (a, io) => runHunt(parseHunt(a), io),
  },
};

/** Registers a command (kept open so each command's module stays on its own). */
export function registerCommand(name: string, c: Command): void {
  COMMANDS[name] = c;
}

function version(): string {
  const pkg = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return `Usage: webc2 <command> [options]

Finds command-and-control hidden in legitimate web services (ATT&CK T1102) in endpoint
telemetry, offline, and runs Sentinel / Defender KQL over local logs.

Commands:
${lines.join('\n')}

Run 'webc2 <command> --help' for a command's options.
`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  await import('./commands.js');
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(mainUsage());
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(mainUsage());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`webc2 ${version()}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    io.stderr.write(`webc2: unknown command '${name}'.\n\n${mainUsage()}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof OutputError) {
      io.stderr.write(`webc2 ${name}: ${err.message}\n`);
      return 1;
    }
    if (
      err instanceof UsageError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr.write(`webc2 ${name}: ${(err as Error).message}\n\n${cmd.usage}`);
      return 2;
    }
    throw err;
  }
}
