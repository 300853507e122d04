import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KqlEngine } from '../../src/kql/engine.js';
import { scanRegex } from '../../src/kql/operators/parse.js';
import { Table } from '../../src/table/table.js';
import type { Scalar } from '../../src/table/types.js';
import { NOW, rows, ts } from './run.js';

/*
 * Tabular operators, one table per operator: a query over inline data and the rows it must
 * give, in order. Sources: the docs page of each operator [D] and the emulator runs in
 * ../shared/notes/kql-semantics.md §2.6 [E].
 */

type Case = [query: string, expected: Record<string, Scalar>[], why?: string];

function table(name: string, cases: Case[]): void {
  describe(name, () => {
    for (const [query, expected, why] of cases) {
      it(why ?? query, () => assert.deepEqual(rows(query), expected));
    }
  });
}

const AB = 'datatable(a:int, b:dynamic)';

table('mv-expand', [
  [
    `${AB}[1, dynamic([10, 20]), 2, dynamic(['x'])] | mv-expand b`,
    [
      { a: 1, b: 10 },
      { a: 1, b: 20 },
      { a: 2, b: 'x' },
    ],
    'one row per element, the other columns repeated',
  ],
  [
    `${AB}[1, dynamic({"p": 1, "q": 2})] | mv-expand b`,
    [
      { a: 1, b: { p: 1 } },
      { a: 1, b: { q: 2 } },
    ],
    'a bag expands to one-property bags',
  ],
  [
    `${AB}[1, dynamic({"p": 1})] | mv-expand kind=array b`,
    [{ a: 1, b: ['p', 1] }],
    'kind=array gives [key, value] pairs',
  ],
  [
    `${AB}[1, dynamic(null), 2, dynamic([]), 3, dynamic([7])] | mv-expand b`,
    [
      { a: 1, b: null },
      { a: 3, b: 7 },
    ],
    'null gives one row, an empty array none [E R18]',
  ],
  [
    'datatable(b:dynamic, c:dynamic)[dynamic([1, 2, 3]), dynamic(["x"])] | mv-expand b, c',
    [
      { b: 1, c: 'x' },
      { b: 2, c: null },
      { b: 3, c: null },
    ],
    'several columns zip, padded with null',
  ],
  [
    `${AB}[1, dynamic(["2", 2.5, 3])] | mv-expand x = b to typeof(long)`,
    [
      { a: 1, b: ['2', 2.5, 3], x: null },
      { a: 1, b: ['2', 2.5, 3], x: 2 },
      { a: 1, b: ['2', 2.5, 3], x: 3 },
    ],
    'x = b adds a column; to typeof(long) converts numbers, not strings [E R18]',
  ],
  [
    `${AB}[1, dynamic([5, 6, 7])] | mv-expand with_itemindex=i b limit 2`,
    [
      { a: 1, b: 5, i: 0 },
      { a: 1, b: 6, i: 1 },
    ],
    'with_itemindex and limit',
  ],
]);

const TRACE =
  'print s = "Event: x (resourceName=Sched, totalSlices=27, sliceNumber=23, when=02/17/2016 08:40:01)"';

table('parse', [
  [
    `${TRACE} | parse s with * "resourceName=" r ", totalSlices=" n:long * "when=" w:datetime ")" | project r, n, w`,
    [{ r: 'Sched', n: 27, w: ts('2016-02-17T08:40:01Z') }],
    'simple: * skips, typed captures convert',
  ],
  [
    'print s = "a=x;b=y" | parse s with "a=" a:long ";b=" b | project a, b',
    [{ a: null, b: '' }],
    'simple: a capture that does not convert empties the whole row',
  ],
  [
    'print s = "a=x;b=y" | parse kind=relaxed s with "a=" a:long ";b=" b | project a, b',
    [{ a: null, b: 'y' }],
    'relaxed: only the failed capture is null',
  ],
  [
    'print s = "nothing" | parse s with "a=" a:long ";b=" b | project a, b',
    [{ a: null, b: '' }],
    'no match: "" for strings, null for the rest',
  ],
  [
    'print s = "k=1, k=2, end" | parse kind=regex s with "k=" v "," * | project v',
    [{ v: '1, k=2' }],
    'regex: a string capture is greedy [D parse-operator]',
  ],
  [
    'print s = "k=1, k=2, end" | parse kind=regex flags=U s with "k=" v "," * | project v',
    [{ v: '1' }],
    'regex flags=U: ungreedy',
  ],
  [
    'print s = "ID=(7)" | parse kind=regex s with @"ID=\\((\\d)" * | project s',
    [{ s: 'ID=(7)' }],
    'regex: the user groups do not shift the columns',
  ],
  [
    'datatable(s:string)["a=1", "a=x", "b"] | parse-where s with "a=" a:long',
    [{ s: 'a=1', a: 1 }],
    'parse-where keeps the rows that parsed',
  ],
]);

