import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreCase, type CaseLabels } from '../../src/rules/eval.js';

const labels = (over: Partial<CaseLabels>): CaseLabels => ({
  id: 't',
  positives: [],
  notBlamed: [],
  noAlerts: false,
  benign: false,
  exhaustive: true,
  ...over,
});

describe('scoring alerts against labels', () => {
  const ps = { FileName: 'powershell.exe', RemoteUrl: 'raw.githubusercontent.com' };
  it('finds a positive by process name and host on or below the expected one', () => {
    const s = scoreCase(labels({ positives: [ps] }), [
      { FileName: 'C:\\x\\PowerShell.EXE', RemoteUrl: 'raw.githubusercontent.com.' },
    ]);
    assert.deepEqual([s.tp, s.fp, s.fn], [1, 0, 0]);
  });
  it('counts a wrong process as a false positive and the right one missed', () => {
    const s = scoreCase(labels({ positives: [ps] }), [
      { FileName: 'notepad.exe', RemoteUrl: 'raw.githubusercontent.com' },
    ]);
    assert.deepEqual([s.tp, s.fp, s.fn], [0, 1, 1]);
  });
  it('does not take a look-alike host for the service', () => {
    const s = scoreCase(labels({ positives: [ps] }), [
      { FileName: 'powershell.exe', RemoteUrl: 'xraw.githubusercontent.com' },
    ]);
    assert.equal(s.fn, 1);
  });
  it('judges benign data only on medium and higher', () => {
    const s = scoreCase(labels({ benign: true }), [
      { FileName: 'git.exe', RemoteUrl: 'github.com', Severity: 'low' },
      { FileName: 'x.exe', RemoteUrl: 'pastebin.com', Severity: 'medium' },
    ]);
    assert.equal(s.fp, 1);
  });
  it('counts any alert on a case that expects none, and any blaming an innocent process', () => {
    assert.equal(
      scoreCase(labels({ noAlerts: true }), [{ FileName: 'a.exe', Severity: 'low' }]).fp,
      1,
    );
    assert.equal(
      scoreCase(labels({ positives: [ps], notBlamed: ['svchost.exe'], exhaustive: false }), [
        { FileName: 'svchost.exe' },
      ]).fp,
      1,
    );
  });
  it('does not judge unlisted alerts when the positives are not exhaustive', () => {
    const s = scoreCase(labels({ positives: [ps], exhaustive: false }), [
      { FileName: 'powershell.exe', RemoteUrl: 'raw.githubusercontent.com' },
      { FileName: 'cmd.exe', RemoteUrl: 'raw.githubusercontent.com' },
    ]);
    assert.deepEqual([s.tp, s.fp, s.fn], [1, 0, 0]);
  });
});
