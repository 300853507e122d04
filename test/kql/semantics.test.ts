import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scalar } from '../../src/table/types.js';
import { rows, value } from './run.js';

/*
 * Kusto semantics an executor gets wrong easily, one row per rule. Sources are named per
 * group: [D] the Kusto documentation page, [E] the emulator runs recorded in
 * ../shared/notes/kql-semantics.md. Datetimes and timespans are bigint 100 ns ticks.
 */

const DAY = 864_000_000_000n;
const HOUR = 36_000_000_000n;
const JAN_1_2024 = 17_040_672_000_000_000n;

type Row = [expr: string, expected: Scalar, why?: string];

function table(name: string, cases: Row[]): void {
  describe(name, () => {
    for (const [expr, expected, why] of cases) {
      it(`${expr} → ${String(expected)}${why ? `  [${why}]` : ''}`, () => {
        assert.deepEqual(value(expr), expected);
      });
    }
  });
}

// [D equals-operator, in-cs-operator, in-operator, datatypes-string-operators]
table('case rules per operator', [
  ['"abc" == "ABC"', false, '== is case-sensitive'],
  ['"abc" != "ABC"', true],
  ['"abc" =~ "ABC"', true, '=~ folds case'],
  ['"abc" !~ "ABC"', false],
  ['"abc" in ("ABC", "x")', false, 'in is case-sensitive'],
  ['"abc" in~ ("ABC", "x")', true, 'in~ folds case'],
  ['"abc" !in ("ABC")', true],
  ['"abc" !in~ ("ABC")', false],
  ['"FabriKam" contains "BRIK"', true],
  ['"FabriKam" contains_cs "BRIK"', false],
  ['"FabriKam" !contains_cs "BRIK"', true],
  ['"Fabrikam" startswith "FAB"', true],
  ['"Fabrikam" startswith_cs "FAB"', false],
  ['"Fabrikam" endswith "KAM"', true],
  ['"Fabrikam" endswith_cs "KAM"', false],
  ['"North America" has "AMERICA"', true],
  ['"North America" has_cs "AMERICA"', false],
  ['"North America" hasprefix "AME"', true],
  ['"North America" hasprefix_cs "AME"', false],
  ['"North America" hassuffix "ICA"', true],
  ['"North America" hassuffix_cs "ICA"', false],
  ['"North America" has_any ("SOUTH", "NORTH")', true, 'has_any folds case'],
  ['"North America" has_all ("NORTH", "AMERICA")', true],
  ['"ABC" matches regex "abc"', false, 'regexes are case-sensitive'],
  ['"ABC" matches regex "(?i)abc"', true],
]);

// [D null-values, scalar-data-types/string; E R4]
table('null and the empty string', [
  ['isnull("")', false, 'a string is never null'],
  ['isempty("")', true],
  ['isempty(int(null))', true],
  ['isnotempty(" ")', true],
  ['tostring(int(null))', '', 'tostring is total'],
  ['strlen(tostring(long(null)))', 0],
  ['"" == ""', true],
  ['int(null) == int(null)', null, 'both null: null'],
  ['int(null) == 1', false, 'one null: false'],
  ['int(null) != 1', true, 'one null: true for the negation'],
  ['int(null) < 1', null, 'ordering with null: null'],
  ['int(null) + 1', null, 'arithmetic propagates null'],
  ['"" has "x"', false],
  ['iff(bool(null), 1, 2)', 2, 'a null condition takes the else branch'],
  ['true and bool(null)', null],
  ['false and bool(null)', false],
  ['true or bool(null)', true],
  ['not(bool(null))', null],
  ['isnull(dynamic({"a":1}).b)', true, 'a missing property is null'],
  ['isnull(dynamic([1])[5])', true, 'an index past the end is null'],
]);

