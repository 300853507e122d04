import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KqlEngine, QueryError, type KqlDiagnostic } from '../../src/kql/engine.js';
import { Table } from '../../src/table/table.js';
import { NOW } from './run.js';

/*
 * Bad input stops a query with a diagnostic that has a stable code and a place in the text,
 * never with a stack overflow, a hang or a runaway result.
 */

function failure(query: string, engine: KqlEngine): KqlDiagnostic {
  try {
    engine.run(query);
  } catch (e) {
    assert.ok(e instanceof QueryError, `expected a QueryError, got ${String(e)}`);
    return e.diagnostics[0]!;
  }
  assert.fail('the query ran');
}

const small = new KqlEngine(
  new Map([['T', Table.fromRows([{ name: 'x', type: 'long' }], rowsOf(100))]]),
  { now: NOW, limits: { maxRows: 50 } },
);
const plain = new KqlEngine(new Map(), { now: NOW });

function rowsOf(n: number): { x: number }[] {
  return Array.from({ length: n }, (_, i) => ({ x: i }));
}

describe('the row limit (KQL0402)', () => {
  it('stops a result larger than the limit, at the operator that made it', () => {
    const d = failure('range x from 1 to 100 step 1', small);
    assert.equal(d.message, 'The range would have more than 50 rows, the limit.');
    assert.deepEqual([d.code, d.line, d.column], ['KQL0402', 1, 1]);
  });
  it('stops a join that multiplies rows past the limit, even when the result is small', () => {
    const q =
      'T | take 10 | extend k = 1 | join kind=inner (T | take 10 | extend k = 1) on k | count';
    const d = failure(q, small);
    assert.equal(d.code, 'KQL0402');
    assert.match(d.message, /join has 100 rows/);
    assert.equal(q.slice(d.start, d.start + 4), 'join');
  });
  it('stops an mv-expand that multiplies rows past the limit', () => {
    const q = 'T | take 40 | mv-expand y = pack_array(x, x) | count';
    const d = failure(q, small);
    assert.equal(d.code, 'KQL0402');
    assert.equal(q.slice(d.start, d.start + 9), 'mv-expand');
  });
  it('runs a filter written after an inner join on the side it reads, before the join', () => {
    // Unfiltered, the join makes 100 rows, past the limit; each filter reads one side only,
    // so both run first and the join makes 1.
    const q =
      'T | take 10 | extend k = 1 | join kind=inner (T | take 10 | extend k = 1, y = x) on k' +
      ' | where y == 3 | where x == 4';
    assert.deepEqual([...small.run(q).table.rows()], [{ x: 4, k: 1, x1: 3, k1: 1, y: 3 }]);
  });
  it('lets a filter read an input table larger than the limit', () => {
    const r = small.run('T | where x >= 0 | extend y = x + 1 | count');
    assert.equal(r.table.column(0).get(0), 100);
  });
});

describe('deep and huge queries', () => {
  it('5,000 nested parentheses: KQL0403 at the first one too deep, quickly', () => {
    const q = 'print x = ' + '('.repeat(5000) + '1' + ')'.repeat(5000);
    const t0 = Date.now();
    const d = failure(q, plain);
    assert.deepEqual([d.code, d.start, d.line, d.column], ['KQL0403', 10 + 128, 1, 139]);
    assert.ok(Date.now() - t0 < 1000, 'the scan answers before the parser runs');
  });
  it('unclosed parentheses deep enough: the same', () => {
    assert.equal(failure('print x = ' + '('.repeat(5000), plain).code, 'KQL0403');
  });
  it('brackets inside strings and comments do not count', () => {
    const deep = '('.repeat(300);
    const q = `// ${deep}\nprint a = "${deep}", b = @'${deep}', c = '\\'${deep}'`;
    assert.equal(plain.run(q).table.length, 1);
  });
  it('a 2 MB query: KQL0404 at the first character past the limit', () => {
    const q = 'print x = "' + 'a'.repeat(2 * 1024 * 1024) + '"';
    const d = failure(q, plain);
    assert.deepEqual([d.code, d.start], ['KQL0404', 1_000_000]);
  });
  it('a 5,000-term sum: Kusto refuses its depth (KS245) instead of overflowing the stack', () => {
    const q = 'print x = ' + Array.from({ length: 5000 }, () => '1').join(' + ');
    assert.equal(failure(q, plain).code, 'KS245');
  });
  it('a syntax error is positioned', () => {
    const d = failure('print x = 1\n| where', plain);
    assert.equal(d.line, 2);
  });
});
