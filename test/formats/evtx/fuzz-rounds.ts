/**
 * Fuzz rounds for fuzz.test.ts, run in a worker thread so the test can stop a round that
 * hangs (a synchronous loop cannot be interrupted from its own thread). Each round mutates
 * a slice of a shared sample the ways EVTX files get damaged or crafted, parses it, renders
 * every record three ways, and checks every diagnostic; it posts one message per round.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import { EVTX_CODES } from '../../../src/formats/evtx/codes.js';
import { parseEvtxBuffer, readEvtxFile } from '../../../src/formats/evtx/reader.js';
import { renderRecordJson } from '../../../src/formats/evtx/render-json.js';
import { renderRecordXml } from '../../../src/formats/evtx/render-xml.js';
import { recordToEvent } from '../../../src/formats/evtx/to-event.js';
import { CHUNK, HEADER, MSSQL, SECURITY, SYSMON, load, prng, writeTemp } from './fixtures.js';
import {
  ChunkWriter,
  binxml,
  cdata,
  charRef,
  el,
  entity,
  evtxFile,
  instance,
  pi,
  raw,
  str,
  strArray,
  sub,
  text,
} from './builder.js';

export interface RoundResult {
  seed: number;
  error?: string;
  records: number;
  diagnostics: number;
}

const KNOWN = new Set<string>(EVTX_CODES);

/** What the shared samples lack: nested Binary XML, arrays, references, CDATA, PIs. */
function synthetic(): Buffer {
  const w = new ChunkWriter();
  const inner = instance(
    2,
    el('Inner', [['K', [sub(1, 0x01)]]], [el('Leaf', [], [sub(0, 0x01)])]),
    [str('deep'), str('k')],
  );
  const body = el(
    'Event',
    [],
    [
      el('System', [], [el('EventID', [], [sub(0, 0x06)])]),
      el(
        'EventData',
        [],
        [
          el('Data', [['Name', [text('A'), entity('amp'), charRef(0x42)]]], [sub(1, 0x81)]),
          el('Data', [], [sub(2, 0x21)]),
          el('Data', [], [cdata('x]]>y'), pi('t', 'd')]),
          el('Item', [['V', [sub(3, 0x86, true)]]], null),
        ],
      ),
    ],
  );
  for (let id = 1; id <= 20; id++) {
    const items = Buffer.alloc(6);
    items.writeUInt16LE(id, 0);
    const values = [
      raw(0x06, [id, 0]),
      strArray(['a', 'b', String(id)]),
      binxml(inner),
      raw(0x86, items),
    ];
    w.record(id, instance(1, body, values));
  }
  return evtxFile([w.finish(20)]);
}

/** Header and the first `n` chunks of a sample: small enough for hundreds of rounds. */
const bases = [
  load(SYSMON).subarray(0, HEADER + 3 * CHUNK),
  load(SECURITY).subarray(0, HEADER + 2 * CHUNK),
  load(MSSQL).subarray(0, HEADER + CHUNK),
  synthetic(),
];

type Mutation = (buf: Buffer, rnd: () => number) => Buffer;

const int = (rnd: () => number, n: number): number => Math.floor(rnd() * n);
const u32 = (rnd: () => number): number => int(rnd, 0x100000000);

/** Record offsets of the first chunk, by walking sizes (the base slices are pristine). */
function records(buf: Buffer, chunk: number): number[] {
  const c = HEADER + chunk * CHUNK;
  const out: number[] = [];
  const end = Math.min(c + CHUNK, buf.length);
  for (let p = c + 512; p + 28 <= end && buf.readUInt32LE(p) === 0x2a2a;) {
    out.push(p);
    const size = buf.readUInt32LE(p + 4);
    if (size < 28) break;
    p += size;
  }
  return out;
}

function someRecord(buf: Buffer, rnd: () => number): number | undefined {
  const chunks = Math.floor((buf.length - HEADER) / CHUNK);
  const list = records(buf, int(rnd, Math.max(1, chunks)));
  return list[int(rnd, list.length)];
}

