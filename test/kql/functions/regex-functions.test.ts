import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearRegexEngine } from '../../../src/kql/functions/regex.js';
import { value } from '../run.js';
import { runCases, type Case } from './cases.js';

const GUID = '"82b8be2d-dfa7-4bd1-8f63-24ad26d31449"';

const cases: Case[] = [
  [
    'extract("User: ([^,]+)", 1, "User: James, Email: James@example.com, Age: 29")',
    'James',
    'extract-function-00',
  ],
  [
    'extract(@"Email: (\\S+),", 1, "User: James, Email: James@example.com, Age: 29")',
    'James@example.com',
    'extract-function-00',
  ],
  ['extract(@"Email: (\\S+),", 1, "User: David, Age: 35")', '', 'extract-function-00'],
  ['extract(@"\\d+", 0, "User: David, Age: 35")', '35', 'extract-function-00'],
  ['extract("([0-9]+)", 1, "ab12c")', '12', 'notes §2.5'],
  ['extract("([0-9]+)", 1, "ab12c", typeof(long))', 12, 'docs extract-function (typeof)'],
  ['extract("([a-z]+)", 1, "ab12c", typeof(long))', null, 'docs extract-function (failed cast)'],
  ['extract("x([0-9]+)", 1, "ab12c", typeof(long))', null, 'edge: no match, typed'],
  ['extract("(a)", 2, "abc")', '', 'edge: group out of range'],
  ['extract("(a)|(b)", 2, "a")', '', 'edge: group not taken'],
  ['extract("(", 1, "abc")', '', 'edge: invalid pattern'],
  ['extract("(?i)POWERSHELL", 0, "c:\\\\powershell.exe")', 'powershell', 'RE2 inline flag'],
  ['extract(@"(?P<host>[^/]+)/", 1, "example.org/x")', 'example.org', 'RE2 named group'],
  [
    `extract_all(@"([\\da-f]{2})", ${GUID})`,
    [
      '82',
      'b8',
      'be',
      '2d',
      'df',
      'a7',
      '4b',
      'd1',
      '8f',
      '63',
      '24',
      'ad',
      '26',
      'd3',
      '14',
      '49',
    ],
    'extract-all-function-00',
  ],
  [
    `extract_all(@"(\\w)(\\w+)(\\w)", ${GUID})`,
    [
      ['8', '2b8be2', 'd'],
      ['d', 'fa', '7'],
      ['4', 'bd', '1'],
      ['8', 'f6', '3'],
      ['2', '4ad26d3144', '9'],
    ],
    'extract-all-function-01',
  ],
  [
    `extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), ${GUID})`,
    [
      ['8', 'd'],
      ['d', '7'],
      ['4', '1'],
      ['8', '3'],
      ['2', '9'],
    ],
    'extract-all-function-02',
  ],
  [
    `extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['first',2,'last']), ${GUID})`,
    [
      ['8', '2b8be2', 'd'],
      ['d', 'fa', '7'],
      ['4', 'bd', '1'],
      ['8', 'f6', '3'],
      ['2', '4ad26d3144', '9'],
    ],
    'extract-all-function-03',
  ],
  ['extract_all(@"(\\d+)", "abc")', null, 'docs extract-all-function (no match is null)'],
  [
    'extract_all(@"(\\d)(x)?", dynamic([2]), "1x2")',
    ['x', ''],
    'edge: single group picked, unset group',
  ],
  [
    "replace_regex('Number is 1', @'is (\\d+)', @'was: \\1')",
    'Number was: 1',
    'replace-regex-function-00',
  ],
  ['replace_regex("abc", "x*", "-")', '-a-b-c-', 'RE2 empty matches'],
  ['replace_regex("aaa", "a", @"\\0\\0")', 'aaaaaa', 'edge: \\0 is the match'],
  ['replace_regex("abc", "(", "x")', 'abc', 'edge: invalid pattern'],
  ['replace(@"(\\d+)", @"<\\1>", "a1b22")', 'a<1>b<22>', 'legacy replace (regex, rewrite, text)'],
  ['trim("--", "--https://bing.com--")', 'https://bing.com', 'trim-function-00'],
  ['trim(@"[^\\w]+", "-  Te st1// $")', 'Te st1', 'trim-function-01'],
  ['trim(@"\\s+", "    Hello, world!    ")', 'Hello, world!', 'trim-function-02'],
  ['trim_start("https://", "https://bing.com")', 'bing.com', 'trim-start-function-00'],
  ['trim_start(@"[^\\w]+", "-  Te st1// $")', 'Te st1// $', 'docs trim-start-function'],
  ['trim_end(".com", "bing.com")', 'bing', 'trim-end-function-00'],
  ['trim_end(@"[^\\w]+", "-  Te st1// $")', '-  Te st1', 'trim-end-function-01'],
  // The docs table prints the input trimmed too; the leading spaces stay (only the end is trimmed).
  ['trim_end(@"\\s+", "    Hello, world!    ")', '    Hello, world!', 'trim-end-function-02'],
  ['trim("x", "")', '', 'edge'],
  ['indexof_regex("abcabc", @"a.c")', 0, 'indexof-regex-function-00'],
  ['indexof_regex("abcabcdefg", @"a.c", 0, 9, 2)', 3, 'indexof-regex-function-00'],
  ['indexof_regex("abcabc", @"a.c", 1, -1, 2)', -1, 'indexof-regex-function-00'],
  ['indexof_regex("ababaa", @"a.a", 0, -1, 2)', -1, 'indexof-regex-function-00'],
  ['indexof_regex("abcabc", @"a|ab", -1)', null, 'indexof-regex-function-00'],
  ["regex_quote('(so$me.Te^xt)')", '\\(so\\$me\\.Te\\^xt\\)', 'regex-quote-function-00'],
];

runCases('regex functions', cases);

// RE2 syntax that V8's RegExp lacks: pinned only when the RE2 engine (re2js) is installed.
const re2Only: Case[] = [
  ['extract("a(?i)B", 0, "xab")', 'ab', 'RE2 inline flag mid-pattern'],
  ['extract(@"\\Qa.b\\E", 0, "xa.b")', 'a.b', 'RE2 \\Q…\\E'],
  ['extract(@"\\s+", 0, "a\\u00a0b")', '', 'RE2 \\s is ASCII'],
];

runCases('RE2-only regex syntax', re2Only, !linearRegexEngine && 're2js is not installed');

describe('regex safety', () => {
  it(
    'a catastrophic pattern finishes in linear time',
    { skip: !linearRegexEngine && 're2js is not installed' },
    () => {
      const t0 = performance.now();
      assert.equal(value(`extract("(a+)+$", 0, strcat(strrep("a", 1000), "b"))`), '');
      assert.ok(performance.now() - t0 < 2000);
    },
  );
});
