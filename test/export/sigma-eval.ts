/**
 * A small Sigma evaluator for the tests: enough of the specification to run webc2's exported
 * rules on single events. Values match case-insensitively with `*` and `?` wildcards (`\`
 * escapes them and itself); modifiers `contains`, `startswith`, `endswith`; a list of values
 * is any-of, a map is all-of, a list of maps is any-of; conditions use and, or, not,
 * parentheses and `1 of prefix*` / `all of prefix*`.
 */

type Event = Record<string, string>;

function valueRegExp(value: string, modifier: string | undefined): RegExp {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      body += next.replace(/[*?\\]/, '\\$&');
      i++;
    } else if (c === '*') body += '.*';
    else if (c === '?') body += '.';
    else body += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  if (modifier === 'contains') body = `.*${body}.*`;
  else if (modifier === 'startswith') body = `${body}.*`;
  else if (modifier === 'endswith') body = `.*${body}`;
  else if (modifier !== undefined) throw new Error(`modifier ${modifier} not supported`);
  return new RegExp(`^${body}$`, 'is');
}

function matchMap(map: Record<string, unknown>, event: Event): boolean {
  return Object.entries(map).every(([key, want]) => {
    const [field, modifier] = key.split('|') as [string, string | undefined];
    const have = event[field];
    if (have === undefined) return false;
    const values = Array.isArray(want) ? want : [want];
    return values.some((v) => valueRegExp(String(v), modifier).test(have));
  });
}

function matchSearch(search: unknown, event: Event): boolean {
  if (Array.isArray(search))
    return search.some((item) => matchMap(item as Record<string, unknown>, event));
  return matchMap(search as Record<string, unknown>, event);
}

/** Whether a rule's detection matches an event. */
export function sigmaMatches(detection: Record<string, unknown>, event: Event): boolean {
  const tokens = String(detection['condition']).match(/\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  const hit = (name: string): boolean => {
    if (!(name in detection)) throw new Error(`no search identifier ${name}`);
    return matchSearch(detection[name], event);
  };
  const quantified = (all: boolean, pattern: string): boolean => {
    const re = valueRegExp(pattern, undefined);
    const names = Object.keys(detection).filter((k) => k !== 'condition' && re.test(k));
    if (names.length === 0) throw new Error(`no search identifier matches ${pattern}`);
    return all ? names.every(hit) : names.some(hit);
  };
  const primary = (): boolean => {
    const t = tokens[pos++];
    if (t === 'not') return !primary();
    if (t === '(') {
      const v = or();
      if (tokens[pos++] !== ')') throw new Error('missing )');
      return v;
    }
    if ((t === '1' || t === 'all') && tokens[pos] === 'of') {
      pos++;
      return quantified(t === 'all', tokens[pos++]!);
    }
    return hit(t!);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[pos] === 'and') {
      pos++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[pos] === 'or') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const result = or();
  if (pos !== tokens.length) throw new Error(`unparsed condition from ${tokens[pos]}`);
  return result;
}
