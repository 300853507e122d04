import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prng } from '../../src/simulate/prng.js';

describe('Prng', () => {
  it('is a function of its seed and stream', () => {
    const draw = (seed: number, stream: string): number[] => {
      const r = new Prng(seed, stream);
      return Array.from({ length: 8 }, () => r.uint32());
    };
    assert.deepEqual(draw(1, 'a'), draw(1, 'a'));
    assert.notDeepEqual(draw(1, 'a'), draw(2, 'a'));
    assert.notDeepEqual(draw(1, 'a'), draw(1, 'b'));
  });

  it('keeps its draws in range', () => {
    const r = new Prng(7);
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 9);
      assert.ok(n >= 3 && n <= 9 && Number.isInteger(n));
      const f = r.next();
      assert.ok(f >= 0 && f < 1);
    }
    assert.match(r.hex(13), /^[0-9a-f]{13}$/);
    assert.match(r.guid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(r.shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
  });

  it('reaches every value of a small range', () => {
    const r = new Prng('coverage');
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(r.int(0, 5));
    assert.equal(seen.size, 6);
  });
});
