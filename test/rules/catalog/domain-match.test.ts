import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CATEGORIES,
  builtinCatalog,
  builtinCatalogPath,
  loadCatalogFile,
  matchHost,
  mergeCatalogs,
  normaliseHost,
  parseCatalog,
  type Catalog,
} from '../../../src/rules/catalog/domain-match.js';
import { repoRoot, sharedPath } from '../../helpers.js';
import { SYSMON_ARCHIVES, eventsContaining } from '../evidence/sysmon-zip.js';

const HEADER = 'domain\tmatch\tservice\tcategories\tsource\n';
// prettier-ignore
const SEED_DOMAINS = [
  'pastebin.com', 'paste.ee', 'ghostbin.co',
  'api.github.com', 'raw.githubusercontent.com', 'gist.github.com',
  'graph.microsoft.com', 'onedrive.live.com', 'api.onedrive.com',
  'www.googleapis.com', 'drive.google.com', 'storage.googleapis.com',
  'api.dropboxapi.com', 'content.dropboxapi.com',
  'discord.com', 'discordapp.com', 'cdn.discordapp.com',
  'api.telegram.org',
  'slack.com', 'api.slack.com',
  'firebaseio.com', 'firebase.googleapis.com',
  'api.notion.so',
  'gitee.com',
  'top4top.io',
];

function builtin(): Catalog {
  const { catalog, diagnostics } = builtinCatalog();
  assert.deepEqual(diagnostics, []);
  return catalog;
}

test('host matching follows DNS label boundaries', () => {
  const catalog = builtin();
  // [input, catalogue entry it belongs to, or undefined]
  // prettier-ignore
  const cases: [string, string | undefined][] = [
    ['pastebin.com', 'pastebin.com'],
    ['PASTEBIN.COM.', 'pastebin.com'],
    ['https://pastebin.com/raw/x', 'pastebin.com'],
    ['pastebin.com:443', 'pastebin.com'],
    ['https://user:pw@www.pastebin.com:8443/raw/x?y#z', 'pastebin.com'],
    ['notdiscord.com', undefined],
    ['pastebin.com.evil.example', undefined],
    ['pastebin.com.cdn-edge.example', undefined],
    ['pastebin.company.net', undefined],
    ['chat.meta.com', undefined],
    ['xpastebin.com', undefined],
    ['evilgoogleapis.com', undefined],
    ['x-default-rtdb.firebaseio.com', 'firebaseio.com'],
    ['firebaseio.com', 'firebaseio.com'],
    ['t.me', 't.me'],
    ['www.t.me', 't.me'],
    ['raw.githubusercontent.com', 'raw.githubusercontent.com'],
    ['gist.githubusercontent.com', 'gist.githubusercontent.com'],
    ['avatars.githubusercontent.com', undefined],
    ['avatars3.githubusercontent.com', undefined],
    ['x.raw.githubusercontent.com', undefined],
    ['api.github.com', 'api.github.com'],
    ['uploads.github.com', undefined],
    ['hooks.slack.com', 'slack.com'],
    ['api.slack.com', 'api.slack.com'],
    ['pipelines.actions.githubusercontent.com', 'actions.githubusercontent.com'],
    ['md-xgq5px1vx0km.blob.core.windows.net', undefined],
    ['myapp.azurewebsites.net', undefined],
    ['bucket.s3.amazonaws.com', undefined],
    ['oauth2.googleapis.com', undefined],
    ['storage.googleapis.com', 'storage.googleapis.com'],
    ['script.googleusercontent.com', 'script.googleusercontent.com'],
    ['lh3.googleusercontent.com', undefined],
    ['e7.whatsapp.net', 'whatsapp.net'],
    ['bsc-rpc.publicnode.com', 'publicnode.com'],
    ['ifconfig.me', undefined],
    ['ip-api.com', undefined],
    ['185.199.108.133', undefined],
    ['[::1]:443', undefined],
    ['', undefined],
    ['   ', undefined],
    ['.', undefined],
    ['pastebin..com', undefined],
    ['$host', undefined],
  ];
  for (const [input, expected] of cases) {
    assert.equal(matchHost(catalog, input)?.entry.domain, expected, input);
  }
});

