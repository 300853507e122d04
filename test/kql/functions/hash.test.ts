import { runCases, type Case } from './cases.js';

const cases: Case[] = [
  ['hash_md5("World")', 'f5a7924e621e84c9280a9a27e1bcb7f6', 'hash-md5-function-00'],
  ['hash_md5(datetime(2020-01-01))', '786c530672d1f8db31fee25ea8a9390b', 'hash-md5-function-00'],
  ['hash_md5("TEXAS")', '3b00dbe6e07e7485a1c12d36c8e9910a', 'hash-md5-function-01'],
  ['hash_sha1("World")', '70c07ec18ef89c5309bbb0937f3a6342411e1fdd', 'hash-sha1-function-00'],
  [
    'hash_sha1(datetime(2020-01-01))',
    'e903e533f4d636b4fc0dcf3cf81e7b7f330de776',
    'hash-sha1-function-00',
  ],
  ['hash_sha1("KANSAS")', 'ea926e17098148921e472b1a760cd5a8117e84d6', 'hash-sha1-function-01'],
  [
    'hash_sha256("TEXAS")',
    '9087f20f23f91b5a77e8406846117049029e6798ebbd0d38aea68da73a00ca37',
    'hash-sha256-function-01',
  ],
  [
    'hash_sha256("IOWA")',
    'f85893dca466f779410f65cd904fdc4622de49e119ad4e7c7e4a291ceed1820b',
    'hash-sha256-function-01',
  ],
  // A long is a double in webc2, so a 64-bit hash keeps only its top 53 bits.
  ['hash("Hello")', Number(753694413698530628n), 'hash-combine-function-00'],
  ['hash("World")', Number(1846988464401551951n), 'hash-combine-function-00'],
  ['hash("World", 100)', 51, 'edge: exact modulo of 1846988464401551951'],
  ['hash("")', Number(BigInt.asIntN(64, 0xef46db3751d8e999n)), 'edge: XXH64 of empty input'],
];

runCases('hash functions', cases);
