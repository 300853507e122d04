/**
 * `webc2 dump FILE.evtx…`: prints every record of EVTX files as JSON lines or as the XML
 * Windows renders, for people who want to grep. Problems in a file are reported on stderr
 * with their byte offsets and the dump goes on.
 */

import { parseArgs } from 'node:util';
import { DiagnosticSink, formatLocation } from '../diagnostics.js';
import { dumpEvtx, XML_DUMP_END, XML_DUMP_START, type DumpFormat } from '../formats/evtx/index.js';
import { forTerminal } from '../report/sanitize.js';
import { UsageError, type Io } from './io.js';
import { registerCommand } from './main.js';

export const DUMP_USAGE = `Usage: webc2 dump [options] <file.evtx>...

Prints every record of Windows event log files, as JSON lines (the shape of the reference
EVTX parsers: attributes under "#attributes") or as the XML Windows renders.

Options:
  -f, --format <jsonl|xml>     output format (default: jsonl)
  -q, --quiet                  no record counts on stderr
  -h, --help                   show this help
`;

export async function runDump(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f' }, quiet: { type: 'boolean', short: 'q' } },
  });
  const format = (values.format ?? 'jsonl') as DumpFormat;
  if (format !== 'jsonl' && format !== 'xml')
    throw new UsageError(`--format must be jsonl or xml; got '${values.format}'.`, 'dump');
  if (positionals.length === 0) throw new UsageError('dump needs at least one .evtx file.', 'dump');
  let total = 0;
  // Several files make one XML document: one <Events> root around all of them.
  if (format === 'xml') io.stdout.write(XML_DUMP_START);
  for (const file of positionals) {
    const sink = new DiagnosticSink();
    const { records } = await dumpEvtx(file, io.stdout, { format, sink, xmlRoot: false });
    total += records;
    for (const d of sink.items)
      io.stderr.write(
        `${d.severity} ${d.code} ${forTerminal(formatLocation(d))}: ${forTerminal(d.message)}\n`,
      );
    if (!values.quiet)
      io.stderr.write(
        `webc2 dump: ${forTerminal(file)}: ${records.toLocaleString('en-US')} records\n`,
      );
  }
  if (format === 'xml') io.stdout.write(XML_DUMP_END);
  return total === 0 ? 1 : 0;
}

registerCommand('dump', {
  summary: 'print the records of .evtx files as JSON lines or XML',
  usage: DUMP_USAGE,
  run: runDump,
});
