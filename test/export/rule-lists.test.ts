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
  });

  it('refuses a rule text that lost a list, rather than exporting without it', () => {
    assert.throws(
      () => ruleLists(rule.query.replace('let Browsers', 'let Navigators')),
      /Browsers/,
    );
  });

  it('has path globs that agree with the rule’s regexes on sample paths', () => {
    const installed = (p: string): boolean =>
      re(lists.installPath).test(p) && !re(lists.tempPath).test(p);
    const globInstalled = (p: string): boolean =>
      globs(PATH_GLOBS.install)(p) && !globs(PATH_GLOBS.temp)(p);
    for (const p of PATHS) {
      assert.equal(globInstalled(p), installed(p), `install: ${p}`);
      assert.equal(globs(PATH_GLOBS.agent)(p), re(lists.agentPath).test(p), `agent: ${p}`);
    }
  });
});
