import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { value } from './run.js';

// Term semantics of the has family. Sources: Kusto docs (has-operator, datatypes-string-operators),
// dataexplorer-docs issues #250 and #1005 (observed on ADX), and the measured rules in
// ../shared/notes/kql-semantics.md §2.1.
const cases: [hay: string, op: string, needle: string, expected: boolean][] = [
  ['https://pastebin.com/raw/x', 'has', 'pastebin.com', true],
  ['xpastebin.com', 'has', 'pastebin.com', false],
  ['pastebin.company.net', 'has', 'pastebin.com', false],
  ['PASTEBIN.COM', 'has', 'pastebin.com', true],
  ['cdn.discordapp.com', 'has', 'discord.com', false],
  ['discord.com.evil.net', 'has', 'discord.com', true],
  ['x-default-rtdb.firebaseio.com', 'has', 'firebaseio.com', true],
  ['raw.githubusercontent.com', 'has', 'api.github.com', false],
  ['googlechrome.exe', 'has', 'chrome.exe', false],
  ['Chrome.EXE', 'has', 'chrome.exe', true],
  ['', 'has', 'pastebin.com', false],
  ['KustoExplorerQueryRun', 'has', 'Explorer', false],
  ['North America', 'has', 'america', true],
  ['North America', 'has', 'amer', false],
  ['North America', 'has', 'North America', true],
  ['BA', 'has', 'b', false],
  ['a_b', 'has', 'a', true],
  ['anything', 'has', '', true],
  [
    '/subscriptions/1/resourcegroups/test.rg000001?api-version=1',
    'has',
    '/resourcegroups/test.rg000001?',
    true,
  ],
  ['North America', '!has', 'amer', true],
  ['North America', 'has_cs', 'America', true],
  ['North America', 'has_cs', 'america', false],
  ['North America', 'hasprefix', 'ame', true],
  ['North America', 'hassuffix', 'ica', true],
  ['North America', '!hasprefix', 'mer', true],
  ['FabriKam', 'contains', 'BRik', true],
  ['FabriKam', 'contains_cs', 'Kam', true],
  ['Fabrikam', 'startswith', 'fab', true],
  ['Fabrikam', 'startswith_cs', 'fab', false],
  ['Fabrikam', 'endswith', 'Kam', true],
  ['abc', '=~', 'ABC', true],
  ['abc', '==', 'ABC', false],
];

describe('has family', () => {
  for (const [hay, op, needle, expected] of cases) {
    it(`"${hay}" ${op} "${needle}" → ${expected}`, () => {
      assert.equal(value(`${JSON.stringify(hay)} ${op} ${JSON.stringify(needle)}`), expected);
    });
  }
  it('has_any is true when any needle is a term', () => {
    assert.equal(value('"https://paste.ee/r/x" has_any ("pastebin.com", "paste.ee")'), true);
    assert.equal(value('"errors" has_any ("error")'), false);
  });
  it('has_all needs every needle', () => {
    assert.equal(value('"North and South America" has_all ("south", "north")'), true);
    assert.equal(value('"North America" has_all ("south", "north")'), false);
  });
  it('in~ and !in~ fold case', () => {
    assert.equal(value('"Abc" in~ ("123", "345", "abc")'), true);
    assert.equal(value('"bCa" !in~ ("123", "345", "ABC")'), true);
    assert.equal(value('"abc" in ("ABC")'), false);
  });
});
