/**
 * Checks a query's size and bracket nesting before the Kusto package sees it.
 *
 * The package guards itself (KS245, "syntax depth exceeds maximum safe limit"), but only
 * after parsing, at position 0, and slowly: 5,000 nested parentheses take it six seconds
 * and 20,000 take half a minute. A scan of the text finds the same problems in
 * microseconds and points at the exact character: the opening bracket one level too deep,
 * or the first character past the length limit. Brackets inside string literals and
 * comments do not count; the scan knows KQL's string forms (`'…'`, `"…"` with backslash
 * escapes, verbatim `@'…'` and `@"…"` where a doubled quote is a quote, and multi-line
 * ```` ``` ```` blocks) and `//` comments.
 */

import { KqlError } from './context.js';

export interface SourceLimits {
  /** Longest query accepted, in UTF-16 code units. */
  maxQueryLength: number;
  /** Deepest nesting of (), [] and {} accepted. */
  maxNesting: number;
}

/** End (exclusive) of the string literal starting at `i` with quote `q`. */
function skipString(s: string, i: number, q: string, verbatim: boolean): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (!verbatim && c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) {
      if (verbatim && s[j + 1] === q) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    // An ordinary string ends at the line's end; the parser reports it as unterminated.
    if (!verbatim && c === '\n') return j;
    j++;
  }
  return j;
}

/** Throws KQL0404 or KQL0403 when the text is too long or too deeply nested. */
export function precheck(query: string, limits: SourceLimits): void {
  if (query.length > limits.maxQueryLength) {
    throw new KqlError(
      'KQL0404',
      `The query is ${query.length} characters long, more than the limit of ${limits.maxQueryLength}.`,
      limits.maxQueryLength,
      query.length - limits.maxQueryLength,
      'Move long lists into a watchlist or a table, or raise the limit.',
    );
  }
  let depth = 0;
  let i = 0;
  const s = query;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '/' && s[i + 1] === '/') {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl + 1;
    } else if (c === '`' && s.startsWith('```', i)) {
      const end = s.indexOf('```', i + 3);
      i = end < 0 ? s.length : end + 3;
    } else if (c === '@' && (s[i + 1] === '"' || s[i + 1] === "'")) {
      i = skipString(s, i + 1, s[i + 1]!, true);
    } else if (c === '"' || c === "'") {
      i = skipString(s, i, c, false);
    } else {
      if (c === '(' || c === '[' || c === '{') {
        if (++depth > limits.maxNesting) {
          throw new KqlError(
            'KQL0403',
            `The query nests brackets more than ${limits.maxNesting} deep.`,
            i,
            1,
            'Simplify the expression, or split it with let statements.',
          );
        }
      } else if (c === ')' || c === ']' || c === '}') {
        depth = Math.max(0, depth - 1);
      }
      i++;
    }
  }
}
