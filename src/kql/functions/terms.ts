/**
 * Kusto's term semantics for `has` and its family.
 *
 * Kusto indexes strings as terms: maximal runs of letters and digits (Unicode `\p{L}\p{N}`;
 * `_` and punctuation separate terms). `has` asks whether the needle occurs as whole terms:
 * the needle must occur (case-insensitively) where, if the needle begins with a letter or
 * digit, the character before it is not one (or it is at the start), and if the needle ends
 * with a letter or digit, the character after it is not one (or it is at the end). So
 * `"https://pastebin.com/raw" has "pastebin.com"` is true, `"xpastebin.com" has
 * "pastebin.com"` is false, and `"pastebin.com.evil.example" has "pastebin.com"` is true:
 * the seed rule's domain matching inherits that. A needle that begins or ends with
 * punctuation needs no boundary on that side (observed on ADX: `has
 * "/resourcegroups/test.rg000001?"` matches inside a URL). An empty needle matches
 * everything. `hasprefix` checks only the leading boundary, `hassuffix` only the trailing.
 */

const TERM_CHAR = /[\p{L}\p{N}]/u;

export function isTermChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return TERM_CHAR.test(ch);
}

export interface TermOptions {
  /** Require a boundary before the needle (has, hasprefix). */
  leading: boolean;
  /** Require a boundary after the needle (has, hassuffix). */
  trailing: boolean;
  caseSensitive: boolean;
}

export const HAS: TermOptions = { leading: true, trailing: true, caseSensitive: false };
export const HAS_CS: TermOptions = { leading: true, trailing: true, caseSensitive: true };
export const HASPREFIX: TermOptions = { leading: true, trailing: false, caseSensitive: false };
export const HASPREFIX_CS: TermOptions = { leading: true, trailing: false, caseSensitive: true };
export const HASSUFFIX: TermOptions = { leading: false, trailing: true, caseSensitive: false };
export const HASSUFFIX_CS: TermOptions = { leading: false, trailing: true, caseSensitive: true };

/** A needle prepared once per query: case folded and its boundary needs decided. */
export interface TermNeedle {
  text: string;
  needLeading: boolean;
  needTrailing: boolean;
  caseSensitive: boolean;
}

export function prepareNeedle(needle: string, opts: TermOptions): TermNeedle {
  const text = opts.caseSensitive ? needle : needle.toLowerCase();
  return {
    text,
    needLeading: opts.leading && isTermChar(text[0]),
    needTrailing: opts.trailing && isTermChar(text[text.length - 1]),
    caseSensitive: opts.caseSensitive,
  };
}

/** True when `needle` occurs in `hay` as terms; `hay` must already be folded like the needle. */
export function matchTermFolded(hay: string, n: TermNeedle): boolean {
  const t = n.text;
  if (t.length === 0) return true;
  let from = 0;
  for (;;) {
    const at = hay.indexOf(t, from);
    if (at < 0) return false;
    const okBefore = !n.needLeading || at === 0 || !isTermChar(hay[at - 1]);
    const end = at + t.length;
    const okAfter = !n.needTrailing || end === hay.length || !isTermChar(hay[end]);
    if (okBefore && okAfter) return true;
    from = at + 1;
  }
}

export function matchTerm(hay: string, n: TermNeedle): boolean {
  return matchTermFolded(n.caseSensitive ? hay : hay.toLowerCase(), n);
}

/**
 * One regular expression per list of needles, the alternation of their texts: most strings a
 * `has_any` meets contain none of the needles anywhere, and one native scan for all of them
 * rules that out (the 80,000 distinct URLs of a generated network table against the seed
 * rule's 25 domains: 54 ms down to 8). It only finds substrings; term boundaries are still
 * checked needle by needle when it hits. Lists are keyed by identity: callers prepare a list
 * once and pass it for every string.
 */
const prefilters = new WeakMap<readonly TermNeedle[], RegExp | null>();

function prefilter(needles: readonly TermNeedle[]): RegExp | null {
  let re = prefilters.get(needles);
  if (re === undefined) {
    const plain = needles.length > 1 && needles.every((n) => !n.caseSensitive && n.text !== '');
    re = plain
      ? new RegExp(needles.map((n) => n.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))
      : null;
    prefilters.set(needles, re);
  }
  return re;
}

/** `has_any`: any needle matches. Needles are folded once; the haystack once per call. */
export function matchAnyTerm(hay: string, needles: readonly TermNeedle[]): boolean {
  if (needles.length === 0) return false;
  const folded = hay.toLowerCase();
  const re = prefilter(needles);
  if (re !== null && !re.test(folded)) return false;
  for (const n of needles) if (matchTermFolded(n.caseSensitive ? hay : folded, n)) return true;
  return false;
}

/** `has_all`: every needle matches (an empty list matches). */
export function matchAllTerms(hay: string, needles: readonly TermNeedle[]): boolean {
  const folded = hay.toLowerCase();
  for (const n of needles) if (!matchTermFolded(n.caseSensitive ? hay : folded, n)) return false;
  return true;
}
