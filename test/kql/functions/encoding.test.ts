import { runCases, type Case } from './cases.js';

const cases: Case[] = [
  ['base64_encode_tostring("Kusto")', 'S3VzdG8=', 'base64-encode-tostring-function-00'],
  ['base64_decode_tostring("S3VzdG8=")', 'Kusto', 'base64-decode-tostring-function-00'],
  [
    'base64_decode_tostring("U3RyaW5n0KHR0tGA0L7Rh9C60LA=")',
    '',
    'base64-decode-tostring-function-01',
  ],
  [
    'base64_decode_tostring("S3VzdG8")',
    '',
    'base64-encode-fromarray-function-01: padding required',
  ],
  [
    'base64_decode_toarray("U3RyaW5n0KHR0tGA0L7Rh9C60LA")',
    null,
    'base64-encode-fromarray-function-01',
  ],
  ['base64_decode_tostring("not base64!")', '', 'edge'],
  [
    'base64_decode_toarray("S3VzdG8=")',
    [75, 117, 115, 116, 111],
    'base64-decode-toarray-function-00',
  ],
  [
    'base64_encode_fromarray(dynamic([75, 117, 115, 116, 111]))',
    'S3VzdG8=',
    'docs base64-encode-fromarray-function',
  ],
  ['base64_encode_fromarray(dynamic([]))', '', 'base64-encode-fromarray-function-01'],
];

runCases('base64 functions', cases);