test('host normalisation', () => {
  // prettier-ignore
  const cases: [string, string | undefined][] = [
    ['PasteBin.COM', 'pastebin.com'],
    ['pastebin.com.', 'pastebin.com'],
    ['pastebin.com..', 'pastebin.com'],
    ['https://PasteBin.com.:443/raw/x', 'pastebin.com'],
    ['HTTP://pastebin.com', 'pastebin.com'],
    ['pastebin.com/raw/x', 'pastebin.com'],
    ['pastebin.com?x=1', 'pastebin.com'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['10.0.0.1:8080', '10.0.0.1'],
    ['user@host.example', 'host.example'],
    ['paste bin.com', undefined],
    ['a'.repeat(64) + '.com', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(normaliseHost(input), expected, input);
});

test('all 25 seed domains match, from their own entry', () => {
  const catalog = builtin();
  for (const domain of SEED_DOMAINS) {
    const entry = matchHost(catalog, domain)?.entry;
    assert.equal(entry?.domain, domain, domain);
    assert.ok(entry.source.split(';').includes('seed'), `${domain} credits the seed`);
  }
});

test('the built-in catalogue: size, no duplicates, closed categories, provenance', () => {
  const catalog = builtin();
  const entries = [...catalog.entries.values()];
  const active = entries.filter((e) => e.match !== 'none');
  assert.ok(active.length >= 150, `${active.length} matching entries`);

  // Duplicates would be folded by the Map: count domains in the file itself.
  const text = readFileSync(path.join(repoRoot, 'src/rules/catalog/domains.tsv'), 'utf8');
  const domains = text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t')[0]);
  assert.equal(new Set(domains).size, domains.length);
  assert.equal(domains.length, entries.length);

  const sources = new Set(['seed', 'LOTS', 'LOLC2', 'Elastic', 'Sigma', 'Splunk', 'webc2']);
  for (const e of entries) {
    assert.ok(e.source !== '', `${e.domain} has a source`);
    for (const s of e.source.split(';')) assert.ok(sources.has(s), `${e.domain}: source ${s}`);
    for (const c of e.categories)
      assert.ok((CATEGORIES as readonly string[]).includes(c), `${e.domain}: ${c}`);
    if (e.match !== 'none') assert.ok(e.categories.length > 0 && e.service !== '', e.domain);
  }
});

test('the built-in catalogue is found from the compiled module', () => {
  // These tests run from dist/test, so the module asking is dist/src/rules/catalog/*.js.
  assert.equal(builtinCatalogPath(), path.join(repoRoot, 'src', 'rules', 'catalog', 'domains.tsv'));
  assert.equal(builtinCatalog().catalog, builtinCatalog().catalog, 'read once');
});

test('a user catalogue overrides, adds and switches off entries', () => {
  const user = parseCatalog(
    '# our own list\r\n' +
      HEADER.replace('\n', '\r\n') +
      'pastebin.com\texact\tPastebin (ours)\tpaste\tlocal\r\n' +
      'blob.core.windows.net\tsubdomains\tAzure Blob Storage\tdownload;exfiltration\tlocal\r\n' +
      'api.slack.com\tnone\r\n' +
      'telegram.org\tsubdomains\tTelegram\tc2\tlocal\r\n',
    'user.tsv',
  );
  assert.deepEqual(user.diagnostics, []);
  const merged = mergeCatalogs(builtin(), user.catalog);
  // [host, entry domain it belongs to, service] — undefined when it no longer matches.
  // prettier-ignore
  const cases: [string, string | undefined, string | undefined][] = [
    ['pastebin.com', 'pastebin.com', 'Pastebin (ours)'],
    ['www.pastebin.com', undefined, undefined],
    ['meatwntpj4q3u.blob.core.windows.net', 'blob.core.windows.net', 'Azure Blob Storage'],
    ['api.slack.com', undefined, undefined],
    ['x.api.slack.com', undefined, undefined],
    ['hooks.slack.com', 'slack.com', 'Slack'],
    ['core.telegram.org', 'telegram.org', 'Telegram'],
    ['api.telegram.org', 'api.telegram.org', 'Telegram'],
  ];
  for (const [host, domain, service] of cases) {
    const m = matchHost(merged, host);
    assert.equal(m?.entry.domain, domain, host);
    assert.equal(m?.entry.service, service, host);
  }
  assert.equal(matchHost(merged, 'pastebin.com')?.entry.file, 'user.tsv');
  assert.equal(matchHost(merged, 'pastebin.com')?.entry.line, 3);
  // The built-in catalogue itself is untouched.
  assert.equal(matchHost(builtin(), 'www.pastebin.com')?.entry.domain, 'pastebin.com');
});

test('malformed catalogue lines are reported with line and column, the rest is kept', () => {
  // [line after the header (which is line 1), code, column]
  // prettier-ignore
  const cases: [string, string, number][] = [
    ['*.pastebin.com\tsubdomains\tPastebin\tpaste\tlocal', 'CAT0003', 1],
    ['.pastebin.com\tsubdomains\tPastebin\tpaste\tlocal', 'CAT0003', 1],
    ['https://pastebin.com\texact\tPastebin\tpaste\tlocal', 'CAT0003', 1],
    ['pastebin.com subdomains Pastebin paste local', 'CAT0003', 1],
    ['\texact\tPastebin\tpaste\tlocal', 'CAT0003', 1],
    ['pastebin.com\tsuffix\tPastebin\tpaste\tlocal', 'CAT0004', 14],
    ['pastebin.com\texact\tPastebin\tpaste;phishing\tlocal', 'CAT0005', 29],
    ['pastebin.com\texact\t\tpaste\tlocal', 'CAT0006', 20],
    ['pastebin.com\texact\tPastebin\t\tlocal', 'CAT0006', 29],
    ['pastebin.com\texact\tPastebin\tpaste', 'CAT0006', 35],
    ['pastebin.com\texact\tPastebin\tpaste\tlocal\textra', 'CAT0002', 1],
  ];
  for (const [line, code, column] of cases) {
    const text = HEADER + line + '\n' + 'paste.ee\texact\tPaste.ee\tpaste\tlocal\n';
    const { catalog, diagnostics } = parseCatalog(text, 'bad.tsv');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column]),
      [[code, 'error', 'bad.tsv', 2, column]],
      line,
    );
    assert.ok(diagnostics[0]?.hint, `${code} says how to fix it`);
    assert.deepEqual([...catalog.entries.keys()], ['paste.ee'], line);
  }
});

