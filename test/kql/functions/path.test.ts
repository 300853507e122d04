import { runCases, type Case } from './cases.js';

const parts = (
  Scheme: string,
  RootPath: string,
  DirectoryPath: string,
  DirectoryName: string,
  Filename: string,
  Extension: string,
  AlternateDataStreamName: string,
) => ({
  Scheme,
  RootPath,
  DirectoryPath,
  DirectoryName,
  Filename,
  Extension,
  AlternateDataStreamName,
});

const cases: Case[] = [
  [
    'parse_path(@"C:\\temp\\file.txt")',
    parts('', 'C:', 'C:\\temp', 'temp', 'file.txt', 'txt', ''),
    'parse-path-function-00',
  ],
  [
    'parse_path(@"temp\\file.txt")',
    parts('', '', 'temp', 'temp', 'file.txt', 'txt', ''),
    'parse-path-function-00',
  ],
  [
    'parse_path("file://C:/temp/file.txt:some.exe")',
    parts('file', 'C:', 'C:/temp', 'temp', 'file.txt', 'txt', 'some.exe'),
    'parse-path-function-00',
  ],
  [
    'parse_path(@"\\\\shared\\users\\temp\\file.txt.gz")',
    parts('', '', '\\\\shared\\users\\temp', 'temp', 'file.txt.gz', 'gz', ''),
    'parse-path-function-00',
  ],
  [
    'parse_path("/usr/lib/temp/file.txt")',
    parts('', '', '/usr/lib/temp', 'temp', 'file.txt', 'txt', ''),
    'parse-path-function-00',
  ],
  ['parse_path("file.txt")', parts('', '', '', '', 'file.txt', 'txt', ''), 'edge: bare name'],
  ['parse_path("")', parts('', '', '', '', '', '', ''), 'edge: empty'],
];

runCases('parse_path', cases);
