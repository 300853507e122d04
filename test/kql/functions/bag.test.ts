import { runCases, type Case } from './cases.js';

const cases: Case[] = [
  ["bag_has_key(dynamic({'key1' : 123, 'key2': 'abc'}), 'key2')", true, 'bag-has-key-function-00'],
  ["bag_has_key(dynamic({'key1' : 123, 'key3': 'abc'}), 'key2')", false, 'bag-has-key-function-00'],
  [
    "bag_has_key(dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}), '$.key2.prop1')",
    true,
    'bag-has-key-function-01',
  ],
  ["bag_has_key(dynamic({'a': {'b': 1}}), \"$['a']['c']\")", false, 'edge: bracket path'],
  ["bag_has_key(parse_json('[1]'), 'a')", null, 'edge: not a bag'],
  [
    "bag_merge(dynamic({'A1':12, 'B1':2, 'C1':3}), dynamic({'A2':81, 'B2':82, 'A1':1}))",
    { A1: 12, B1: 2, C1: 3, A2: 81, B2: 82 },
    'bag-merge-function-00',
  ],
  [
    "bag_remove_keys(dynamic({'key1' : 123, 'key2': 'abc'}), dynamic(['key2', 'key4']))",
    { key1: 123 },
    'bag-remove-keys-function-00',
  ],
  [
    "bag_remove_keys(dynamic({'key1' : 'value', 'key3': 42.0}), dynamic(['key2', 'key4']))",
    { key1: 'value', key3: 42 },
    'bag-remove-keys-function-00',
  ],
  [
    "bag_remove_keys(dynamic({'a': {'b': 1, 'c': 2}}), dynamic(['$.a.b']))",
    { a: { c: 2 } },
    'docs bag-remove-keys-function (JSONPath)',
  ],
  ['bag_keys(dynamic({"a":"b", "c":123}))', ['a', 'c'], 'docs bag-keys-function'],
  ["bag_keys(parse_json('[1]'))", null, 'edge'],
  [
    'bag_pack("Level", "Information", "ProcessID", 1234)',
    { Level: 'Information', ProcessID: 1234 },
    'docs bag-pack-function',
  ],
  [
    'pack("a", datetime(2020-01-01), "b", 1s)',
    { a: '2020-01-01T00:00:00.0000000Z', b: '00:00:01' },
    'edge: datetimes as text',
  ],
  ['pack_dictionary("k", 1)', { k: 1 }, 'edge: alias'],
  [
    'treepath(parse_json(\'{"a":"b", "c":123, "d": { "e":1, "f":[1,2,3], "g":[{"h":1}]}}\'))',
    [
      "$['a']",
      "$['c']",
      "$['d']",
      "$['d']['e']",
      "$['d']['f']",
      "$['d']['g']",
      "$['d']['g'][0]",
      "$['d']['g'][0]['h']",
    ],
    'docs treepath-function',
  ],
  ['treepath(dynamic(null))', [], 'edge'],
  [
    'extract_json("$.name", \'{"name": "John", "age": 30, "city": "New York"}\', typeof(string))',
    'John',
    'extract-json-function-00',
  ],
  [
    'extract_json("$.age", \'{"age": 30}\', typeof(long))',
    30,
    'docs extract-json-function (typed)',
  ],
  ['extract_json("$.x", \'{"age": 30}\', typeof(long))', null, 'edge: missing'],
  ['extract_json("$.x", "not json", typeof(string))', '', 'edge: bad JSON'],
  ['extractjson("$.a[1]", \'{"a": [1, 2]}\')', '2', 'edge: legacy name, index'],
  [
    "dynamic_to_json(dynamic({'Y10': dynamic({}), 'X8': dynamic({'c3': 1, 'a4': 6}), 'A1': 12}))",
    '{"A1":12,"X8":{"a4":6,"c3":1},"Y10":{}}',
    'dynamic-to-json-function-00',
  ],
];

runCases('bag functions', cases);
