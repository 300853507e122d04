/**
 * `dumpEvtx`, the core of `webc2 dump`: every record, in order, as JSON lines or inside one
 * XML root, through a slow stream (backpressure), and a clean rejection when the output fails.
 */

import assert from 'node:assert/strict';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import { XML_DUMP_END, XML_DUMP_START, dumpEvtx } from '../../../src/formats/evtx/dump.js';
import { readEvtxFile } from '../../../src/formats/evtx/reader.js';
import { renderRecordJson } from '../../../src/formats/evtx/render-json.js';
import { renderRecordXml } from '../../../src/formats/evtx/render-xml.js';
import { badFilesDir } from './corpus.js';
import { MSSQL, SYSMON } from './fixtures.js';

/** A stream that takes a while to accept each write and remembers what it got. */
function slowSink(): { out: Writable; text: () => string } {
  const parts: string[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return { out, text: () => parts.join('') };
}

async function rendered(
  file: string,
  render: (r: Parameters<typeof renderRecordXml>[0]) => string,
): Promise<string[]> {
  const out: string[] = [];
  for await (const r of readEvtxFile(file)) out.push(render(r));
  return out;
}

test('JSON lines: one per record, in order', async () => {
  const { out, text } = slowSink();
  const result = await dumpEvtx(SYSMON, out, { format: 'jsonl' });
  const lines = text().split('\n');
  assert.equal(lines.pop(), '');
  assert.deepEqual(lines, await rendered(SYSMON, renderRecordJson));
  assert.equal(result.records, lines.length);
});

test('XML: a declaration, one <Events> root, one event per line', async () => {
  const { out, text } = slowSink();
  const result = await dumpEvtx(SYSMON, out, { format: 'xml' });
  const lines = text().split('\n');
  assert.equal(lines.shift(), '<?xml version="1.0" encoding="utf-8"?>');
  assert.equal(lines.shift(), '<Events>');
  assert.deepEqual(lines.slice(-2), ['</Events>', '']);
  assert.deepEqual(lines.slice(0, -2), await rendered(SYSMON, renderRecordXml));
  assert.equal(result.records, lines.length - 2);
});

test('several files in one XML document: the root written once by the caller', async () => {
  const { out, text } = slowSink();
  out.write(XML_DUMP_START);
  const a = await dumpEvtx(SYSMON, out, { format: 'xml', xmlRoot: false });
  const b = await dumpEvtx(MSSQL, out, { format: 'xml', xmlRoot: false });
  out.write(XML_DUMP_END);
  await new Promise<void>((resolve) => out.end(resolve));
  const lines = text().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('<?xml')).length, 1);
  assert.equal(lines.filter((l) => l.startsWith('<Event ')).length, a.records + b.records);
  assert.deepEqual(lines.slice(-2), ['</Events>', '']);
});

test('a bad input file is reported and dumps nothing', async () => {
  const sink = new DiagnosticSink();
  const { out, text } = slowSink();
  const file = path.join(badFilesDir, 'empty.evtx');
  assert.deepEqual(await dumpEvtx(file, out, { format: 'jsonl', sink, name: 'empty.evtx' }), {
    records: 0,
  });
  assert.equal(text(), '');
  assert.deepEqual(
    sink.items.map((d) => [d.code, d.file]),
    [['EVTX0001', 'empty.evtx']],
  );
});

test('a failing output stream rejects instead of hanging', async () => {
  const out = new Writable({
    highWaterMark: 16,
    write(_chunk, _enc, done) {
      done(Object.assign(new Error('broken pipe'), { code: 'EPIPE' }));
    },
  });
  out.on('error', () => {});
  await assert.rejects(dumpEvtx(SYSMON, out, { format: 'jsonl' }), /broken pipe|closed/);
});

test('waiting on the stream leaves no listener behind (MaxListenersExceededWarning)', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  try {
    const { out } = slowSink();
    const before = ['drain', 'close', 'error'].map((e) => out.listenerCount(e));
    const { records } = await dumpEvtx(SYSMON, out, { format: 'xml' });
    assert.equal(records, 565);
    assert.deepEqual(
      ['drain', 'close', 'error'].map((e) => out.listenerCount(e)),
      before,
    );
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
  }
});
