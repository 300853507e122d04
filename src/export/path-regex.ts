/**
 * The rule's path and name regexes in the forms the other languages take. The rule writes
 * RE2: a `(?i)` flag first, `^` anchoring the start, `$` the end when the whole string must
 * match. What each target does with that:
 *
 * - SPL `match()` is PCRE and unanchored: the rule's text runs unchanged.
 * - Sigma `|re|i` is a regex matched anywhere in the value, case-insensitive by modifier: the
 *   flag is dropped and the anchors stay (`caseless`).
 * - EQL `regex~` is Lucene's regular expression language, case-insensitive by operator and
 *   always matched against the whole value: no anchors, so `^` is dropped, a final `$` is
 *   dropped, and a pattern that only fixes the start gains `.*` (`luceneRegex`). Lucene has no
 *   `\d`-style classes or `(?` groups and reads `# @ & < > ~ "` as operators: a pattern that
 *   uses any of those is refused rather than translated into something else.
 *
 * A pattern of the wrong shape is a programmer error (the rule changed): these throw, and the
 * export tests fail.
 */

/** The regex without its `(?i)` flag, for a language that says "case-insensitive" elsewhere. */
export function caseless(re: string): string {
  if (!re.startsWith('(?i)')) throw new Error(`Expected the rule's (?i) regex, got ${re}`);
  return re.slice(4);
}

/**
 * A regex for a file name (`^name$`) as a regex for a whole path ending in that name: the
 * name then starts after a backslash or a slash. Without the `(?i)` flag.
 */
export function nameOnPath(re: string): string {
  const body = caseless(re);
  if (!body.startsWith('^') || !body.endsWith('$'))
    throw new Error(`Expected a ^...$ file-name regex, got ${re}`);
  return '[\\\\/]' + body.slice(1);
}

/** Whether `re` has a `|` outside every group and class. */
function hasTopLevelAlternation(re: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** RE2 syntax that Lucene's regular expressions lack or read differently. */
const NOT_LUCENE = /\\[dDwWsSbBpPQEAzZ]|\(\?|[#@&<>~"]/;

/**
 * The rule's regex as a Lucene regular expression for EQL's `regex~`: whole-value match,
 * case left to the operator.
 */
export function luceneRegex(re: string): string {
  let body = caseless(re);
  if (!body.startsWith('^')) throw new Error(`Expected a ^-anchored regex, got ${re}`);
  // `^a|b$` anchors each side apart; with the anchors dropped it would say something else.
  if (hasTopLevelAlternation(body))
    throw new Error(`The regex ${re} has a top-level |, which Lucene would read differently.`);
  body = body.slice(1);
  // A final `$` is an anchor unless an odd number of backslashes escapes it.
  const whole = /(^|[^\\])(\\\\)*\$$/.test(body);
  body = whole ? body.slice(0, -1) : body + '.*';
  // An anchor left inside (outside a class's leading ^) would be a literal in Lucene.
  const stripped = body.replace(/\\./g, '').replace(/\[\^/g, '[');
  if (NOT_LUCENE.test(body.replace(/\\\\/g, '')) || /[$^]/.test(stripped))
    throw new Error(`The regex ${re} uses syntax Lucene does not read the same way.`);
  return body;
}