table('evaluate bag_unpack', [
  [
    'datatable(d:dynamic)[dynamic({"Name": "John", "Age": 20}), dynamic({"Age": 40, "H": 1})] | evaluate bag_unpack(d)',
    [
      { Age: 20, H: null, Name: 'John' },
      { Age: 40, H: 1, Name: null },
    ],
    'one dynamic column per key, in ordinal order',
  ],
  [
    'datatable(d:dynamic, k:string)[dynamic({"a": 1}), "x"] | evaluate bag_unpack(d, "p_")',
    [{ k: 'x', p_a: 1 }],
    'a column prefix',
  ],
  [
    'datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John", "Age": 20})] | evaluate bag_unpack(d, columnsConflict="replace_source")',
    [{ Name: 'John', Age: 20 }],
    'replace_source: the property takes the column’s place',
  ],
  [
    'datatable(Name:string, d:dynamic)["James", dynamic({"Name": "John", "Age": 20})] | evaluate bag_unpack(d, columnsConflict="keep_source")',
    [{ Name: 'James', Age: 20 }],
    'keep_source: the column stays',
  ],
  [
    'datatable(d:dynamic, k:string)[dynamic({"a": 7, "b": 2}), "x"] | evaluate bag_unpack(d) : (*, a:long)',
    [{ k: 'x', a: 7 }],
    'an output schema types and selects the columns',
  ],
]);

table('serialize and the row-order functions', [
  [
    'range x from 1 to 4 step 1 | serialize rn = row_number(), p = prev(x), n = next(x, 2, -1)',
    [
      { x: 1, rn: 1, p: null, n: 3 },
      { x: 2, rn: 2, p: 1, n: 4 },
      { x: 3, rn: 3, p: 2, n: -1 },
      { x: 4, rn: 4, p: 3, n: -1 },
    ],
  ],
  [
    'range x from 1 to 4 step 1 | sort by x desc | extend rn = row_number(10, x == 2)',
    [
      { x: 4, rn: 10 },
      { x: 3, rn: 11 },
      { x: 2, rn: 10 },
      { x: 1, rn: 11 },
    ],
    'row_number(start, restart) after sort, which serializes',
  ],
  [
    'range x from 1 to 5 step 1 | serialize c = row_cumsum(x, x == 3)',
    [
      { x: 1, c: 1 },
      { x: 2, c: 3 },
      { x: 3, c: 3 },
      { x: 4, c: 7 },
      { x: 5, c: 12 },
    ],
    'row_cumsum restarts where its second argument is true',
  ],
]);

table('union', [
  [
    'union withsource=T (print x = 1 | as A), (print y = "s")',
    [
      { T: 'A', x: 1, y: '' },
      { T: 'union_arg1', x: null, y: 's' },
    ],
    'outer by default; withsource names inputs by table, as-name or union_argN',
  ],
  [
    'union kind=inner (print a = 1, b = 2), (print b = 3, c = 4)',
    [{ b: 2 }, { b: 3 }],
    'kind=inner keeps the common columns',
  ],
  [
    'union (print a = 1), (print a = "x")',
    [
      { a_long: 1, a_string: '' },
      { a_long: null, a_string: 'x' },
    ],
    'one name, two types: two columns',
  ],
  [
    'let A = view () { print x = 1 }; union isfuzzy=true A, (NoSuchTable | project x = 1)',
    [{ x: 1 }],
    'isfuzzy skips an input that does not exist',
  ],
]);

