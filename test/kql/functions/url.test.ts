import { runCases, type Case } from './cases.js';

const FULL = '"scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment"';

const cases: Case[] = [
  [
    `parse_url(${FULL})`,
    {
      Scheme: 'scheme',
      Host: 'host',
      Port: '1234',
      // The docs print "this/is/a/path"; webc2 keeps the leading "/" (see url.ts).
      Path: '/this/is/a/path',
      Username: 'username',
      Password: 'password',
      'Query Parameters': { k1: 'v1', k2: 'v2' },
      Fragment: 'fragment',
    },
    'docs parse-url-function',
  ],
  ['parse_url("https://www.bing.com").Host', 'www.bing.com', 'edge'],
  [
    'tostring(parse_url("https://a.example/x?q=a%20b")["Query Parameters"].q)',
    'a b',
    'edge: values decoded',
  ],
  ['parse_url("bing.com").Host', '', 'docs parse-url-function: needs a scheme'],
  [
    'parse_urlquery("k1=v1&k2=v2&k3=v3")',
    { 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } },
    'parse-url-query-function-00',
  ],
  [
    "tostring(parse_urlquery('view=vs-2019&preserve-view=true')['Query Parameters'].['preserve-view'])",
    'true',
    'parse-url-query-function-01',
  ],
  [
    "url_encode('https://www.bing.com/hello world')",
    'https%3a%2f%2fwww.bing.com%2fhello+world',
    'url-encode-function-00',
  ],
  // The docs output drops the trailing %2f that the input's "/" must give.
  [
    "url_encode_component('https://www.bing.com/hello world/')",
    'https%3a%2f%2fwww.bing.com%2fhello%20world%2f',
    'url-encode-component-function-00',
  ],
  ["url_encode('é')", '%c3%a9', 'edge: UTF-8 bytes'],
  [
    "url_decode('https%3a%2f%2fwww.bing.com%2f')",
    'https://www.bing.com/',
    'url-decode-function-00',
  ],
  ["url_decode('a+b%zz%C3%A9')", 'a b%zzé', 'edge: lenient'],
];

runCases('url functions', cases);
