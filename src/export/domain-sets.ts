/**
 * The web-service catalogue as flat name lists, for languages that cannot walk a host name's
 * parents the way webc2 does (Sigma, SPL, EQL). Every list keeps DNS label boundaries: a name
 * matches an entry when it equals the entry's domain, or, for `subdomains` entries, when it
 * ends in `.` + the domain. No list ever holds a bare substring.
 *
 * webc2 lets the most specific entry decide and a `none` entry switch off the names below
 * it. Flattened, that is: (included and not shadowed) or re-included, where `shadowed` lists
 * the `none` entries that sit below an included `subdomains` entry, and `reincluded` the
 * entries that sit below such a `none`. That is exact for one level of nesting; a catalogue
 * that nests deeper (an entry below a `none` below an entry below a `none`) cannot be
 * flattened this way and is refused.
 */

import type { Catalog, CatalogEntry } from '../rules/catalog/domain-match.js';

/** Names matched by equality and names matched as a parent (`x` matches `*.x`). */
export interface LabelMatch {
  /** Match the name itself: every entry's domain, in catalogue order (sorted). */
  readonly names: readonly string[];
  /** Match every name below: the `subdomains` entries' domains. */
  readonly parents: readonly string[];
}

export interface DomainSets {
  readonly included: LabelMatch;
  readonly shadowed: LabelMatch;
  readonly reincluded: LabelMatch;
  /** The entries of `included` and `reincluded`, by domain, to name their service. */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
}

export class CatalogNestingError extends Error {
  constructor(readonly domain: string) {
    super(
      `${domain} sits below a 'none' entry that itself sits below another 'none' inside a ` +
        'matched entry; flat rule languages cannot express that nesting.',
    );
    this.name = 'CatalogNestingError';
  }
}

function sortedEntries(catalog: Catalog): CatalogEntry[] {
  return [...catalog.entries.values()].sort((a, b) =>
    a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0,
  );
}

/** The entries above a domain, nearest first. */
function ancestors(catalog: Catalog, domain: string): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  let s = domain;
  for (let dot = s.indexOf('.'); dot !== -1; dot = s.indexOf('.')) {
    s = s.slice(dot + 1);
    const e = catalog.entries.get(s);
    if (e !== undefined) out.push(e);
  }
  return out;
}

function labelMatch(entries: readonly CatalogEntry[]): LabelMatch {
  return {
    names: entries.map((e) => e.domain),
    parents: entries.filter((e) => e.match !== 'exact').map((e) => e.domain),
  };
}

/**
 * Flattens a catalogue. Throws CatalogNestingError for a catalogue nested deeper than one
 * `none` level inside a matched entry.
 */
export function domainSets(catalog: Catalog): DomainSets {
  const included: CatalogEntry[] = [];
  const shadowed: CatalogEntry[] = [];
  const reincluded: CatalogEntry[] = [];
  // A `none` entry shadows only when an entry above it would otherwise match its names.
  const shadowing = (n: CatalogEntry): boolean =>
    n.match === 'none' && ancestors(catalog, n.domain).some((a) => a.match === 'subdomains');
  for (const e of sortedEntries(catalog)) {
    const above = ancestors(catalog, e.domain);
    if (e.match !== 'none') {
      (above.some(shadowing) ? reincluded : included).push(e);
      continue;
    }
    if (!shadowing(e)) continue;
    // Below a re-included parent, this entry would need a second level of exclusion.
    if (above.some((a, i) => a.match === 'subdomains' && above.slice(i + 1).some(shadowing)))
      throw new CatalogNestingError(e.domain);
    shadowed.push(e);
  }
  const entries = new Map([...included, ...reincluded].map((e) => [e.domain, e]));
  return {
    included: labelMatch(included),
    shadowed: labelMatch(shadowed),
    reincluded: labelMatch(reincluded),
    entries,
  };
}

function matchesLabels(m: LabelMatch, host: string): boolean {
  if (m.names.includes(host)) return true;
  return m.parents.some((p) => host.endsWith('.' + p));
}

/**
 * Evaluates the flattened form the way an exported rule does, for tests that hold it against
 * webc2's own matcher. `host` must already be lowercase without a trailing dot.
 */
export function matchesFlat(sets: DomainSets, host: string): boolean {
  return (
    (matchesLabels(sets.included, host) && !matchesLabels(sets.shadowed, host)) ||
    matchesLabels(sets.reincluded, host)
  );
}

/** The positive entries of a service, for own-client exclusions: names and parents. */
export function serviceMatch(sets: DomainSets, services: readonly string[]): LabelMatch {
  const wanted = new Set(services.map((s) => s.toLowerCase()));
  const picked = [...sets.entries.values()]
    .filter((e) => wanted.has(e.service.toLowerCase()))
    .sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
  return labelMatch(picked);
}
