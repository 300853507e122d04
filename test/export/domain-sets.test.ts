import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CatalogNestingError,
  domainSets,
  matchesFlat,
  serviceMatch,
} from '../../src/export/domain-sets.js';
import {
  builtinCatalog,
  matchHost,
  mergeCatalogs,
  parseCatalog,
  type Catalog,
} from '../../src/rules/catalog/domain-match.js';

const HEADER = 'domain\tmatch\tservice\tcategories\tsource\n';

function catalogOf(lines: string[]): Catalog {
  const { catalog, diagnostics } = parseCatalog(HEADER + lines.join('\n') + '\n', 'test.tsv');
  assert.deepEqual(diagnostics, []);
  return catalog;
}

/** Every catalogue name, a child and grandchild of it, and look-alikes around it. */
function probes(catalog: Catalog): string[] {
  const out: string[] = [];
  for (const d of catalog.entries.keys())
    out.push(d, `x.${d}`, `a.b.${d}`, `x${d}`, `${d}.evil.example`, d.slice(d.indexOf('.') + 1));
  return out;
}

function assertSameAsWebc2(catalog: Catalog): void {
  const sets = domainSets(catalog);
  for (const host of probes(catalog))
    assert.equal(matchesFlat(sets, host), matchHost(catalog, host) !== undefined, host);
}

describe('the catalogue flattened for flat rule languages', () => {
  it('matches exactly the names webc2 matches, for the built-in catalogue', () => {
    assertSameAsWebc2(builtinCatalog().catalog);
  });

  it('keeps exact entries exact and lists parents only for subdomain entries', () => {
    const sets = domainSets(builtinCatalog().catalog);
    assert.ok(sets.included.names.includes('raw.githubusercontent.com'));
    assert.ok(!sets.included.parents.includes('raw.githubusercontent.com'));
    assert.ok(sets.included.parents.includes('pastebin.com'));
    assert.ok(!sets.included.names.includes('githubusercontent.com'), 'a none entry is no name');
    assert.deepEqual(sets.shadowed.names, [], 'no built-in none entry sits inside a matched one');
  });

  it('switches names off below a matched entry with a none entry, and back on below that', () => {
    const mine = catalogOf([
      'example.com\tsubdomains\tExample\tc2\tlocal',
      'cdn.example.com\tnone\t\t\tlocal',
      'api.cdn.example.com\texact\tExample API\tc2\tlocal',
      'files.cdn.example.com\tsubdomains\tExample files\tdownload\tlocal',
    ]);
    const catalog = mergeCatalogs(builtinCatalog().catalog, mine);
    const sets = domainSets(catalog);
    assert.deepEqual(sets.shadowed, { names: ['cdn.example.com'], parents: ['cdn.example.com'] });
    assert.deepEqual(sets.reincluded.names, ['api.cdn.example.com', 'files.cdn.example.com']);
    assertSameAsWebc2(catalog);
    for (const [host, want] of [
      ['www.example.com', true],
      ['x.cdn.example.com', false],
      ['api.cdn.example.com', true],
      ['v1.api.cdn.example.com', false],
      ['a.files.cdn.example.com', true],
    ] as const)
      assert.equal(matchesFlat(sets, host), want, host);
  });

  it('refuses a nesting no flat list can express', () => {
    const catalog = catalogOf([
      'example.com\tsubdomains\tExample\tc2\tlocal',
      'cdn.example.com\tnone\t\t\tlocal',
      'files.cdn.example.com\tsubdomains\tExample files\tdownload\tlocal',
      'old.files.cdn.example.com\tnone\t\t\tlocal',
    ]);
    assert.throws(() => domainSets(catalog), CatalogNestingError);
  });

  it('gives a service its own domains, for the own-client exclusions', () => {
    const m = serviceMatch(domainSets(builtinCatalog().catalog), ['Discord']);
    assert.deepEqual(m.names, ['cdn.discordapp.com', 'discord.com', 'discordapp.com']);
    assert.deepEqual(m.parents, ['discord.com', 'discordapp.com']);
  });
});