table('let, functions, toscalar, materialize, invoke, mv-apply, parse-kv', [
  [
    'let f = (T:(x:long), k:long = 2) { T | where x > k }; range x from 1 to 4 step 1 | invoke f()',
    [{ x: 3 }, { x: 4 }],
    'invoke binds the input to the tabular parameter; k takes its default',
  ],
  [
    'let f = (a:long, b:string = "d", c:long = 0) { strcat(a, "-", b, "-", c) }; print x = f(c = 7, a = 12)',
    [{ x: '12-d-7' }],
    'arguments by name',
  ],
  [
    'let n = toscalar(range x from 1 to 5 step 1 | summarize max(x)); print n + 1, toscalar(2)',
    [{ print_0: 6, print_1: 2 }],
  ],
  [
    'let m = materialize(range x from 1 to 2 step 1 | extend r = x * 10); m | join kind=inner m on x | project x, r1',
    [
      { x: 1, r1: 10 },
      { x: 2, r1: 20 },
    ],
  ],
  ['let T = datatable(x:long)[1, 2]; let f = () { T | count }; f()', [{ Count: 2 }]],
  [
    "let f = (T:(a:long)) { T | extend x = 1 }; datatable(a:long, b:string)[1, 'q'] | invoke f()",
    [{ a: 1, b: 'q', x: 1 }],
    'a tabular parameter keeps the columns its declaration does not name',
  ],
  [
    'datatable (i:int, Arr:dynamic)[0, dynamic([1, 5, 3]), 1, dynamic([4, 10])] | mv-apply v = Arr to typeof(long) on (top 2 by v | summarize top2 = make_list(v))',
    [
      { i: 0, Arr: [1, 5, 3], top2: [5, 3] },
      { i: 1, Arr: [4, 10], top2: [10, 4] },
    ],
    'mv-apply runs the subquery per row; the row keeps its other columns',
  ],
  [
    "print s = 'name=John Doe phone=555 5555' | parse-kv s as (name:string, phone:string) with (pair_delimiter=' ', kv_delimiter='=', greedy=true) | project name, phone",
    [{ name: 'John Doe', phone: '555 5555' }],
    'parse-kv, greedy',
  ],
]);

table('summarize', [
  [
    'datatable(F:string, C:string, V:int)["A","r",1, "A","g",int(null), "B","y",int(null), "B","g",int(null)] | summarize arg_max(V, *) by F',
    [
      { F: 'A', V: 1, C: 'r' },
      { F: 'B', V: null, C: 'y' },
    ],
    'arg_max(V, *) returns the row’s other columns; an all-null group keeps a row [D]',
  ],
  [
    'datatable(F:string, C:string, V:int)["a","x",1, "a","y",2, "b","z",5] | summarize arg_max(V, *), arg_min(C, *) by F',
    [
      { F: 'a', V: 2, C: 'y', C1: 'x', V1: 1 },
      { F: 'b', V: 5, C: 'z', C1: 'z', V1: 5 },
    ],
    'a second arg_min(C, *) takes the binder’s renamed columns C1, V1',
  ],
  [
    'range x from 1 to 10 step 1 | summarize percentiles(x, 10, 50, 95), percentile(x, 100)',
    [{ percentile_x_10: 1, percentile_x_50: 5, percentile_x_95: 10, percentile_x_100: 10 }],
    'nearest rank: the smallest value with P% at or below it',
  ],
  [
    'datatable(x:long)[] | summarize count(), sum(x), stdev(x), avg(x), make_list(x), dcount(x)',
    [{ count_: 0, sum_x: 0, stdev_x: 0, avg_x: null, list_x: [], dcount_x: 0 }],
    'no input, no by: one row of default values [D summarize-operator]',
  ],
  ['datatable(x:long)[] | summarize count() by x', [], 'no input with by: no rows'],
  [
    'datatable(t:datetime, k:string)[datetime(2024-01-01 10:10), "a", datetime(2024-01-01 10:50), "a", datetime(2024-01-01 11:05), "b"] | summarize c = count(), ks = make_set(k) by bin(t, 1h)',
    [
      { t: ts('2024-01-01T10:00:00Z'), c: 2, ks: ['a'] },
      { t: ts('2024-01-01T11:00:00Z'), c: 1, ks: ['b'] },
    ],
    'by bin(t, 1h) keeps the name t',
  ],
  [
    'range x from 1 to 5 step 1 | summarize v = variance(x), s = stdev(x), vp = variancep(x), c = countif(x > 2), d = dcountif(x % 2, x > 1)',
    [{ v: 2.5, s: Math.sqrt(2.5), vp: 2, c: 3, d: 2 }],
  ],
]);