const mutations: Mutation[] = [
  // Bit flips, mostly in record data.
  (buf, rnd) => {
    for (let i = 1 + int(rnd, 16); i > 0; i--) {
      const at = HEADER + int(rnd, buf.length - HEADER);
      buf.writeUInt8((buf[at] ?? 0) ^ (1 << int(rnd, 8)), at);
    }
    return buf;
  },
  // Truncation anywhere, header included.
  (buf, rnd) => buf.subarray(0, int(rnd, buf.length)),
  // A record size field set to something wrong.
  (buf, rnd) => {
    const r = someRecord(buf, rnd);
    if (r !== undefined) {
      const size = buf.readUInt32LE(r + 4);
      const choices = [0, 1, 27, 28, size - 4, size + 4, 0xffff, u32(rnd)];
      buf.writeUInt32LE(
        (choices[int(rnd, choices.length)] ?? 0) >>> 0,
        r + 4 + (rnd() < 0.3 ? size - 8 : 0),
      );
    }
    return buf;
  },
  // A template definition offset pointed anywhere in the chunk, or at the record itself.
  (buf, rnd) => {
    const r = someRecord(buf, rnd);
    if (r !== undefined && buf[r + 28] === 0x0c) {
      const chunkStart = HEADER + Math.floor((r - HEADER) / CHUNK) * CHUNK;
      const choices = [int(rnd, CHUNK), r - chunkStart + 24, r - chunkStart + 38, u32(rnd), 0];
      buf.writeUInt32LE(choices[int(rnd, choices.length)] ?? 0, r + 34);
    }
    return buf;
  },
  // A u32 anywhere in a record replaced by a plausible chunk offset (names, sizes, counts).
  (buf, rnd) => {
    const r = someRecord(buf, rnd);
    if (r !== undefined) {
      const size = buf.readUInt32LE(r + 4);
      const at = r + 24 + int(rnd, Math.max(1, size - 32));
      buf.writeUInt32LE(rnd() < 0.5 ? int(rnd, CHUNK) : int(rnd, 0x400), at);
    }
    return buf;
  },
  // A value descriptor's size or type changed (nested Binary XML, arrays, odd sizes).
  (buf, rnd) => {
    const r = someRecord(buf, rnd);
    if (r !== undefined) {
      const size = buf.readUInt32LE(r + 4);
      const at = r + 24 + int(rnd, Math.max(1, size - 32));
      const types = [0x00, 0x01, 0x0f, 0x13, 0x21, 0x81, 0x88, 0x91, 0x11, 0x12, 0x7f];
      buf.writeUInt8(types[int(rnd, types.length)] ?? 0, at);
      if (rnd() < 0.5) buf.writeUInt16LE(int(rnd, 0x10000), at - 2);
    }
    return buf;
  },
  // Chunk header fields: free-space and last-record offsets.
  (buf, rnd) => {
    const chunks = Math.floor((buf.length - HEADER) / CHUNK);
    const c = HEADER + int(rnd, Math.max(1, chunks)) * CHUNK;
    if (c + 64 <= buf.length)
      buf.writeUInt32LE(rnd() < 0.5 ? int(rnd, 0x20000) : u32(rnd), c + 44 + 4 * int(rnd, 2));
    return buf;
  },
  // A run of bytes copied from elsewhere: plausible tokens in the wrong place.
  (buf, rnd) => {
    const n = 1 + int(rnd, 256);
    const from = int(rnd, Math.max(1, buf.length - n));
    const to = HEADER + int(rnd, Math.max(1, buf.length - HEADER - n));
    buf.copy(buf, to, from, from + n);
    return buf;
  },
  // File header fields.
  (buf, rnd) => {
    if (buf.length >= 128) buf.writeUInt32LE(u32(rnd), 8 * int(rnd, 15));
    return buf;
  },
];

function check(name: string, size: number, sink: DiagnosticSink): string | undefined {
  for (const d of sink.items) {
    if (!KNOWN.has(d.code)) return `unknown code ${d.code}`;
    if (d.file !== name) return `${d.code} without its file`;
    if (
      typeof d.offset !== 'number' ||
      !Number.isInteger(d.offset) ||
      d.offset < 0 ||
      d.offset > size
    ) {
      return `${d.code} with offset ${String(d.offset)} outside the ${size}-byte file`;
    }
  }
  return undefined;
}

async function round(seed: number): Promise<RoundResult> {
  const rnd = prng(seed);
  let buf: Buffer = Buffer.from(bases[int(rnd, bases.length)] as Buffer);
  for (let i = 1 + int(rnd, 4); i > 0; i--) {
    try {
      buf = (mutations[int(rnd, mutations.length)] as Mutation)(buf, rnd);
    } catch {
      // The mutation did not fit a buffer an earlier one truncated: skip it, it is harness.
    }
  }
  const name = `fuzz-${seed}.evtx`;
  const sink = new DiagnosticSink();
  let n = 0;
  try {
    // Most rounds go through the in-memory parser; some through the file reader.
    const recs =
      seed % 16 === 0
        ? await (async () => {
            const out = [];
            for await (const r of readEvtxFile(writeTemp(name, buf), { sink, name })) out.push(r);
            return out;
          })()
        : [...parseEvtxBuffer(buf, { sink, name })];
    for (const r of recs) {
      renderRecordXml(r);
      renderRecordJson(r);
      recordToEvent(r);
      n++;
    }
  } catch (e) {
    return {
      seed,
      error: `threw: ${e instanceof Error ? e.stack : String(e)}`,
      records: n,
      diagnostics: 0,
    };
  }
  const bad = check(name, buf.length, sink);
  return { seed, records: n, diagnostics: sink.items.length, ...(bad ? { error: bad } : {}) };
}

const { from, to } = workerData as { from: number; to: number };
for (let seed = from; seed < to; seed++) {
  parentPort?.postMessage(await round(seed));
}
