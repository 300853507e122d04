/**
 * Sigma's regression data: beside each .evtx is the JSON a reference parser (the Rust `evtx`
 * crate's evtx_dump) made of it. Our JSON renderer must give the same structure, key order
 * and typed values for every record of every file. Two kinds of difference are allowed, both
 * checked: the reference trims trailing whitespace from string values (Sysmon command lines
 * often end in a space; we keep it, as Windows does), and a few JSON files do not describe
 * their .evtx at all, listed in REFERENCE_FAULTS with the evidence.
 */

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import { parseEvtxBuffer } from '../../../src/formats/evtx/reader.js';
import { renderRecordJson } from '../../../src/formats/evtx/render-json.js';
import { recordToEvent } from '../../../src/formats/evtx/to-event.js';
import { filesUnder, shortName, sigmaDir } from './corpus.js';

/** Reference JSON files that disagree with their own .evtx, and how (checked both ways). */
const REFERENCE_FAULTS: Record<string, string> = {
  'data/sigma-regression/rules/windows/process_creation/proc_creation_win_susp_right_to_left_override':
    'the JSON was edited by hand: it says ParentCommandLine "C:\\Windows\\Explorer.exe" where ' +
    'the log holds "Explorer.EXE" (python-evtx agrees with the log), and its SystemTime has ' +
    '9 fractional digits where every other reference file has 6',
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The concatenated, pretty-printed objects of a reference file (each starts at column 0). */
function referenceRecords(file: string): Json[] {
  return readFileSync(file, 'utf8')
    .split(/\n(?=\{)/)
    .filter((s) => s.trim() !== '')
    .map((s) => JSON.parse(s) as Json);
}

/** Our value with trailing whitespace trimmed from strings, as the reference prints them. */
function trimmed(v: Json, counter: { n: number }): Json {
  if (typeof v === 'string') {
    const t = v.trimEnd();
    if (t !== v) counter.n++;
    return t;
  }
  if (Array.isArray(v)) return v.map((x) => trimmed(x, counter));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimmed(x, counter)]));
  }
  return v;
}

function hasTrailingSpace(v: Json): boolean {
  if (typeof v === 'string') return v !== v.trimEnd();
  if (Array.isArray(v)) return v.some(hasTrailingSpace);
  if (v && typeof v === 'object') return Object.values(v).some(hasTrailingSpace);
  return false;
}

const cases = filesUnder(sigmaDir, '.evtx').map((evtx) => {
  const dir = path.dirname(evtx);
  const json = readdirSync(dir).find((f) => f.endsWith('.json'));
  return { evtx, json: json === undefined ? undefined : path.join(dir, json), dir: shortName(dir) };
});

test('every sigma-regression file has its reference JSON', () => {
  assert.equal(cases.length, 173);
  assert.deepEqual(
    cases.filter((c) => c.json === undefined).map((c) => c.dir),
    [],
  );
});

test('our JSON equals the reference JSON, record by record, field by field', (t) => {
  const mismatched: string[] = [];
  const trims = { n: 0 };
  let records = 0;
  for (const c of cases) {
    const sink = new DiagnosticSink();
    const ours = [...parseEvtxBuffer(readFileSync(c.evtx), { sink, name: c.evtx })].map(
      (r) => JSON.parse(renderRecordJson(r)) as Json,
    );
    const reference = referenceRecords(c.json as string);
    assert.equal(sink.items.length, 0, `${c.dir}: ${sink.items.map((d) => d.message).join('; ')}`);
    assert.ok(!reference.some(hasTrailingSpace), `${c.dir}: the reference kept trailing space`);
    records += ours.length;
    // JSON.stringify compares key order too, which deepEqual would not.
    const same = JSON.stringify(trimmed(ours, trims)) === JSON.stringify(reference);
    if (!same) {
      mismatched.push(c.dir);
      if (!(c.dir in REFERENCE_FAULTS)) {
        assert.deepEqual(trimmed(ours, { n: 0 }), reference, `${c.dir} differs`);
      }
    }
  }
  t.diagnostic(
    `${cases.length} files, ${records} records; ${trims.n} string values differ only by the ` +
      `trailing whitespace the reference trims; ${mismatched.length} files in REFERENCE_FAULTS`,
  );
  assert.deepEqual(mismatched, Object.keys(REFERENCE_FAULTS), 'a listed fault now matches');
});

test('WindowsEvent fields agree with the reference EventData', () => {
  for (const c of cases) {
    const events = [...parseEvtxBuffer(readFileSync(c.evtx), { name: c.evtx })].map(recordToEvent);
    const reference = referenceRecords(c.json as string) as { Event: Record<string, Json> }[];
    events.forEach((e, i) => {
      const ref = reference[i]?.Event ?? {};
      const system = ref['System'] as Record<string, Json>;
      assert.equal(e.eventId, system['EventID'], `${c.dir}#${i} EventID`);
      assert.equal(e.channel, system['Channel']);
      assert.equal(e.computer, system['Computer']);
      assert.equal(e.recordId, system['EventRecordID']);
      assert.equal(e.source.file, c.evtx);
      const provider = system['Provider'] as { '#attributes': { Name: string } };
      assert.equal(e.provider, provider['#attributes'].Name);
      assert.match(e.timeCreated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      const data = (ref['EventData'] ?? ref['UserData']) as Record<string, Json> | null;
      if (!data || c.dir in REFERENCE_FAULTS) return;
      const flat: Record<string, Json> = {};
      const leaves = (o: Record<string, Json>): void => {
        for (const [k, v] of Object.entries(o)) {
          if (k === '#attributes') continue;
          if (v && typeof v === 'object' && !Array.isArray(v)) leaves(v);
          else flat[k] = v;
        }
      };
      leaves(data);
      assert.deepEqual(Object.keys(e.data), Object.keys(flat), `${c.dir}#${i} field names`);
      for (const [k, v] of Object.entries(flat)) {
        const ours = e.data[k] ?? '';
        // GUIDs: Windows prints {lowercase}, the reference UPPERCASE without braces.
        const theirs =
          typeof v === 'string' && /^[0-9A-F-]{36}$/.test(v) ? `{${v.toLowerCase()}}` : v;
        assert.equal(ours.trimEnd(), String(theirs ?? ''), `${c.dir}#${i} ${k}`);
      }
    });
  }
});
