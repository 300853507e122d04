import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rows, value } from '../run.js';

describe('non-deterministic functions', () => {
  it('rand() is a real in [0, 1), rand(n) an integer in [0, n)', () => {
    const r = value('rand()');
    assert.ok(typeof r === 'number' && r >= 0 && r < 1);
    const n = value('rand(10)');
    assert.ok(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 10);
  });
  it('rand() is evaluated per row, not folded into a constant', () => {
    const values = new Set(
      rows('range i from 1 to 50 step 1 | extend r = rand()').map((r) => r['r']),
    );
    assert.ok(values.size > 1);
  });
  it('new_guid() gives a fresh lower-case guid each row', () => {
    const ids = rows('range i from 1 to 5 step 1 | extend g = new_guid()').map((r) => r['g']);
    assert.equal(new Set(ids).size, 5);
    for (const g of ids)
      assert.match(String(g), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
