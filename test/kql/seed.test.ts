import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sharedPath } from '../helpers.js';
import { defenderTable, rows, ts } from './run.js';

/** The seed's query, cut verbatim from the detection page it came from. */
function seedQuery(): string {
  const text = readFileSync(sharedPath('seeds', '000_8734dd3ccb39f651.txt'), 'utf8');
  const start = text.indexOf('let LegitBrowsers');
  const end = text.indexOf('| sort by Timestamp desc') + '| sort by Timestamp desc'.length;
  return text.slice(start, end);
}

describe('the seed query, verbatim, with Kusto semantics', () => {
  const net = defenderTable('DeviceNetworkEvents', [
    {
      Timestamp: ts('2024-01-01T10:00:00Z'),
      DeviceId: 'd1',
      DeviceName: 'h1',
      RemoteUrl: 'pastebin.com',
      RemoteIP: '1.2.3.4',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'powershell.exe',
    },
    {
      Timestamp: ts('2024-01-01T10:05:00Z'),
      DeviceId: 'd1',
      DeviceName: 'h1',
      RemoteUrl: 'pastebin.com.cdn-edge.example',
      RemoteIP: '1.2.3.5',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'curl.exe',
    },
    {
      Timestamp: ts('2024-01-01T10:06:00Z'),
      DeviceId: 'd1',
      DeviceName: 'h1',
      RemoteUrl: 'notdiscord.com',
      RemoteIP: '1.2.3.6',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'curl.exe',
    },
    {
      Timestamp: ts('2024-01-01T10:07:00Z'),
      DeviceId: 'd1',
      DeviceName: 'h1',
      RemoteUrl: 'discord.com',
      RemoteIP: '1.2.3.7',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'Chrome.EXE',
    },
    {
      Timestamp: ts('2024-01-01T10:08:00Z'),
      DeviceId: 'd2',
      DeviceName: 'h2',
      RemoteUrl: 'api.telegram.org',
      RemoteIP: '1.2.3.8',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'python.exe',
    },
    // Older than 24 hours before "now": dropped by ago(24h).
    {
      Timestamp: ts('2023-12-30T10:00:00Z'),
      DeviceId: 'd1',
      DeviceName: 'h1',
      RemoteUrl: 'pastebin.com',
      RemoteIP: '1.2.3.4',
      RemotePort: 443,
      RemoteIPType: 'Public',
      InitiatingProcessFileName: 'powershell.exe',
    },
  ]);
  const proc = defenderTable('DeviceProcessEvents', [
    {
      Timestamp: ts('2024-01-01T09:59:00Z'),
      DeviceId: 'd1',
      ProcessId: 10,
      FileName: 'powershell.exe',
      ProcessCommandLine: 'powershell iwr pastebin.com',
      InitiatingProcessFileName: 'winword.exe',
      AccountName: 'bob',
    },
    {
      Timestamp: ts('2024-01-01T09:58:00Z'),
      DeviceId: 'd1',
      ProcessId: 11,
      FileName: 'notepad.exe',
      ProcessCommandLine: 'notepad',
      InitiatingProcessFileName: 'explorer.exe',
      AccountName: 'bob',
    },
    {
      Timestamp: ts('2024-01-01T09:58:00Z'),
      DeviceId: 'd1',
      ProcessId: 12,
      FileName: 'ONEDRIVE.EXE',
      ProcessCommandLine: 'onedrive',
      InitiatingProcessFileName: 'explorer.exe',
      AccountName: 'bob',
    },
    {
      Timestamp: ts('2024-01-01T10:07:00Z'),
      DeviceId: 'd2',
      ProcessId: 20,
      FileName: 'python.exe',
      ProcessCommandLine: 'python bot.py',
      InitiatingProcessFileName: 'cmd.exe',
      AccountName: 'eve',
    },
  ]);
  const result = rows(
    seedQuery(),
    new Map([
      ['DeviceNetworkEvents', net],
      ['DeviceProcessEvents', proc],
    ]),
  );

  it('pairs each web-service connection with every process of its device (the seed join on DeviceId)', () => {
    // Hand-computed: d1 has two matching connections (pastebin.com; pastebin.com.cdn-edge.example,
    // which `has` matches on term boundaries) × two processes that survive the exclusions
    // (powershell.exe, notepad.exe; ONEDRIVE.EXE is dropped by !in~), d2 has one × one.
    const got = result.map(
      (r) =>
        `${String(r['RemoteUrl'])}|${String(r['FileName'])}|${String(r['InitiatingProcessFileName'])}`,
    );
    assert.deepEqual(got, [
      'api.telegram.org|python.exe|python.exe',
      'pastebin.com.cdn-edge.example|powershell.exe|curl.exe',
      'pastebin.com.cdn-edge.example|notepad.exe|curl.exe',
      'pastebin.com|powershell.exe|powershell.exe',
      'pastebin.com|notepad.exe|powershell.exe',
    ]);
  });

  it('sets the flags from the right-hand FileName and the left-hand InitiatingProcessFileName', () => {
    const ps = result.find(
      (r) => r['FileName'] === 'powershell.exe' && r['RemoteUrl'] === 'pastebin.com',
    )!;
    assert.equal(ps['SuspiciousProcess'], true);
    assert.equal(
      ps['UnusualParent'],
      false,
      'the parent column is the connection event’s own initiating process',
    );
    const py = result.find((r) => r['FileName'] === 'python.exe')!;
    assert.equal(py['ScriptingProcess'], true);
    assert.equal(py['AccountName'], 'eve');
  });

  it('returns the seed’s columns in order', () => {
    assert.deepEqual(Object.keys(result[0]!), [
      'Timestamp',
      'DeviceName',
      'AccountName',
      'FileName',
      'ProcessCommandLine',
      'InitiatingProcessFileName',
      'RemoteUrl',
      'RemoteIP',
      'RemotePort',
      'SuspiciousProcess',
      'ScriptingProcess',
      'UnusualParent',
      'SHA256',
    ]);
  });
});
