#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`webc2 hunt … | head`) is not an error; output that cannot be
// written (stdout on a full disk) ends the run with a message, not a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`webc2: cannot write the output: ${err.code ?? err.message}\n`);
  process.exit(1);
});

process.exitCode = await main(process.argv.slice(2));
