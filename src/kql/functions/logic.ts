/**
 * Logic and null tests: `not`, `iff`/`iif`, `case`, `coalesce`, `isnull`, `isnotnull`,
 * `isempty`, `isnotempty`. `not` is a function in KQL, and `not(null)` is null. Strings have
 * no null, so `isnull("")` is false and `isempty` is the test for a missing string.
 */

import type { Scalar } from '../../table/types.js';
import { define, fn } from './registry.js';

function isEmptyValue(v: Scalar): boolean {
  return v === null || v === undefined || v === '';
}

define(
  fn('not', ([v]) => (v === null || v === undefined ? null : !v)),
  fn('iff', ([c, a, b]) => (c === true ? (a ?? null) : (b ?? null)), ['iif']),
  fn('case', (args) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1] ?? null;
    return args[args.length - 1] ?? null;
  }),
  fn('coalesce', (args, site) => {
    for (const v of args) {
      if (site.resultType === 'string' ? !isEmptyValue(v) : v !== null && v !== undefined) return v;
    }
    return site.resultType === 'string' ? '' : null;
  }),
  fn('isnull', ([v]) => v === null || v === undefined),
  fn('isnotnull', ([v]) => v !== null && v !== undefined),
  fn('isempty', ([v]) => isEmptyValue(v ?? null)),
  fn('isnotempty', ([v]) => !isEmptyValue(v ?? null), ['notempty']),
  fn('isnan', ([v]) => typeof v === 'number' && Number.isNaN(v)),
  fn('isinf', ([v]) => v === Infinity || v === -Infinity),
  fn('isfinite', ([v]) => typeof v === 'number' && Number.isFinite(v)),
);
