/**
 * Regular expressions in KQL use RE2 syntax. webc2 runs them on JavaScript's engine after
 * translating the RE2 forms JavaScript spells differently (`(?P<name>…)`, a leading `(?i)`
 * or `(?s)` flag group). Compiled patterns are cached. A pattern that does not compile
 * yields null and the caller treats it as no match.
 */

const cache = new Map<string, RegExp | null>();

export interface RegexOptions {
  global?: boolean;
}

export function compileRegex(pattern: string, opts: RegexOptions = {}): RegExp | null {
  const key = (opts.global ? 'g' : '') + '\u0000' + pattern;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let flags = 'u' + (opts.global ? 'g' : '');
  let body = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    for (const f of lead[1]!) {
      if (f === 'i' && !flags.includes('i')) flags += 'i';
      if (f === 's' && !flags.includes('s')) flags += 's';
      if (f === 'm' && !flags.includes('m')) flags += 'm';
    }
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  let re: RegExp | null;
  try {
    re = new RegExp(body, flags);
  } catch {
    try {
      re = new RegExp(body, flags.replace('u', ''));
    } catch {
      re = null;
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(key, re);
  return re;
}
