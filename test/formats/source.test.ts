import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../src/diagnostics.js';
import { loadInputs } from '../../src/formats/load.js';
import { discover, displayPath } from '../../src/formats/source.js';
import { scratchDir, sharedPath } from '../helpers.js';

const EVENT =
  '{"EventID":1,"Hostname":"H","UtcTime":"2024-01-01 00:00:00.000","Image":"C:\\\\a.exe"}\n';

/** A fresh folder with `ev.json` holding one event. */
function folder(): string {
  const dir = scratchDir('webc2-src-');
  writeFileSync(path.join(dir, 'ev.json'), EVENT);
  return dir;
}

async function names(paths: string[]): Promise<{ names: string[]; sink: DiagnosticSink }> {
  const sink = new DiagnosticSink();
  const out: string[] = [];
  for await (const s of discover(paths, sink)) {
    out.push(s.name);
    await s.read();
  }
  return { names: out, sink };
}

/** `dir/name` where `name` is raw bytes (Latin-1 é is 0xE9, not valid UTF-8). */
function rawPath(dir: string, name: number[] | string): Buffer {
  const bytes = typeof name === 'string' ? Buffer.from(name) : Buffer.from(name);
  return Buffer.concat([Buffer.from(dir + path.sep), bytes]);
}

describe('file names that are not UTF-8', () => {
  it('escapes invalid bytes for display and keeps valid UTF-8 as it is', () => {
    const cases: [number[], string][] = [
      [[0x6c, 0x61, 0x74, 0xe9], 'lat\\xe9'],
      [[0xc3, 0xa9, 0x2e, 0x6a], 'é.j'],
      [[0x61, 0xff, 0xfe, 0x62], 'a\\xff\\xfeb'],
      [[0xe2, 0x82], '\\xe2\\x82'],
      [[0xf0, 0x9f, 0x98, 0x80], '😀'],
    ];
    for (const [bytes, shown] of cases) assert.equal(displayPath(Buffer.from(bytes)), shown);
  });

  it('walks into a folder named in Latin-1 and reads what it holds, EVTX included', async () => {
    const dir = folder();
    const lat = rawPath(dir, [0x6c, 0x61, 0x74, 0xe9]);
    mkdirSync(lat);
    writeFileSync(Buffer.concat([lat, Buffer.from('/ev.json')]), EVENT);
    const evtx = sharedPath('data', 'evtx', 'Defense Evasion', 'DE_UAC_Disabled_Sysmon_12_13.evtx');
    copyFileSync(evtx, Buffer.concat([lat, Buffer.from('/log.evtx')]));
    const got = await names([dir]);
    assert.deepEqual(got.sink.items, []);
    assert.deepEqual(got.names, [
      path.join(dir, 'ev.json'),
      path.join(dir, 'lat\\xe9', 'ev.json'),
      path.join(dir, 'lat\\xe9', 'log.evtx'),
    ]);
    const { files } = await loadInputs([dir], () => undefined);
    assert.deepEqual(
      files.map((f) => [f.format, f.read > 0, f.rejected]),
      [
        ['json', true, 0],
        ['json', true, 0],
        ['evtx', true, 0],
      ],
    );
  });

  it('opens such a name given on the command line, where it arrives with U+FFFD in it', async () => {
    const dir = folder();
    const lat = rawPath(dir, [0x6c, 0x61, 0x74, 0xe9, 0x2e, 0x6a, 0x73, 0x6f, 0x6e]);
    writeFileSync(lat, EVENT);
    // Node decodes argv as UTF-8: the byte 0xE9 arrives as U+FFFD.
    const arg = path.join(dir, 'lat\ufffd.json');
    const got = await names([arg]);
    assert.deepEqual(got.sink.items, []);
    assert.deepEqual(got.names, [path.join(dir, 'lat\\xe9.json')]);
  });
});

describe('symbolic links', () => {
  const cases: [string, (dir: string) => string[], number, string[]][] = [
    [
      'a link back to a parent folder',
      (dir) => {
        mkdirSync(path.join(dir, 'sub'));
        writeFileSync(path.join(dir, 'sub', 'b.json'), EVENT);
        symlinkSync('..', path.join(dir, 'sub', 'up'));
        return [dir];
      },
      2,
      ['IN0009'],
    ],
    [
      'a link to itself',
      (dir) => {
        symlinkSync('self', path.join(dir, 'self'));
        return [dir];
      },
      1,
      ['IN0009'],
    ],
    [
      'two names for one file',
      (dir) => {
        symlinkSync('ev.json', path.join(dir, 'link.json'));
        return [dir];
      },
      1,
      ['IN0011'],
    ],
    ['the same folder named twice', (dir) => [dir, dir], 1, ['IN0011']],
  ];
  for (const [what, make, files, codes] of cases) {
    it(`reads each file once past ${what}`, async () => {
      const dir = folder();
      const got = await names(make(dir));
      assert.equal(got.names.length, files, got.names.join('\n'));
      assert.deepEqual(
        got.sink.items.map((d) => d.code),
        codes,
      );
      assert.notEqual(got.sink.items[0]!.severity, 'error');
    });
  }
});
