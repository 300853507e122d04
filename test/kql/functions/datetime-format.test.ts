import { runCases, type Case } from './cases.js';

const dt = 'datetime(2017-01-29 09:00:05)';

const cases: Case[] = [
  [
    `format_datetime(${dt}, 'yy-MM-dd [HH:mm:ss]')`,
    '17-01-29 [09:00:05]',
    'format-datetime-function-00',
  ],
  [
    `format_datetime(${dt}, 'yyyy-M-dd [H:mm:ss]')`,
    '2017-1-29 [9:00:05]',
    'format-datetime-function-01',
  ],
  [
    `format_datetime(${dt}, 'yy-MM-dd [hh:mm:ss tt]')`,
    '17-01-29 [09:00:05 AM]',
    'format-datetime-function-02',
  ],
  ["format_datetime(datetime(2009-06-15 13:45:30.617), 'yyyy-MM-dd')", '2009-06-15', 'notes §2.4'],
  [
    "format_datetime(datetime(2009-06-15 13:45:30.617), 'h:mm tt')",
    '1:45 PM',
    'edge: 12-hour clock',
  ],
  ["format_datetime(datetime(2009-06-15 00:05:00), 'hh tt')", '12 AM', 'edge: midnight is 12 AM'],
  ["format_datetime(datetime(2009-06-15 13:45:30.6170000), 'ss.fff')", '30.617', 'edge'],
  [
    "format_datetime(datetime(2009-06-15 13:45:30.6170000), 'ss.FFFFFFF')",
    '30.617',
    'edge: F trims zeros',
  ],
  [
    "format_datetime(datetime(2009-06-15 13:45:30), 'HH:mm:ss.FFF')",
    '13:45:30',
    'edge: empty F drops the point',
  ],
  [
    "format_datetime(datetime(2009-06-15 13:45:30.1234567), 'fffffff')",
    '1234567',
    'edge: 7 digits',
  ],
  ["format_datetime(datetime(null), 'yyyy')", '', 'edge: null'],
  [
    "format_timespan(time(29.09:00:05.12345), 'dd.hh:mm:ss:FF')",
    '29.09:00:05:12',
    'format-timespan-function-00',
  ],
  [
    "format_timespan(time(29.09:00:05.12345), 'ddd.h:mm:ss [fffffff]')",
    '029.9:00:05 [1234500]',
    'format-timespan-function-00',
  ],
  ["format_timespan(time(1.02:03:04), 'd')", '1', 'edge'],
  ["format_timespan(-90m, 'hh:mm')", '-01:30', 'edge: negative'],
];

runCases('datetime formatting', cases);