// [D scalar-data-types/datetime, timespan; E R13]
table('datetime at 100 ns, timespan arithmetic', [
  ['datetime(2024-01-01 00:00:00.0000001) - datetime(2024-01-01)', 1n, 'one tick survives'],
  ['datetime(2024-01-01) < datetime(2024-01-01 00:00:00.0000001)', true],
  ['tostring(datetime(2024-01-01T00:00:00.1234567Z))', '2024-01-01T00:00:00.1234567Z'],
  ['tolong(1tick)', 1],
  ['datetime(2024-01-01) + 1d', JAN_1_2024 + DAY],
  ['datetime(2024-01-02) - datetime(2024-01-01)', DAY, 'dt - dt is a timespan'],
  ['1d / 1h', 24, 'timespan / timespan is a real'],
  ['2h * 3', 6n * HOUR],
  ['1h / 2', HOUR / 2n],
  ['1d % 7h', 3n * HOUR],
  ['-(1h)', -HOUR],
  ['bin(time(16d), 7d)', 14n * DAY, 'bin floors to a multiple'],
  ['bin(datetime(1970-05-11 13:45:07), 1d)', 130n * DAY],
]);

// [E R13] integer arithmetic follows .NET longs; reals follow IEEE doubles.
table('integer division and overflow', [
  ['7 / 2', 3],
  ['-7 / 2', -3, 'truncates toward zero'],
  ['7 / 0', null, 'integer division by zero is null'],
  ['7.0 / 0', Infinity, 'real division by zero is infinite'],
  ['-7.0 / 0', -Infinity],
  ['-10 % 4', 2, 'the remainder is never negative'],
  ['7 / 2.0', 3.5],
  ['int(2147483647) + int(1)', 2147483648, 'int + int is a long'],
  ['9223372036854775807 + 1', -9223372036854775808, 'long arithmetic wraps at 64 bits'],
]);

// [E R9, R17] dynamic values compare by their content.
table('dynamic comparisons', [
  ['dynamic(1) == 1', true],
  ['dynamic({"a":1}).a == 1', true],
  ['dynamic({"a":1}).a > 0', true],
  ['dynamic("x") == "x"', true],
  ['dynamic(null) == 1', false],
  ['dynamic([1,2]) == dynamic([1,2])', true],
  ['tostring(dynamic("x"))', 'x', 'a dynamic string prints unquoted'],
  ['tostring(dynamic({"a":1}))', '{"a":1}'],
  ['tostring(dynamic(null))', ''],
]);

describe('where drops rows whose predicate is null', () => {
  // [D null-values] null != 5 is true, so the null row stays; null > 1 is null, so it goes.
  const data = 'datatable(ival:int, sval:string)[5, "a", int(null), "b"]';
  it('keeps the null row for != (one side null is true)', () => {
    assert.deepEqual(rows(`${data} | where ival != 5`), [{ ival: null, sval: 'b' }]);
  });
  it('drops it for > (null)', () => {
    assert.deepEqual(rows(`${data} | where ival > 1`), [{ ival: 5, sval: 'a' }]);
  });
  it('drops every row for == null', () => {
    assert.deepEqual(rows(`${data} | where ival == int(null)`), []);
  });
  it('a string cell is "" rather than null', () => {
    assert.deepEqual(rows('datatable(s:string)[""] | where isnull(s)'), []);
    assert.equal(rows('datatable(s:string)[""] | where isempty(s)').length, 1);
  });
});

describe('sort defaults and null order', () => {
  // [D sort-operator] desc by default; nulls last when descending, first when ascending.
  const data = 'datatable(x:real)[5, real(null), -5, real(nan), 0, real(+inf), real(-inf)]';
  const xs = (q: string): Scalar[] => rows(q).map((r) => r['x'] ?? null);
  it('ascending: null, NaN, -inf, -5, 0, 5, +inf', () => {
    assert.deepEqual(xs(`${data} | sort by x asc`), [null, NaN, -Infinity, -5, 0, 5, Infinity]);
  });
  it('default is descending with nulls last', () => {
    assert.deepEqual(xs(`${data} | sort by x`), [Infinity, 5, 0, -5, -Infinity, NaN, null]);
  });
  it('nulls last can be asked for when ascending', () => {
    assert.deepEqual(xs(`${data} | sort by x asc nulls last`), [
      NaN,
      -Infinity,
      -5,
      0,
      5,
      Infinity,
      null,
    ]);
  });
  it('top N is sort then take', () => {
    assert.deepEqual(xs(`${data} | top 2 by x`), [Infinity, 5]);
  });
  it('datetimes order by their 100 ns ticks', () => {
    const q =
      'datatable(t:datetime)[datetime(2024-01-01 00:00:00.0000002), ' +
      'datetime(2024-01-01 00:00:00.0000001)] | sort by t asc';
    assert.deepEqual(
      rows(q).map((r) => r['t']),
      [JAN_1_2024 + 1n, JAN_1_2024 + 2n],
    );
  });
});

