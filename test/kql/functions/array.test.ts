import { runCases, type Case } from './cases.js';

const cases: Case[] = [
  ['array_length(dynamic([1, 2, 3, "four"]))', 4, 'array-length-function-00'],
  ['array_length(dynamic([]))', 0, 'edge'],
  ['array_length(parse_json(\'{"a": 1}\'))', null, 'docs array-length-function: not an array'],
  ['array_length(parse_json("x"))', null, 'edge'],
  [
    'array_concat(pack_array(1, 2, 4), pack_array(1, 2))',
    [1, 2, 4, 1, 2],
    'array-concat-function-00',
  ],
  ['array_concat(dynamic([1]), parse_json(\'{"a": 1}\'))', null, 'edge: not an array'],
  [
    'array_reverse(dynamic(["this", "is", "an", "example"]))',
    ['example', 'an', 'is', 'this'],
    'array-reverse-function-00',
  ],
  ['array_slice(dynamic([1,2,3]), 1, 2)', [2, 3], 'array-slice-function-00'],
  ['array_slice(dynamic([1,2,3,4,5]), 2, -1)', [3, 4, 5], 'array-slice-function-01'],
  ['array_slice(dynamic([1,2,3,4,5]), -3, -2)', [3, 4], 'array-slice-function-02'],
  ['array_slice(dynamic([1,2,3]), 2, 1)', [], 'edge: start after end'],
  ['array_slice(dynamic([1,2,3]), 1, 10)', [2, 3], 'edge: end past the array'],
  ['array_sort_asc(dynamic([1,3,4,5,2]))', [1, 2, 3, 4, 5], 'array-sort-asc-function-00'],
  [
    'array_sort_asc(dynamic([1,3,4,5,2]), dynamic(["a","b","c","d","e"]))[1]',
    ['a', 'e', 'b', 'c', 'd'],
    'array-sort-asc-function-00',
  ],
  [
    'strcat_array(array_sort_asc(split("John,Paul,Jane,Kao", ",")), ",")',
    'Jane,John,Kao,Paul',
    'array-sort-asc-function-01',
  ],
  [
    'array_sort_asc(dynamic([null,"blue","yellow","green",null]), false)',
    [null, null, 'blue', 'green', 'yellow'],
    'array-sort-asc-function-04',
  ],
  [
    'array_sort_asc(dynamic([null,"blue","yellow","green",null]))',
    ['blue', 'green', 'yellow', null, null],
    'docs array-sort-asc-function (nulls last)',
  ],
  [
    'array_sort_desc(dynamic([1,3,4,5,2]), dynamic(["a","b","c","d","e"]))[1]',
    ['d', 'c', 'b', 'e', 'a'],
    'array-sort-desc-function-00',
  ],
  [
    'array_sort_desc(dynamic([null,"blue","yellow","green",null]))',
    ['yellow', 'green', 'blue', null, null],
    'array-sort-desc-function-03',
  ],
  [
    'array_sort_desc(dynamic([null,"blue","yellow","green",null]), false)',
    [null, null, 'yellow', 'green', 'blue'],
    'array-sort-desc-function-04',
  ],
  ['array_sort_asc(dynamic(["b", 2, "a", 1]))', [1, 2, 'a', 'b'], 'edge: numbers before strings'],
  ['array_sum(dynamic([1,2,3,4]))', 10, 'array-sum-function-00'],
  ['array_sum(dynamic([1.5, "x"]))', null, 'edge: not all numbers'],
  [
    'array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6]))',
    [1, 5, 3],
    'array-iff-function-00',
  ],
  ['array_iff(dynamic([1,0,50]), "yes", "no")', ['yes', 'no', 'yes'], 'array-iff-function-01'],
  ['array_iff(dynamic(["some string value", null]), 1, 0)', [null, null], 'array-iff-function-02'],
  [
    'array_iff(dynamic([true,true,true]), dynamic([1,2]), dynamic([3,4]))',
    [1, 2, null],
    'array-iff-function-03',
  ],
  ['array_index_of(dynamic(["a", "b", "c"]), "b")', 1, 'docs array-index-of-function'],
  ['array_index_of(dynamic(["a", "b", "c"]), "x")', -1, 'docs array-index-of-function'],
  [
    'array_index_of(dynamic([1, 2, 1, 2]), 2, 0, -1, 2)',
    3,
    'docs array-index-of-function (occurrence)',
  ],
  ['array_rotate_left(dynamic([1,2,3,4,5]), 2)', [3, 4, 5, 1, 2], 'array-rotate-left-function-00'],
  [
    'array_rotate_right(dynamic([1,2,3,4,5]), 2)',
    [4, 5, 1, 2, 3],
    'array-rotate-right-function-00',
  ],
  [
    'array_rotate_right(dynamic([1,2,3,4,5]), -2)',
    [3, 4, 5, 1, 2],
    'array-rotate-right-function-01',
  ],
  [
    'array_shift_left(dynamic([1,2,3,4,5]), 2)',
    [3, 4, 5, null, null],
    'array-shift-left-function-00',
  ],
  [
    'array_shift_left(dynamic([1,2,3,4,5]), 2, -1)',
    [3, 4, 5, -1, -1],
    'array-shift-left-function-01',
  ],
  [
    'array_shift_left(dynamic([1,2,3,4,5]), -2, -1)',
    [-1, -1, 1, 2, 3],
    'array-shift-left-function-02',
  ],
  [
    'array_shift_right(dynamic([1,2,3,4,5]), 2, -1)',
    [-1, -1, 1, 2, 3],
    'array-shift-right-function-01',
  ],
  [
    'array_shift_right(dynamic([1,2,3,4,5]), -2, -1)',
    [3, 4, 5, -1, -1],
    'array-shift-right-function-02',
  ],
  [
    'array_split(dynamic([1,2,3,4,5]), 2)',
    [
      [1, 2],
      [3, 4, 5],
    ],
    'array-split-function-00',
  ],
  [
    'array_split(dynamic([1,2,3,4,5]), dynamic([1,3]))',
    [[1], [2, 3], [4, 5]],
    'array-split-function-01',
  ],
  [
    'set_has_element(dynamic(["this", "is", "an", "example"]), "example")',
    true,
    'docs set-has-element-function',
  ],
  ['set_has_element(dynamic([1, 2]), 3)', false, 'edge'],
  [
    'set_intersect(pack_array(1, 2, 1, 4), pack_array(1, 2), pack_array(8, 1))',
    [1],
    'set-intersect-function-00',
  ],
  ['set_intersect(dynamic([1, 2, 3]), dynamic([4,5]))', [], 'set-intersect-function-01'],
  ['set_union(dynamic([1, 2, 2]), dynamic([2, 3]))', [1, 2, 3], 'docs set-union-function'],
  [
    'set_difference(dynamic([1, 2, 3]), dynamic([2]), dynamic([3]))',
    [1],
    'docs set-difference-function',
  ],
  ['set_union(dynamic([1]), dynamic(["1"]))', [1, '1'], 'edge: 1 and "1" differ'],
  ['pack_array(1, 2, 4)', [1, 2, 4], 'pack-array-function-00'],
  ['pack_array(1, tostring(2), 2 * 1s)', [1, '2', '00:00:02'], 'pack-array-function-01'],
  ['pack_array(int(null), "")', [null, ''], 'edge'],
  [
    'zip(dynamic([1,3,5]), dynamic([2,4,6]))',
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    'zip-function-00',
  ],
  [
    'zip(dynamic([1,2]), dynamic(["one"]))',
    [
      [1, 'one'],
      [2, null],
    ],
    'docs zip-function (padded with null)',
  ],
  ['range(1, 3, 1)', [1, 2, 3], 'has-any-index-function-00'],
  ['range(1, 8, 3)', [1, 4, 7], 'docs range-function'],
  ['range(5, 1, -2)', [5, 3, 1], 'edge'],
  [
    'range(datetime(2020-01-01), datetime(2020-01-02), 12h)',
    [
      '2020-01-01T00:00:00.0000000Z',
      '2020-01-01T12:00:00.0000000Z',
      '2020-01-02T00:00:00.0000000Z',
    ],
    'docs range-function (datetime)',
  ],
  ['repeat("a", 3)', ['a', 'a', 'a'], 'docs repeat-function'],
];

runCases('array functions', cases);
