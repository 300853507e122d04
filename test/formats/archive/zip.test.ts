import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../src/diagnostics.js';
import { zipEntries } from '../../../src/formats/archive/zip.js';
import { loadInputs } from '../../../src/formats/load.js';
import { buildZip, type Member } from './zip-builder.js';
import { scratchDir } from '../../helpers.js';

const EVENT =
  '{"EventID":1,"Hostname":"H","UtcTime":"2024-01-01 00:00:00.000","Image":"C:\\\\a.exe"}\n';

async function members(
  zip: Buffer,
): Promise<{ names: string[]; data: Buffer[]; sink: DiagnosticSink }> {
  const sink = new DiagnosticSink();
  const names: string[] = [];
  const data: Buffer[] = [];
  for await (const e of zipEntries(zip, 'in.zip', sink)) {
    names.push(e.name);
    data.push(e.data);
  }
  return { names, data, sink };
}

describe('zip members', () => {
  // CP437 0x82 is é; 0x8E is Ä.
  const cp437Name = Buffer.from([0x82, 0x8e, 0x2e, 0x6a, 0x73, 0x6f, 0x6e]);
  const cases: [string, Member[], string[], string[]][] = [
    ['a stored member (zip -0, Python zipfile)', [{ name: 'a.json', data: EVENT }], ['a.json'], []],
    ['a deflated member', [{ name: 'a.json', data: EVENT, method: 8 }], ['a.json'], []],
    ['an empty stored member', [{ name: 'e.json', data: '' }], ['e.json'], []],
    [
      'stored and deflated members side by side',
      [
        { name: 'a.json', data: EVENT },
        { name: 'b.json', data: EVENT.repeat(50), method: 8 },
      ],
      ['a.json', 'b.json'],
      [],
    ],
    ['a UTF-8 name (flag bit 11)', [{ name: 'é.json', data: EVENT, flags: 0x800 }], ['é.json'], []],
    ['a CP437 name (no UTF-8 flag)', [{ name: cp437Name, data: EVENT }], ['éÄ.json'], []],
    [
      'a parent-directory name among good ones',
      [
        { name: 'a.json', data: EVENT },
        { name: '../x.json', data: EVENT },
        { name: 'b.json', data: EVENT, method: 8 },
      ],
      ['a.json', '../x.json', 'b.json'],
      ['IN0007'],
    ],
    [
      'an absolute name',
      [{ name: '/etc/x.json', data: EVENT, method: 8 }],
      ['/etc/x.json'],
      ['IN0007'],
    ],
    ['a drive-letter name', [{ name: 'C:/x.json', data: EVENT }], ['C:/x.json'], ['IN0007']],
    ['a backslash traversal', [{ name: '..\\x.json', data: EVENT }], ['../x.json'], ['IN0007']],
    [
      'an encrypted member between readable ones',
      [
        { name: 'a.json', data: EVENT },
        { name: 'secret.json', data: EVENT, flags: 1 },
        { name: 'secret2.json', data: EVENT, method: 8, flags: 1 },
        { name: 'c.json', data: EVENT },
      ],
      ['a.json', 'c.json'],
      ['IN0008', 'IN0008'],
    ],
  ];
  for (const [what, list, names, codes] of cases) {
    it(`reads ${what}`, async () => {
      const got = await members(buildZip(list));
      assert.deepEqual(got.names, names);
      assert.deepEqual(
        got.sink.items.map((d) => d.code),
        codes,
      );
      const readable = list.filter((m) => !((m.flags ?? 0) & 1));
      got.data.forEach((d, i) => assert.equal(d.toString('utf8'), String(readable[i]!.data)));
    });
  }

  it('names the odd member and says why, and the encrypted one plainly', async () => {
    const got = await members(
      buildZip([
        { name: '../x.json', data: EVENT },
        { name: 's.json', data: EVENT, flags: 1 },
      ]),
    );
    const [odd, enc] = got.sink.items;
    assert.equal(odd!.file, 'in.zip!../x.json');
    assert.equal(odd!.severity, 'warning');
    assert.match(odd!.message, /outside the archive|parent/);
    assert.equal(enc!.file, 'in.zip!s.json');
    assert.match(enc!.message, /encrypted member; webc2 cannot read it/);
  });
});

describe('zip archives end to end', () => {
  const dir = scratchDir('webc2-zip-');
  const write = (name: string, data: Buffer): string => {
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const inner = buildZip([{ name: 'ev.json', data: EVENT }]);
  const cases: [string, Buffer, number, number][] = [
    ['stored member', buildZip([{ name: 'ev.json', data: EVENT }]), 1, 1],
    // zip stores members that deflate would not shrink, such as a zip inside a zip.
    ['zip in a zip, stored', buildZip([{ name: 'inner.zip', data: inner }]), 1, 1],
    ['zip in a deflated zip', buildZip([{ name: 'inner.zip', data: inner, method: 8 }]), 1, 1],
    [
      '20,000 stored members',
      buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `d/${i}.json`, data: EVENT }))),
      20_000,
      20_000,
    ],
  ];
  for (const [what, zip, files, records] of cases) {
    it(`reads a ${what}`, async () => {
      const file = write(`${what.replace(/\W+/g, '-')}.zip`, zip);
      const { files: reports, sink } = await loadInputs([file], () => undefined);
      assert.deepEqual(
        sink.items.map((d) => `${d.code} ${d.message}`),
        [],
      );
      assert.equal(reports.length, files);
      assert.equal(
        reports.reduce((a, f) => a + f.read, 0),
        records,
      );
    });
  }
});
