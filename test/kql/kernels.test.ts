import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryOperator } from '../../src/kql/functions/binary.js';
import '../../src/kql/functions/index.js';
import { lookupFunction, type CallSite } from '../../src/kql/functions/registry.js';
import { binaryKernel, callKernel } from '../../src/kql/kernels.js';
import { radixOrder } from '../../src/kql/operators/radix.js';
import { comparatorOrder } from '../../src/kql/operators/sort.js';
import { ConstColumn, columnFromValues, type Column } from '../../src/table/column.js';
import type { KqlType, Scalar } from '../../src/table/types.js';

/*
 * The typed fast paths must give exactly what the general path gives. Each test draws random
 * columns (with nulls, NaN, infinities, -0, sub-millisecond ticks) and compares a kernel with
 * the row-at-a-time operator or function it stands in for.
 */

let seed = 7;
function random(): number {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
}
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)]!;
}

const N = 400;
const SPECIAL = [null, NaN, Infinity, -Infinity, -0, 0, 1, -1, 2 ** 53, -(2 ** 53), 0.5];

function numbers(integers: boolean): Scalar[] {
  return Array.from({ length: N }, () =>
    random() < 0.25
      ? pick(SPECIAL.filter((x) => !integers || x === null || Number.isInteger(x)))
      : integers
        ? Math.floor(random() * 20) - 10
        : Math.round(random() * 200 - 100) / 4,
  );
}

const BASE = 17_040_672_000_000_000n;
function ticks(): Scalar[] {
  return Array.from({ length: N }, () =>
    random() < 0.1
      ? null
      : BASE +
        BigInt(Math.floor(random() * 40)) * 3_600_0000n +
        BigInt(Math.floor(random() * 30_000)),
  );
}

function bools(): Scalar[] {
  return Array.from({ length: N }, () => pick([true, false, null]));
}

const COMPARE = [
  'EqualExpression',
  'NotEqualExpression',
  'LessThanExpression',
  'LessThanOrEqualExpression',
  'GreaterThanExpression',
  'GreaterThanOrEqualExpression',
];

/** Column values as a plain list, NaN kept (deepEqual compares with Object.is). */
function values(c: Column): Scalar[] {
  return Array.from({ length: c.length }, (_, i) => c.get(i));
}

function checkBinary(
  kind: string,
  a: Column,
  b: Column,
  lt: KqlType,
  rt: KqlType,
  out: KqlType,
): void {
  const f = binaryOperator(kind, lt, rt, out)!;
  const got = binaryKernel(kind, a, b, lt, rt, out, N, f);
  assert.ok(got !== null, `${kind} ${lt} ${rt} has a kernel`);
  const want = Array.from({ length: N }, (_, i) => f(a.get(i), b.get(i)));
  // -0 and 0 are the same long; compare numbers by value.
  const norm = (xs: Scalar[]): Scalar[] => xs.map((x) => (x === 0 ? 0 : x));
  assert.deepEqual(norm(values(got)), norm(want), `${kind} ${lt} ${rt} → ${out}`);
}

