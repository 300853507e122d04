import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir, sharedPath } from '../helpers.js';
import { cli, jsonLines } from './run-cli.js';

const F06 = sharedPath('field-cases', 'F06-dns-cname-fusion', 'events.json');

describe('webc2 query', () => {
  it('runs KQL over the tables built from the inputs', async () => {
    const r = await cli(
      'query',
      'DeviceNetworkEvents | project RemoteUrl, RemoteIP, InitiatingProcessFileName',
      F06,
      '-f',
      'jsonl',
      '-q',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout), [
      {
        RemoteUrl: 'raw.githubusercontent.com',
        RemoteIP: '185.199.110.133',
        InitiatingProcessFileName: 'powershell.exe',
      },
    ]);
  });

  it('reads the query from a file and offers the web-service catalogue as a table', async () => {
    const dir = scratchDir('webc2-q-');
    const q = path.join(dir, 'q.kql');
    writeFileSync(
      q,
      'DeviceNetworkEvents\n| lookup kind=inner (WebServices | project RemoteUrl = Domain, Service) on RemoteUrl\n| project Service\n',
    );
    const r = await cli('query', '--file', q, F06, '-f', 'csv', '-q');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Service\r\nGitHub\r\n');
  });

  it('prints Kusto’s error with the query line and a caret under the position, and exits 2', async () => {
    const r = await cli(
      'query',
      'DeviceNetworkEvents\n| where RemoteUrl has "x"\n| projec RemoteUrl',
      F06,
      '-q',
    );
    assert.equal(r.code, 2);
    const lines = r.stderr.split('\n');
    assert.match(lines[0]!, /^query:3:3: error KS\d+: /);
    assert.equal(lines[1], '  | projec RemoteUrl');
    assert.equal(lines[2], '    ^^^^^^');
  });

  it('stops a result larger than the row limit with a clear message', async () => {
    const r = await cli('query', 'range x from 1 to 100 step 1', F06, '--max-rows', '10', '-q');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /KQL0402: The range would have more than 10 rows, the limit\./);
  });

  it('reads a watchlist CSV for _GetWatchlist', async () => {
    const dir = scratchDir('webc2-wl-');
    const wl = path.join(dir, 'allowed.csv');
    writeFileSync(wl, 'Process,Reason\npowershell.exe,admin scripts\n');
    const r = await cli(
      'query',
      "DeviceNetworkEvents | join kind=leftanti (_GetWatchlist('allowed') | project InitiatingProcessFileName = Process) on InitiatingProcessFileName | count",
      F06,
      '--watchlist',
      `allowed=${wl}`,
      '-f',
      'jsonl',
      '-q',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout), [{ Count: 0 }]);
  });
});

describe('webc2 tables', () => {
  it('lists each table with its rows and the columns that hold data', async () => {
    const r = await cli('tables', F06, '-f', 'jsonl');
    assert.equal(r.code, 0);
    const tables = jsonLines(r.stdout);
    const net = tables.find((t) => t['table'] === 'DeviceNetworkEvents')!;
    assert.equal(net['rows'], 1);
    const cols = (net['columns'] as { name: string; type: string }[]).map(
      (c) => `${c.name}:${c.type}`,
    );
    assert.ok(cols.includes('RemotePort:int'));
    assert.ok(cols.includes('Timestamp:datetime'));
  });

  it('says one row, and several rows, in the table view', async () => {
    const r = await cli('tables', F06);
    assert.match(r.stdout, /^DeviceNetworkEvents {2}1 row {2}\(/m);
    assert.match(r.stdout, /^DeviceFileEvents {2}0 rows {2}\(/m);
  });
});