table('getschema, render, project family, extend', [
  [
    'print a = 1, b = "x" | getschema',
    [
      { ColumnName: 'a', ColumnOrdinal: 0, DataType: 'System.Int64', ColumnType: 'long' },
      { ColumnName: 'b', ColumnOrdinal: 1, DataType: 'System.String', ColumnType: 'string' },
    ],
  ],
  ['print a = 1 | render table', [{ a: 1 }], 'render changes no data'],
  [
    'print a = 1, b = 2, c = 3 | extend b = "s"',
    [{ a: 1, b: 's', c: 3 }],
    'extend of an existing column replaces it in place [B, E]',
  ],
  ['print a = 1, b = 2, c = 3 | project-rename z = b | project-reorder c', [{ c: 3, a: 1, z: 2 }]],
  ['print ts1 = 1, ts2 = 2, x = 3 | project-away ts*', [{ x: 3 }], 'wildcards'],
  ['print ts1 = 1, ts2 = 2, x = 3 | project-keep ts*', [{ ts1: 1, ts2: 2 }]],
  ['datatable(x:long)[3, 1, 3, 2] | distinct x | sort by x asc', [{ x: 1 }, { x: 2 }, { x: 3 }]],
]);

describe('_GetWatchlist', () => {
  const allow = Table.fromRows(
    [
      { name: 'SearchKey', type: 'string' },
      { name: 'Note', type: 'string' },
    ],
    [{ SearchKey: 'pastebin.com', Note: 'x' }],
  );
  const engine = new KqlEngine(new Map(), { now: NOW, watchlists: new Map([['allow', allow]]) });
  it("reads the table passed for the name, as in Sentinel's _GetWatchlist('name')", () => {
    const q = `print u = "pastebin.com" | where u in ((_GetWatchlist('allow') | project SearchKey))`;
    assert.equal(engine.run(q).table.length, 1);
  });
  it('keeps positions: an error after the call points at the right column', () => {
    try {
      engine.run("_GetWatchlist('allow') | where nope == 1");
      assert.fail('ran');
    } catch (e) {
      const d = (e as { diagnostics: { code: string; column: number }[] }).diagnostics[0]!;
      assert.deepEqual([d.code, d.column], ['KS142', 32]);
    }
  });
  it('names a watchlist that was not passed', () => {
    try {
      engine.run("_GetWatchlist('other')");
      assert.fail('ran');
    } catch (e) {
      const d = (e as { diagnostics: { code: string; message: string }[] }).diagnostics[0]!;
      assert.equal(d.code, 'KQL0304');
      assert.match(d.message, /'other'/);
    }
  });
});

describe('parse: reading the user’s regex', () => {
  // [source, capture groups, the source with greediness flipped (flags=U)]
  const cases: [string, number, string][] = [
    ['(a)(b)', 2, '(a)(b)'],
    ['(?:a)(?i)b', 0, '(?:a)(?i)b'],
    ['(?P<n>x)(?<m>y)', 2, '(?P<n>x)(?<m>y)'],
    ['\\((\\d+)\\)', 1, '\\((\\d+?)\\)'],
    ['[(*]+x*?', 0, '[(*]+?x*'],
    ['a{2,3}b?', 0, 'a{2,3}?b??'],
  ];
  for (const [src, groups, flipped] of cases) {
    it(`${src}: ${groups} groups, ungreedy ${flipped}`, () => {
      assert.equal(scanRegex(src, false).groups, groups);
      assert.equal(scanRegex(src, false).source, src);
      assert.equal(scanRegex(src, true).source, flipped);
    });
  }
});
