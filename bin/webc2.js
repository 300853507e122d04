#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`webc2 hunt … | head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
