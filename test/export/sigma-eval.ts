/**
 * A small Sigma evaluator for the tests: enough of the specification to run webc2's exported
 * rules on single events. Values match case-insensitively with `*` and `?` wildcards (`\`
 * escapes them and itself); modifiers `contains`, `startswith`, `endswith`, `re` (with `i`),
 * and `base64offset` (with `wide`) before `contains`; a list of values is any-of, a map is
 * all-of, a list of maps is any-of; conditions use and, or, not, parentheses and
 * `1 of prefix*` / `all of prefix*`.
 */

type Event = Record<string, string>;

/**
 * The three base64 texts a value can appear as inside a longer base64 string, one per
 * alignment: the value is encoded after 0, 1 or 2 bytes of padding, and the characters that
 * also depend on the neighbouring bytes are cut from both ends.
 */
export function base64Offsets(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Characters built partly from the padding bytes, or from the unknown byte after a
    // short last group (and its `=`), say nothing about the value.
    const head = [0, 2, 3][shift]!;
    const tail = [0, 3, 2][(bytes.length + shift) % 3]!;
    out.push(encoded.slice(head, encoded.length - tail));
  }
  return out;
}

function encodedValues(value: string, modifiers: readonly string[]): string[] {
  if (!modifiers.includes('base64offset')) return [value];
  const wide = modifiers.includes('wide') || modifiers.includes('utf16le');
  return base64Offsets(Buffer.from(value, wide ? 'utf16le' : 'utf8'));
}

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
    const [field, ...modifiers] = key.split('|') as [string, ...string[]];
    const have = event[field];
    if (have === undefined) return false;
    const values = (Array.isArray(want) ? want : [want]).map(String);
    if (modifiers[0] === 're') {
      const flags = modifiers.slice(1);
      if (flags.some((f) => f !== 'i'))
        throw new Error(`re flags ${flags.join('|')} not supported`);
      return values.some((v) => new RegExp(v, flags.includes('i') ? 'i' : '').test(have));
    }
    const last = modifiers.at(-1);
    const encoded = values.flatMap((v) => encodedValues(v, modifiers));
    // base64 is case-sensitive text: matched as written, unlike plain Sigma values.
    if (modifiers.includes('base64offset')) {
      if (last !== 'contains') throw new Error('base64offset is used with contains only');
      return encoded.some((v) => have.includes(v));
    }
    if (modifiers.length > 1) throw new Error(`modifiers ${modifiers.join('|')} not supported`);
    return encoded.some((v) => valueRegExp(v, last).test(have));
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
