/**
 * Value types, one line per case: the bytes, the text Windows renders, and the typed value of
 * the reference JSON.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arrayItems,
  filetimeText,
  valueJson,
  valueText,
} from '../../../src/formats/evtx/values.js';

const le = (bits: 16 | 32 | 64, ...ns: (number | bigint)[]): number[] => {
  const b = Buffer.alloc((bits / 8) * ns.length);
  ns.forEach((n, i) => {
    if (bits === 16) b.writeUInt16LE(Number(n), 2 * i);
    else if (bits === 32) b.writeUInt32LE(Number(n), 4 * i);
    else b.writeBigUInt64LE(BigInt(n), 8 * i);
  });
  return [...b];
};
const u16s = (s: string): number[] => [...Buffer.from(s, 'utf16le')];
const GUID = [
  0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9,
];
const FT = BigInt(Date.UTC(2020, 0, 2, 3, 4, 5)) * 10000n + 116444736000000000n + 1234567n;

const CASES: [string, number, number[], string, unknown][] = [
  ['null', 0x00, [], '', null],
  ['UTF-16 string, cut at its NUL', 0x01, [...u16s('ab'), 0, 0, ...u16s('c')], 'ab', 'ab'],
  ['empty string', 0x01, [], '', ''],
  ['ANSI string is windows-1252', 0x02, [0x80, 0x41, 0], '€A', '€A'],
  ['int8', 0x03, [0xff], '-1', -1],
  ['uint8', 0x04, [0xff], '255', 255],
  ['int16', 0x05, [0xfe, 0xff], '-2', -2],
  ['uint16', 0x06, le(16, 4624), '4624', 4624],
  ['int32', 0x07, le(32, 0xfffffffd), '-3', -3],
  ['uint32', 0x08, le(32, 4000000000), '4000000000', 4000000000],
  ['int64 small', 0x09, le(64, 0xfffffffffffffffcn), '-4', -4],
  [
    'uint64 beyond 2^53 stays exact',
    0x0a,
    le(64, 18446744073709551615n),
    '18446744073709551615',
    18446744073709551615n,
  ],
  ['real32 prints its shortest form', 0x0b, [0xcd, 0xcc, 0xcc, 0x3d], '0.1', 0.1],
  ['real64', 0x0c, [...Buffer.from(new Float64Array([2.5]).buffer)], '2.5', 2.5],
  ['bool', 0x0d, le(32, 1), 'true', true],
  ['bool false', 0x0d, le(32, 0), 'false', false],
  ['binary as upper hex', 0x0e, [0x00, 0xab], '00AB', '00AB'],
  [
    'GUID',
    0x0f,
    GUID,
    '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
    '5770385F-C22A-43E0-BF4C-06F5698FFBD9',
  ],
  ['size_t, 8 bytes, hex', 0x10, le(64, 0x7eecn), '0x7eec', '0x7eec'],
  ['size_t, 4 bytes, hex', 0x10, le(32, 0x858), '0x858', '0x858'],
  ['FILETIME', 0x11, le(64, FT), '2020-01-02T03:04:05.1234567Z', '2020-01-02T03:04:05.123456Z'],
  [
    'SYSTEMTIME',
    0x12,
    le(16, 2021, 3, 2, 9, 8, 7, 6, 5),
    '2021-03-09T08:07:06.0050000Z',
    '2021-03-09T08:07:06.005000Z',
  ],
  [
    'SID',
    0x13,
    [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0],
    'S-1-5-32-544',
    'S-1-5-32-544',
  ],
  ['hex32', 0x14, le(32, 0x3e7), '0x3e7', '0x3e7'],
  ['hex64', 0x15, le(64, 0x8020000000000000n), '0x8020000000000000', '0x8020000000000000'],
  ['a GUID too short prints its bytes', 0x0f, [1, 2, 3], '010203', '010203'],
  [
    'string array joined when not expanded',
    0x81,
    [...u16s('a'), 0, 0, ...u16s('b'), 0, 0],
    'a,b',
    ['a', 'b'],
  ],
  ['uint16 array', 0x86, le(16, 1, 2), '1,2', [1, 2]],
];

test('every value type renders as Windows and as the reference JSON do', () => {
  for (const [what, type, bytes, text, json] of CASES) {
    const buf = Buffer.from([0xee, ...bytes, 0xee]);
    assert.equal(valueText(buf, type, 1, bytes.length), text, what);
    assert.deepEqual(valueJson(buf, type, 1, bytes.length), json, what);
  }
});

test('FILETIME at the edges of its range', () => {
  assert.equal(filetimeText(0, 0, 7), '1601-01-01T00:00:00.0000000Z');
  assert.equal(filetimeText(0xffffffff, 0x7fffffff, 7), '30828-09-14T02:48:05.4775807Z');
  assert.equal(filetimeText(0xffffffff, 0x7fffffff, 6), '30828-09-14T02:48:05.477580Z');
  // A leap day, and the last tick of a year.
  const at = (ms: number, extra = 0n): [number, number] => {
    const t = BigInt(ms) * 10000n + 116444736000000000n + extra;
    return [Number(t & 0xffffffffn), Number(t >> 32n)];
  };
  assert.equal(filetimeText(...at(Date.UTC(2024, 1, 29, 12)), 7), '2024-02-29T12:00:00.0000000Z');
  assert.equal(
    filetimeText(...at(Date.UTC(2023, 11, 31, 23, 59, 59), 9999999n), 7),
    '2023-12-31T23:59:59.9999999Z',
  );
});

test('string arrays split on NUL, keeping empty items', () => {
  const buf = Buffer.from([...u16s('ab'), 0, 0, 0, 0, ...u16s('c'), 0, 0]);
  assert.deepEqual(arrayItems(buf, 0x81, 0, buf.length), [0, 4, 6, 0, 8, 2]);
});