describe('join kinds, renaming and null keys', () => {
  // [D join-operator, join-innerunique, join-leftouter; E R14]
  const X = 'let X = datatable(Key:string, Value1:long)["a",1,"b",2,"b",3,"c",4];';
  const Y = 'let Y = datatable(Key:string, Value2:long)["b",10,"c",20,"c",30,"d",40];';
  const run = (q: string): string[] =>
    rows(`${X}${Y}${q}`).map((r) => Object.values(r).map(String).join(','));

  it('innerunique (the default) keeps one left row per key, then joins', () => {
    assert.deepEqual(run('X | join Y on Key'), ['b,2,b,10', 'c,4,c,20', 'c,4,c,30']);
  });
  it('inner pairs every match', () => {
    assert.deepEqual(run('X | join kind=inner Y on Key').sort(), [
      'b,2,b,10',
      'b,3,b,10',
      'c,4,c,20',
      'c,4,c,30',
    ]);
  });
  it('renames clashing right columns with a numeric suffix, the key included', () => {
    assert.deepEqual(Object.keys(rows(`${X}${Y}X | join Y on Key`)[0]!), [
      'Key',
      'Value1',
      'Key1',
      'Value2',
    ]);
  });
  it('a second join of the same table takes the next suffix (DeviceId1, then DeviceId2)', () => {
    const A = 'let A = datatable(Timestamp:datetime, DeviceId:string, RemoteUrl:string)[];';
    const B = 'let B = datatable(Timestamp:datetime, DeviceId:string, FileName:string)[];';
    const q = `${A}${B}A | join kind=inner B on DeviceId | join kind=inner B on DeviceId | getschema`;
    assert.deepEqual(
      rows(q).map((r) => r['ColumnName']),
      [
        'Timestamp',
        'DeviceId',
        'RemoteUrl',
        'Timestamp1',
        'DeviceId1',
        'FileName',
        'Timestamp2',
        'DeviceId2',
        'FileName1',
      ],
    );
  });
  it('leftouter fills a missing right string with "" and other types with null', () => {
    assert.deepEqual(rows(`${X}${Y}X | join kind=leftouter Y on Key | where Key == "a"`), [
      { Key: 'a', Value1: 1, Key1: '', Value2: null },
    ]);
  });
  it('null keys match each other, so leftanti drops them', () => {
    const L = 'let L = datatable(k:long, v:long)[long(null), 1, 2, 2];';
    const R = 'let R = datatable(k:long, w:long)[long(null), 10, 3, 3];';
    assert.deepEqual(rows(`${L}${R}L | join kind=inner R on k`), [
      { k: null, v: 1, k1: null, w: 10 },
    ]);
    assert.deepEqual(rows(`${L}${R}L | join kind=leftanti R on k`), [{ k: 2, v: 2 }]);
  });
  it('a filter after innerunique on a left column runs before the left rows are deduplicated', () => {
    // [D join-innerunique] the docs' example keeps both val1.2 rows.
    const t1 = 'let t1 = datatable(key:long, value:string)[1, "val1.1", 1, "val1.2"];';
    const t2 = 'let t2 = datatable(key:long, value:string)[1, "val1.3", 1, "val1.4"];';
    const got = rows(`${t1}${t2}t1 | join kind=innerunique t2 on key | where value == "val1.2"`);
    assert.deepEqual(
      got.map((r) => r['value1']),
      ['val1.3', 'val1.4'],
    );
  });
  it('lookup drops the right key columns', () => {
    assert.deepEqual(Object.keys(rows(`${X}${Y}X | lookup Y on Key`)[0]!), [
      'Key',
      'Value1',
      'Value2',
    ]);
  });
});
