import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globRegExp, PATH_GLOBS, ruleLists } from '../../src/export/rule-lists.js';
import { builtinRules } from '../../src/rules/pack.js';

const rule = builtinRules().find((r) => r.id === 'webc2-t1102')!;
const lists = ruleLists(rule.query);

/** The rule's RE2 pattern as a JavaScript RegExp (`(?i)` becomes the i flag). */
function re(pattern: string): RegExp {
  return new RegExp(pattern.replace(/^\(\?i\)/, ''), 'i');
}

function globs(patterns: readonly string[]): (path: string) => boolean {
  const res = patterns.map(globRegExp);
  return (path) => res.some((r) => r.test(path));
}

const PATHS = [
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'D:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Users\\ann\\AppData\\Local\\Discord\\app-1.0.9\\Discord.exe',
  'C:\\Users\\ann\\AppData\\Roaming\\Telegram Desktop\\Telegram.exe',
  'C:\\Users\\ann\\AppData\\Local\\Temp\\chrome.exe',
  'C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\Temp\\OneDrive.exe',
  'C:\\Users\\Public\\chrome.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2-0\\MsMpEng.exe',
  'C:\\Program Files\\Windows Defender\\MpCmdRun.exe',
  'C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe',
  'C:\\ProgramData\\evil\\MsMpEng.exe',
  'C:\\Users\\ann\\Downloads\\tool.exe',
  'C:\\Tmp\\x.exe',
];

describe('the decision lists read from webc2-t1102', () => {
  it('finds every list the exports need', () => {
    assert.ok(lists.lolbins.includes('certutil.exe'));
    assert.ok(!lists.lolbins.includes('msiexec.exe'), 'the seed list stays the seed list');
    assert.ok(
      lists.fetchLolbins.includes('msiexec.exe') && lists.fetchLolbins.includes('wmic.exe'),
    );
    assert.ok(lists.interpreters.includes('python.exe'));
    assert.ok(lists.browsers.includes('chrome.exe'));
    assert.ok(lists.agents.includes('msmpeng.exe'));
    assert.ok(lists.officeParents.includes('winword.exe'));
    assert.deepEqual(lists.ownClients.get('onedrive.exe'), [
      'OneDrive',
      'Microsoft Graph',
      'SharePoint Online',
    ]);
    assert.equal(lists.apiShapes[0]![1], 'Telegram bot API');
    assert.ok(lists.apiShapes.some(([pattern]) => pattern.includes('rentry')));
  });

  it('reads the vendor-folder and versioned-interpreter patterns as the rule writes them', () => {
    const browser = re(lists.browserPath);
    assert.ok(browser.test('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'));
    assert.ok(!browser.test('C:\\Users\\x\\AppData\\Roaming\\chrome.exe'));
    const client = re(lists.clientPath);
    assert.ok(client.test('C:\\Users\\ann\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe'));
    assert.ok(!client.test('C:\\Users\\ann\\AppData\\Local\\Cache\\OneDrive.exe'));
    const name = re(lists.interpreterName);
    for (const n of ['python3.11.exe', 'perl5.36', 'php8.2.exe', 'pythonw.exe'])
      assert.ok(name.test(n), n);
    assert.ok(!name.test('pythonista.exe'));
  });

  for (const name of ['Browsers', 'FetchLolbins', 'BrowserPath', 'ClientPath', 'InterpreterName'])
    it(`refuses a rule text without ${name}, rather than exporting without it`, () => {
      assert.throws(
        () => ruleLists(rule.query.replace(`let ${name} =`, 'let Renamed =')),
        new RegExp(name),
      );
    });

  it('has path globs that agree with the rule’s regexes on sample paths', () => {
    for (const p of PATHS) {
      assert.equal(globs(PATH_GLOBS.temp)(p), re(lists.tempPath).test(p), `temp: ${p}`);
      assert.equal(globs(PATH_GLOBS.agent)(p), re(lists.agentPath).test(p), `agent: ${p}`);
    }
  });
});
