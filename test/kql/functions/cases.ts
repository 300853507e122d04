/**
 * Table-driven function tests: each case is a KQL expression run through the real engine as
 * `print v = <expr>`, the value expected, and where the expectation comes from (a docs-cases
 * id, a docs page, the research notes, or "edge" for our own boundary cases).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scalar } from '../../../src/table/types.js';
import { value } from '../run.js';

export type Case = readonly [expr: string, expected: Scalar, source: string];

export function runCases(
  family: string,
  cases: readonly Case[],
  skip: string | false = false,
): void {
  describe(family, { skip }, () => {
    for (const [expr, expected, source] of cases) {
      it(`${expr} → ${show(expected)}  [${source}]`, () => {
        assert.deepStrictEqual(value(expr), expected);
      });
    }
  });
}

function show(v: Scalar): string {
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v);
}
