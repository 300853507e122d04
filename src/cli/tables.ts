/** `webc2 tables <paths…>`: each Defender table built from the inputs, its row count and its columns with types. */

import { parseArgs } from 'node:util';
import { DEFENDER_TABLES } from '../table/schemas.js';
import { ingest } from './ingest.js';
import { UsageError, type Io } from './io.js';
import { registerCommand } from './main.js';

export const TABLES_USAGE = `Usage: webc2 tables [options] <path>...

Lists the Defender tables webc2 builds from the inputs, with their row counts and columns.
With no input, lists the tables and columns webc2 knows.

Options:
  -f, --format <table|jsonl>   output format (default: table)
      --all-columns            list every column, not only those with data
  -h, --help                   show this help
`;

export async function runTables(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' }, 'all-columns': { type: 'boolean' } },
  });
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'jsonl')
    throw new UsageError(`--format must be table or jsonl.`, 'tables');
  const data = positionals.length > 0 ? await ingest(positionals) : null;
  const out: string[] = [];
  for (const [name, specs] of Object.entries(DEFENDER_TABLES)) {
    const t = data?.tables.get(name);
    const rows = t?.length ?? 0;
    // A column "has data" when some row holds a non-empty value.
    const filled = specs.filter((s) => {
      if (!t || values['all-columns'] || data === null) return true;
      const c = t.columnByName(s.name)!;
      for (let i = 0; i < t.length; i++) {
        const v = c.get(i);
        if (v !== null && v !== '') return true;
      }
      return false;
    });
    if (format === 'jsonl') {
      out.push(
        JSON.stringify({
          table: name,
          rows,
          columns: filled.map((s) => ({ name: s.name, type: s.type })),
        }),
      );
      continue;
    }
    out.push(
      `${name}  ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}` +
        (filled.length < specs.length
          ? `  (${filled.length} of ${specs.length} columns hold data; --all-columns for all)`
          : ''),
    );
    for (const s of filled) out.push(`  ${s.name.padEnd(48)} ${s.type}`);
    out.push('');
  }
  io.stdout.write(out.join('\n') + '\n');
  return data !== null && data.read === 0 ? 1 : 0;
}

registerCommand('tables', {
  summary: 'list the tables built from logs, with columns and row counts',
  usage: TABLES_USAGE,
  run: runTables,
});
