import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HAS, matchAnyTerm, matchTerm, prepareNeedle } from '../../../src/kql/functions/terms.js';

// `has_any` screens each string with one regular expression built from all its needles
// before checking term boundaries; the answer must always be the one each needle gives alone.
const needles = [
  'pastebin.com',
  'api.github.com',
  'a+b',
  '(x)',
  '[y]',
  'c:\\temp',
  '$home',
  'q?',
  'ß',
  'İstanbul',
];
const hays = [
  'https://pastebin.com/raw/x',
  'xpastebin.com',
  'pastebin.com.evil.net',
  'PASTEBIN.COM',
  'raw.githubusercontent.com',
  'call a+b now',
  'aab',
  'f(x) = 1',
  'fx',
  'list[y]',
  'C:\\Temp\\x.exe',
  'echo $HOME',
  'why q? why',
  'STRASSE ß',
  'i̇stanbul',
  'İSTANBUL',
  '',
];

describe('has_any with its prefilter', () => {
  it('agrees with matching needle by needle', () => {
    const prepared = needles.map((n) => prepareNeedle(n, HAS));
    for (const hay of hays) {
      const oneByOne = prepared.some((n) => matchTerm(hay, n));
      assert.equal(matchAnyTerm(hay, prepared), oneByOne, hay);
      for (const n of prepared) assert.equal(matchAnyTerm(hay, [n, n]), matchTerm(hay, n), hay);
    }
  });
  it('keeps an empty needle matching everything', () => {
    const list = [prepareNeedle('', HAS), prepareNeedle('zzz', HAS)];
    assert.equal(matchAnyTerm('abc', list), true);
  });
});
