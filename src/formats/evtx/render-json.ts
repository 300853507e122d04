/**
 * A record as JSON in the shape of the Rust `evtx` crate's `evtx_dump -o json`, the de facto
 * interchange form that Sigma's regression data, Chainsaw and Hayabusa read. Its rules:
 * an element is its value when it has neither attributes nor children, `null` when it has
 * nothing, and otherwise an object with `#attributes` first, then its children by name, then
 * `#text`; attributes whose value is null are left out; `<Data Name="X">v</Data>` becomes
 * `"X": v`; unnamed `<Data>` siblings gather into `"Data": {"#text": [...]}` (one alone is
 * `{"#text": v}`, and one with no content is left out); a repeated name takes a suffix
 * `_1`, `_2`… in document order. Values keep their types: numbers stay numbers, booleans
 * booleans, and GUIDs, times and hex integers are strings in the reference's spelling.
 */

import type { EvtxRecord } from './model.js';
import { valueJson } from './values.js';
import type { JsonScalar } from './values.js';
import { charRefText, entityChar, walkRecord } from './walk.js';
import type { Visitor } from './walk.js';

export type JsonValue = JsonScalar | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

interface Frame {
  name: string;
  attrs: JsonObject | null;
  /** Child elements by key, created on the first child. */
  obj: JsonObject | null;
  /** Content pieces in order; a single piece keeps its type. */
  parts: JsonValue[] | null;
}

/** Sets a key without letting `__proto__` reach the prototype setter. */
function put(o: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else o[key] = value;
}

/** Inserts `key`, or `key_1`, `key_2`… when a sibling already took it. */
function insert(o: JsonObject, key: string, value: JsonValue): void {
  if (!Object.hasOwn(o, key)) {
    put(o, key, value);
    return;
  }
  let n = 1;
  while (Object.hasOwn(o, `${key}_${n}`)) n++;
  put(o, `${key}_${n}`, value);
}

function textOf(v: JsonValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.map(textOf).join(',');
  return typeof v === 'object' ? '' : String(v);
}

function partsValue(parts: JsonValue[]): JsonValue {
  if (parts.length === 1) return parts[0] as JsonValue;
  let s = '';
  for (const p of parts) s += textOf(p);
  return s;
}

class JsonVisitor implements Visitor {
  readonly root: Frame = { name: '', attrs: null, obj: {}, parts: null };
  /** A 64-bit integer beyond 2^53 was seen: JSON.stringify cannot print the result. */
  bigint = false;
  private readonly stack: Frame[] = [this.root];
  private top: Frame = this.root;

  open(name: string): void {
    const f: Frame = { name, attrs: null, obj: null, parts: null };
    this.stack.push(f);
    this.top = f;
  }

  attrText(name: string, text: string): void {
    put((this.top.attrs ??= {}), name, text);
  }

  private typed(buf: Buffer, type: number, off: number, size: number): JsonValue {
    const v = valueJson(buf, type, off, size);
    if (typeof v === 'bigint' || (Array.isArray(v) && v.some((x) => typeof x === 'bigint'))) {
      this.bigint = true;
    }
    return v;
  }

  attrValue(name: string, buf: Buffer, type: number, off: number, size: number): void {
    put((this.top.attrs ??= {}), name, this.typed(buf, type, off, size));
  }

  openEnd(): void {}

  private part(v: JsonValue): void {
    (this.top.parts ??= []).push(v);
  }

  text(text: string): void {
    this.part(text);
  }

  value(buf: Buffer, type: number, off: number, size: number): void {
    this.part(this.typed(buf, type, off, size));
  }

  cdata(text: string): void {
    this.part(text);
  }

  charRef(code: number): void {
    this.part(charRefText(code));
  }

  entity(name: string): void {
    this.part(entityChar(name));
  }

  pi(): void {}

  close(): void {
    const f = this.stack.pop() as Frame;
    const parent = this.stack[this.stack.length - 1] as Frame;
    this.top = parent;
    const container = (parent.obj ??= parent.attrs ? { '#attributes': parent.attrs } : {});
    const attrs = f.attrs;
    if (f.name === 'Data' && f.obj === null) {
      const name = attrs?.['Name'];
      if (name !== undefined && attrs !== null && Object.hasOwn(attrs, 'Name')) {
        insert(container, textOf(name), f.parts ? partsValue(f.parts) : null);
        return;
      }
      if (!f.parts) return;
      const v = partsValue(f.parts);
      const prev = container['Data'];
      if (
        prev &&
        typeof prev === 'object' &&
        !Array.isArray(prev) &&
        Object.hasOwn(prev, '#text')
      ) {
        const t = prev['#text'] as JsonValue;
        prev['#text'] = Array.isArray(t) ? (t.push(v), t) : [t, v];
      } else insert(container, 'Data', { '#text': v });
      return;
    }
    let value: JsonValue;
    if (f.obj !== null || attrs !== null) {
      const o = f.obj ?? { '#attributes': attrs as JsonObject };
      if (f.parts) put(o, '#text', partsValue(f.parts));
      value = o;
    } else value = f.parts ? partsValue(f.parts) : null;
    insert(container, f.name, value);
  }
}

/**
 * The record as a JSON value in the reference's shape (`{"Event": {...}}`). 64-bit integers
 * beyond 2^53 are `bigint`; `renderRecordJson` prints them exactly.
 */
export function recordToJson(record: EvtxRecord): JsonObject {
  const v = new JsonVisitor();
  walkRecord(record, v);
  return v.root.obj as JsonObject;
}

/**
 * JSON text of a value, bigints as plain digits (JSON.stringify cannot print them) and
 * non-finite numbers as null (as JSON.stringify and the reference print them).
 */
export function stringifyJson(value: JsonValue, indent = 0): string {
  const pad = indent > 0 ? ' '.repeat(indent) : '';
  const write = (v: JsonValue, depth: string): string => {
    if (v === null) return 'null';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v !== 'object') return JSON.stringify(v);
    const inner = depth + pad;
    const nl = pad ? '\n' : '';
    const sep = pad ? ': ' : ':';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + nl + v.map((x) => inner + write(x, inner)).join(',' + nl) + nl + depth + ']';
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const body = keys.map((k) => inner + JSON.stringify(k) + sep + write(v[k] as JsonValue, inner));
    return '{' + nl + body.join(',' + nl) + nl + depth + '}';
  };
  return write(value, '');
}

/** The record as one line of JSON (or indented with `indent` spaces). */
export function renderRecordJson(record: EvtxRecord, indent = 0): string {
  const v = new JsonVisitor();
  walkRecord(record, v);
  const obj = v.root.obj as JsonObject;
  // The native stringifier is several times faster; it is only unusable with a bigint.
  if (v.bigint) return stringifyJson(obj, indent);
  return indent > 0 ? JSON.stringify(obj, null, indent) : JSON.stringify(obj);
}