test('catalogue-level problems', () => {
  // prettier-ignore
  const cases: [string, string[]][] = [
    ['', ['CAT0001']],
    ['# only comments\n', ['CAT0001']],
    ['domain\tmatch\tservice\n', ['CAT0001']],
    ['pastebin.com\tsubdomains\tPastebin\tpaste\tlocal\n', ['CAT0001']],
    ['domain\tmatch\tservice\tcategories\tsource\tnotes\n', ['CAT0009']],
    [HEADER + 'a.example\texact\tA\tc2\tx\n# comment\n\na.example\texact\tA2\tc2\tx\n', ['CAT0007']],
  ];
  for (const [text, codes] of cases) {
    assert.deepEqual(
      parseCatalog(text, 'x.tsv').diagnostics.map((d) => d.code),
      codes,
      JSON.stringify(text),
    );
  }
  const dup = parseCatalog(
    HEADER + 'a.example\texact\tA\tc2\tx\na.example\texact\tA2\tc2\tx\n',
    'x.tsv',
  );
  assert.equal(dup.catalog.entries.get('a.example')?.service, 'A2');
  assert.equal(dup.diagnostics[0]?.line, 3);
  // A byte-order mark and upper case are accepted.
  const bom = parseCatalog('\ufeff' + HEADER + 'PasteBin.COM.\tSubdomains\tP\tPaste\tx\n', 'x.tsv');
  assert.deepEqual(bom.diagnostics, []);
  assert.equal(bom.catalog.entries.get('pastebin.com')?.match, 'subdomains');
});

