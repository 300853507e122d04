import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseless, luceneRegex, nameOnPath } from '../../src/export/path-regex.js';
import { ruleLists } from '../../src/export/rule-lists.js';
import { builtinRules } from '../../src/rules/pack.js';

const lists = ruleLists(builtinRules().find((r) => r.id === 'webc2-t1102')!.query);

/** How the rule (RE2, searched) decides a value. */
const rule = (pattern: string) => (v: string) => new RegExp(caseless(pattern), 'i').test(v);
/** How EQL's `regex~` decides it: the whole value, any case. */
const lucene = (body: string) => (v: string) => new RegExp(`^(?:${body})$`, 'i').test(v);

const PATHS = [
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe',
  'C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\120.0.2210.91\\msedgewebview2.exe',
  'C:\\Users\\ann\\AppData\\Local\\Programs\\Opera\\105.0.4970.21\\opera.exe',
  'C:\\Users\\x\\AppData\\Roaming\\chrome.exe',
  'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe.bak',
  'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
  'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\24.1.0\\FileCoAuth.exe',
  'C:\\Users\\ann\\AppData\\Local\\Temp\\OneDrive.exe',
  'C:\\Program Files\\WindowsApps\\MSTeams_24004.1307.2669.7070_x64__8wekyb3d8bbwe\\ms-teams.exe',
  'C:\\Users\\ann\\AppData\\Local\\Discord\\app-1.0.9\\Discord.exe',
  'C:\\ProgramData\\Discord\\Discord.exe',
  'C:\\Program Files\\Git\\mingw64\\bin\\git-remote-https.exe',
];

describe('the rule’s path regexes in other languages', () => {
  it('translates vendor folders for EQL regex~ without changing a decision', () => {
    for (const pattern of [lists.browserPath, lists.clientPath]) {
      const body = luceneRegex(pattern);
      assert.doesNotMatch(body, /^\^|\(\?/);
      for (const p of PATHS) assert.equal(lucene(body)(p), rule(pattern)(p), `${body}\n${p}`);
    }
    const name = luceneRegex(lists.interpreterName);
    for (const n of ['python3.11.exe', 'Python.EXE', 'perl', 'php8.2', 'pythonista.exe', 'sh.exe'])
      assert.equal(lucene(name)(n), rule(lists.interpreterName)(n), n);
  });

  it('refuses syntax Lucene reads differently', () => {
    for (const bad of ['(?i)^a\\d$', '(?i)^(?:a|b)$', '(?i)^mail@host$', '(?i)a$', '^a$'])
      assert.throws(() => luceneRegex(bad), bad);
    assert.equal(luceneRegex('(?i)^c:\\\\x\\$'), 'c:\\\\x\\$.*', 'an escaped $ is a character');
    assert.equal(
      luceneRegex('(?i)^c:\\\\x\\\\$'),
      'c:\\\\x\\\\',
      'a $ after an escaped \\ anchors',
    );
    assert.throws(() => luceneRegex('(?i)^a|b$'), /top-level \|/);
    assert.equal(luceneRegex('(?i)^([a|b]|c)x$'), '([a|b]|c)x', 'a | in a group or class is fine');
  });

  it('turns a file-name regex into one for a whole path', () => {
    const onPath = new RegExp(nameOnPath(lists.interpreterName), 'i');
    assert.ok(onPath.test('C:\\Users\\ann\\AppData\\Local\\Programs\\Python\\python3.12.exe'));
    assert.ok(onPath.test('/usr/bin/python3.11'));
    assert.ok(!onPath.test('C:\\Tools\\mypython3.exe'));
    assert.ok(!onPath.test('C:\\python3\\tool.exe'));
  });
});