describe('binary kernels match the general operators', () => {
  for (const kind of COMPARE) {
    it(`${kind} on numbers: column/constant, column/column, null constant`, () => {
      const a = columnFromValues('real', numbers(false));
      const b = columnFromValues('real', numbers(false));
      checkBinary(kind, a, b, 'real', 'real', 'bool');
      checkBinary(kind, a, new ConstColumn('real', 0.5, N), 'real', 'real', 'bool');
      checkBinary(kind, a, new ConstColumn('real', NaN, N), 'real', 'real', 'bool');
      checkBinary(kind, a, new ConstColumn('real', null, N), 'real', 'real', 'bool');
      checkBinary(kind, new ConstColumn('long', 3, N), a, 'long', 'real', 'bool');
    });
    it(`${kind} on datetimes, to the tick`, () => {
      const a = columnFromValues('datetime', ticks());
      const b = columnFromValues('datetime', ticks());
      checkBinary(kind, a, b, 'datetime', 'datetime', 'bool');
      checkBinary(
        kind,
        a,
        new ConstColumn('datetime', BASE + 12_345n, N),
        'datetime',
        'datetime',
        'bool',
      );
      checkBinary(kind, a, new ConstColumn('datetime', null, N), 'datetime', 'datetime', 'bool');
    });
  }
  for (const kind of ['AddExpression', 'SubtractExpression', 'MultiplyExpression']) {
    it(`${kind} on longs (wrapping) and reals`, () => {
      const a = columnFromValues('long', numbers(true));
      const b = columnFromValues('long', numbers(true));
      checkBinary(kind, a, b, 'long', 'long', 'long');
      checkBinary(kind, a, new ConstColumn('long', 2 ** 52, N), 'long', 'long', 'long');
      const x = columnFromValues('real', numbers(false));
      checkBinary(kind, x, a, 'real', 'long', 'real');
    });
  }
  for (const kind of ['AndExpression', 'OrExpression']) {
    it(`${kind} with three-valued logic`, () => {
      const a = columnFromValues('bool', bools());
      const b = columnFromValues('bool', bools());
      checkBinary(kind, a, b, 'bool', 'bool', 'bool');
      checkBinary(kind, a, new ConstColumn('bool', null, N), 'bool', 'bool', 'bool');
      checkBinary(kind, a, new ConstColumn('bool', true, N), 'bool', 'bool', 'bool');
    });
  }
});

function checkCall(name: string, args: Column[], argTypes: KqlType[], out: KqlType): void {
  const f = lookupFunction(name)!;
  const site = { name, argTypes, resultType: out, memo: new Map() } as unknown as CallSite;
  const got = callKernel(name, args, out, N);
  assert.ok(got !== null, `${name} has a kernel`);
  const want = Array.from({ length: N }, (_, i) =>
    f.call(
      args.map((c) => c.get(i)),
      site,
    ),
  );
  assert.deepEqual(values(got), want, name);
}

describe('call kernels match the registered functions', () => {
  it('bin of datetimes by whole milliseconds (1h, 1d, 7d, 1ms)', () => {
    const t = columnFromValues('datetime', ticks());
    for (const size of [36_000_000_000n, 864_000_000_000n, 6_048_000_000_000n, 10_000n]) {
      checkCall(
        'bin',
        [t, new ConstColumn('timespan', size, N)],
        ['datetime', 'timespan'],
        'datetime',
      );
    }
  });
  it('bin of numbers', () => {
    const x = columnFromValues('real', numbers(false));
    checkCall('bin', [x, new ConstColumn('real', 0.5, N)], ['real', 'real'], 'real');
    checkCall('bin', [x, new ConstColumn('real', 10, N)], ['real', 'real'], 'real');
  });
  it('not, isnull, isnotnull', () => {
    checkCall('not', [columnFromValues('bool', bools())], ['bool'], 'bool');
    const x = columnFromValues('real', numbers(false));
    checkCall('isnull', [x], ['real'], 'bool');
    checkCall('isnotnull', [columnFromValues('datetime', ticks())], ['datetime'], 'bool');
  });
});

describe('the radix sort orders rows as the comparator sort does', () => {
  const strings = (): Scalar[] =>
    Array.from({ length: N }, () => pick(['b', 'a', 'B', '', 'ab', 'é']));
  const columns: [string, () => Column][] = [
    ['reals', () => columnFromValues('real', numbers(false))],
    ['longs', () => columnFromValues('long', numbers(true))],
    ['datetimes', () => columnFromValues('datetime', ticks())],
    ['strings', () => columnFromValues('string', strings())],
    ['bools', () => columnFromValues('bool', bools())],
  ];
  for (const [name, make] of columns) {
    for (const desc of [false, true]) {
      for (const nullsFirst of [false, true]) {
        it(`${name}, ${desc ? 'desc' : 'asc'}, nulls ${nullsFirst ? 'first' : 'last'}, then a second key`, () => {
          const cols = [make(), columnFromValues('long', numbers(true))];
          const keys = [
            { desc, nullsFirst },
            { desc: !desc, nullsFirst: !nullsFirst },
          ];
          const radix = radixOrder(
            cols.map((column, i) => ({ column, ...keys[i]! })),
            N,
          );
          assert.deepEqual(radix, comparatorOrder(cols, keys));
        });
      }
    }
  }
});