test('an unreadable catalogue file is a diagnostic, not a crash', () => {
  const missing = path.join(repoRoot, 'no-such-catalogue.tsv');
  const { catalog, diagnostics } = loadCatalogFile(missing);
  assert.equal(catalog.entries.size, 0);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.file]),
    [['CAT0008', missing]],
  );
  const builtinFile = loadCatalogFile(path.join(repoRoot, 'src/rules/catalog/domains.tsv'));
  assert.deepEqual(builtinFile.diagnostics, []);
});

test('DNS names in the field cases', () => {
  const catalog = builtin();
  // [case, query name, catalogue entry or undefined]
  // prettier-ignore
  const cases: [string, string, string | undefined][] = [
    ['F01-discord-client', 'discord.com', 'discord.com'],
    ['F01-discord-client', 'cdn.discordapp.com', 'cdn.discordapp.com'],
    ['F02-chrome-per-user', 'pastebin.com', 'pastebin.com'],
    ['F03-defender-github', 'raw.githubusercontent.com', 'raw.githubusercontent.com'],
    ['F05-lookalike-domains', 'pastebin.com.cdn-edge.example', undefined],
    ['F05-lookalike-domains', 'notdiscord.com', undefined],
    ['F05-lookalike-domains', 'chat.meta.com', undefined],
    ['F05-lookalike-domains', 'evilgoogleapis.com', undefined],
    ['F07-unknown-process-dns', 'api.telegram.org', 'api.telegram.org'],
    ['F08-office-parent', 'api.dropboxapi.com', 'api.dropboxapi.com'],
    ['F10-onedrive-sync', 'onedrive.live.com', 'onedrive.live.com'],
    ['F10-onedrive-sync', 'graph.microsoft.com', 'graph.microsoft.com'],
  ];
  for (const [folder, name, expected] of cases) {
    const lines = readFileSync(sharedPath('field-cases', folder, 'events.json'), 'utf8').split(
      '\n',
    );
    const names = lines.flatMap((l) => {
      try {
        const e = JSON.parse(l) as { EventID?: unknown; QueryName?: unknown };
        return String(e.EventID) === '22' && typeof e.QueryName === 'string' ? [e.QueryName] : [];
      } catch {
        return [];
      }
    });
    assert.ok(names.includes(name), `${folder} asks for ${name}`);
    assert.equal(matchHost(catalog, name)?.entry.domain, expected, `${folder}: ${name}`);
  }
});

test('DNS names in the Security-Datasets archives', async () => {
  const catalog = builtin();
  const names = new Set<string>();
  for (const archive of Object.values(SYSMON_ARCHIVES)) {
    for (const e of await eventsContaining(archive, '"QueryName"')) {
      if (typeof e['QueryName'] === 'string') names.add(e['QueryName']);
    }
  }
  assert.ok(names.size > 200, `${names.size} names`);
  const matched = [...names].filter((n) => matchHost(catalog, n) !== undefined).sort();
  // MsMpEng resolves the social and TechNet names; the rest are the attacks and OneDrive.
  assert.deepEqual(matched, [
    'analytics.twitter.com',
    'github.com',
    'graph.microsoft.com',
    'raw.githubusercontent.com',
    'technet.microsoft.com',
    'www.facebook.com',
  ]);
  // Names that ordinary agents ask for and that must not match.
  const quiet = [
    'avatars0.githubusercontent.com',
    'avatars3.githubusercontent.com',
    'md-xgq5px1vx0km.blob.core.windows.net',
    'rdfepirv2bl2prdstr02.blob.core.windows.net',
    'officehomeblobs.blob.core.windows.net',
    'wusa1lbip.westus.cloudapp.azure.com',
    'dw8wjz3q0i4gj.cloudfront.net',
    'fp-afd.azureedge.net',
    'login.microsoftonline.com',
    'login.live.com',
    'g.live.com',
    'teams.microsoft.com',
  ];
  for (const n of quiet) assert.ok(names.has(n), `the archives ask for ${n}`);
});
