/**
 * Property-bag and JSON functions: `bag_keys`, `bag_has_key`, `bag_merge`, `bag_remove_keys`,
 * `bag_pack`/`pack`/`pack_dictionary`, `treepath`, `extract_json`, `dynamic_to_json`.
 * A non-bag where a bag is expected gives
 * null. Keys given as JSONPath (`$.a.b`, `$['a']`) reach into nested bags, as bag_has_key's
 * docs show. Bags keep insertion order here; Kusto does not promise any order.
 */

import type { JsonValue, KqlType, Scalar } from '../../table/types.js';
import { stableStringify, toDynamic } from '../values.js';
import { array, bag, text } from './args.js';
import { convertText } from './conversion.js';
import { define, fn } from './registry.js';

/** `$.a.b[0]`, `$['a b']`, or a plain key, as a list of steps; null if it does not parse. */
export function jsonPath(p: string): (string | number)[] | null {
  if (!p.startsWith('$')) return [p];
  const steps: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+))\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < p.length) {
    const m = re.exec(p);
    if (m === null) return null;
    if (m[4] !== undefined) steps.push(Number(m[4]));
    else steps.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  return steps;
}

function walk(v: JsonValue, steps: readonly (string | number)[]): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const s of steps) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (typeof s !== 'number') return undefined;
      cur = cur[s < 0 ? cur.length + s : s];
    } else {
      if (typeof s !== 'string' || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = cur[s];
    }
  }
  return cur;
}

function removePath(b: Record<string, JsonValue>, steps: readonly (string | number)[]): void {
  const parent = walk(b, steps.slice(0, -1));
  const last = steps[steps.length - 1];
  if (
    parent !== null &&
    typeof parent === 'object' &&
    !Array.isArray(parent) &&
    typeof last === 'string'
  ) {
    delete parent[last];
  }
}

/**
 * Every path in a value, in Kusto's `treepath` form: `$['key']` for bag members and `[0]`
 * standing for any element of an array that holds bags or arrays.
 */
export function treepath(v: JsonValue): string[] {
  const out = new Set<string>();
  const visit = (x: JsonValue, path: string): void => {
    if (Array.isArray(x)) {
      for (const e of x) {
        if (e !== null && typeof e === 'object') {
          out.add(`${path}[0]`);
          visit(e, `${path}[0]`);
        }
      }
    } else if (x !== null && typeof x === 'object') {
      for (const [k, e] of Object.entries(x)) {
        const p = `${path}['${k}']`;
        out.add(p);
        visit(e, p);
      }
    }
  };
  visit(v, '$');
  return [...out];
}

function pack(args: readonly Scalar[], types: readonly KqlType[]): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    out[text(args[i])] = toDynamic(args[i + 1] ?? null, types[i + 1]);
  }
  return out;
}

/**
 * `extract_json(path, json, typeof(T))`: the value at a JSONPath in a JSON text, converted
 * to T; a missing value or bad JSON gives T's null (`""` for string).
 */
export function extractJson(path: string, json: string, type: KqlType): Scalar {
  const empty = type === 'string' ? '' : null;
  const steps = jsonPath(path);
  let doc: JsonValue;
  try {
    doc = JSON.parse(json) as JsonValue;
  } catch {
    return empty;
  }
  const v = steps === null ? undefined : walk(doc, steps);
  if (v === undefined || v === null) return empty;
  if (type === 'dynamic') return v;
  return convertText(text(v as Scalar, 'dynamic'), type);
}

define(
  fn('extract_json', ([p, j], site) => extractJson(text(p), text(j), site.resultType), [
    'extractjson',
  ]),
  // Keys sorted at every level, so equal bags give equal text (dynamic-to-json docs).
  fn('dynamic_to_json', ([v]) => stableStringify((v ?? null) as JsonValue)),
  fn('bag_keys', ([b]) => {
    const o = bag(b);
    return o === null ? null : Object.keys(o);
  }),
  fn('bag_has_key', ([b, k]) => {
    const o = bag(b);
    const steps = jsonPath(text(k));
    return o === null || steps === null ? null : walk(o, steps) !== undefined;
  }),
  fn('bag_merge', (args) => {
    const out: Record<string, JsonValue> = {};
    for (const a of args) {
      const o = bag(a);
      if (o === null) continue;
      // The first bag that has a key wins (bag-merge docs: A1 stays 12).
      for (const [k, v] of Object.entries(o)) if (!(k in out)) out[k] = v;
    }
    return out;
  }),
  fn('bag_remove_keys', ([b, keys]) => {
    const o = bag(b);
    if (o === null) return null;
    const copy = structuredClone(o);
    for (const k of array(keys) ?? []) {
      const steps = typeof k === 'string' ? jsonPath(k) : null;
      if (steps !== null) removePath(copy, steps);
    }
    return copy;
  }),
  fn('bag_pack', (args, site) => pack(args, site.argTypes), ['pack', 'pack_dictionary']),
  fn('treepath', ([v]) => (v === null || v === undefined ? [] : treepath(v as JsonValue))),
);
