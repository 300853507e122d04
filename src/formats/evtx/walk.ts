/**
 * Walks a decoded record as XML events, substituting template values as it goes; the XML,
 * JSON and WindowsEvent renderers are visitors of this one walk, so they cannot disagree on
 * what the record says. Three rules of Windows' rendering live here rather than in each
 * renderer: a substitution that is null (type 0), or an optional one that is empty, drops the
 * attribute it is the value of; a nested Binary XML value (type 0x21) renders as the elements
 * it holds; and an array value repeats the element that holds it once per item (MS-EVEN6
 * §3.1.4.7.5), the first array of an element only — further arrays in that element, and any
 * array inside an element being repeated, print their items joined by commas, which keeps
 * the output within the size the decoder computed for the record.
 *
 * The decoder has already bounded how many nodes a record expands to, so the walk needs no
 * budget of its own, and its recursion is bounded by the decoder's nesting limit.
 */

import type { Chunk, EvtxRecord, XAttr, XNode } from './model.js';
import {
  N_CDATA,
  N_CHARREF,
  N_ELEMENT,
  N_ENTITY,
  N_PI,
  N_SUBST,
  N_TEMPLATE,
  N_TEXT,
} from './model.js';
import { VT_ARRAY, VT_BINXML, VT_NULL, arrayItems, valueText } from './values.js';

/** Receives a record as XML events; values arrive undecoded, so a visitor decodes what it keeps. */
export interface Visitor {
  open(name: string): void;
  /** An attribute made of static text, references or several parts, already as text. */
  attrText(name: string, text: string): void;
  /** An attribute whose value is one substitution value of type `type`. */
  attrValue(name: string, buf: Buffer, type: number, off: number, size: number): void;
  /** After the last attribute of the element just opened. */
  openEnd(): void;
  text(text: string): void;
  /** A substitution value in element content (never null, never nested Binary XML). */
  value(buf: Buffer, type: number, off: number, size: number): void;
  cdata(text: string): void;
  charRef(code: number): void;
  entity(name: string): void;
  pi(target: string, data: string): void;
  close(name: string): void;
}

/** The predefined XML entities, for visitors that want the character rather than the reference. */
export function entityChar(name: string): string {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return `&${name};`;
  }
}

/** Text of a character reference; NUL and lone surrogates, never valid, become U+FFFD. */
export function charRefText(code: number): string {
  return code === 0 || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCharCode(code);
}

class Walk {
  /** The template instance whose values substitutions refer to. */
  private base = 0;
  private count = 0;
  /** Whether the current instance has array values: most have none, and skip the check. */
  private arrays = false;
  /**
   * Repetitions in progress. An array inside a repeated element (even in a nested instance)
   * prints joined instead of repeating again: the decoder's size bound relies on it.
   */
  private repeating = 0;
  /** While an array repeats its element: the substitution index and the current item. */
  private ovIndex = -1;
  private ovType = 0;
  private ovOff = 0;
  private ovSize = 0;

  constructor(
    private readonly chunk: Chunk,
    private readonly v: Visitor,
  ) {}

  nodes(nodes: XNode[]): void {
    for (let i = 0; i < nodes.length; i++) this.node(nodes[i] as XNode);
  }

  private node(n: XNode): void {
    switch (n.kind) {
      case N_ELEMENT:
        this.element(n);
        break;
      case N_TEXT:
        this.v.text(n.text);
        break;
      case N_SUBST:
        this.substitution(n.index);
        break;
      case N_TEMPLATE:
        this.template(n);
        break;
      case N_CHARREF:
        this.v.charRef(n.index);
        break;
      case N_ENTITY:
        this.v.entity(n.name);
        break;
      case N_CDATA:
        this.v.cdata(n.text);
        break;
      case N_PI:
        this.v.pi(n.name, n.text);
        break;
    }
  }

  private template(n: XNode): void {
    const { base, count, ovIndex, arrays } = this;
    this.base = n.base;
    this.count = n.count;
    this.arrays = n.hasArray;
    this.ovIndex = -1;
    this.nodes((n.template as NonNullable<XNode['template']>).nodes);
    this.base = base;
    this.count = count;
    this.arrays = arrays;
    this.ovIndex = ovIndex;
  }

  /** Value-table slot of substitution `index` in the current instance, or -1 if absent. */
  private slot(index: number): number {
    return index < this.count ? this.base + index : -1;
  }

  private substitution(index: number): void {
    if (index === this.ovIndex) {
      this.v.value(this.chunk.buf, this.ovType, this.ovOff, this.ovSize);
      return;
    }
    const d = this.slot(index);
    if (d < 0) return;
    const chunk = this.chunk;
    const type = chunk.vType[d] ?? VT_NULL;
    if (type === VT_NULL) return;
    if (type === VT_BINXML) {
      const nested = chunk.nested?.get(d);
      if (nested) {
        const ov = this.ovIndex;
        this.ovIndex = -1;
        this.nodes(nested);
        this.ovIndex = ov;
      }
      return;
    }
    this.v.value(chunk.buf, type, chunk.vOff[d] ?? 0, chunk.vSize[d] ?? 0);
  }

  /** The first substitution directly in `el` whose value is an array of two or more items. */
  private arraySlot(el: XNode): number {
    const chunk = this.chunk;
    const check = (p: XNode): number => {
      if (p.kind !== N_SUBST || p.index === this.ovIndex) return -1;
      const d = this.slot(p.index);
      if (d < 0) return -1;
      const t = chunk.vType[d] ?? 0;
      return (t & VT_ARRAY) !== 0 && t !== VT_BINXML ? p.index : -1;
    };
    for (const a of el.attrs as XAttr[]) {
      for (const p of a.parts) {
        const i = check(p);
        if (i >= 0) return i;
      }
    }
    for (const c of el.children as XNode[]) {
      const i = check(c);
      if (i >= 0) return i;
    }
    return -1;
  }

  private element(el: XNode): void {
    if (el.hasSubst && this.arrays && this.repeating === 0) {
      const index = this.arraySlot(el);
      if (index >= 0) {
        const chunk = this.chunk;
        const d = this.base + index;
        const type = chunk.vType[d] ?? 0;
        const items = arrayItems(chunk.buf, type, chunk.vOff[d] ?? 0, chunk.vSize[d] ?? 0);
        if (items.length > 2) {
          const saved = [this.ovIndex, this.ovType, this.ovOff, this.ovSize] as const;
          this.ovIndex = index;
          this.ovType = type & 0x7f;
          this.repeating++;
          for (let k = 0; k < items.length; k += 2) {
            this.ovOff = items[k] ?? 0;
            this.ovSize = items[k + 1] ?? 0;
            this.emit(el);
          }
          this.repeating--;
          [this.ovIndex, this.ovType, this.ovOff, this.ovSize] = saved;
          return;
        }
      }
    }
    this.emit(el);
  }

  private emit(el: XNode): void {
    const v = this.v;
    v.open(el.name);
    const attrs = el.attrs as XAttr[];
    for (let i = 0; i < attrs.length; i++) this.attribute(attrs[i] as XAttr);
    v.openEnd();
    this.nodes(el.children as XNode[]);
    v.close(el.name);
  }

  private attribute(a: XAttr): void {
    const parts = a.parts;
    const only = parts.length === 1 ? (parts[0] as XNode) : null;
    if (only?.kind === N_TEXT) {
      this.v.attrText(a.name, only.text);
      return;
    }
    if (only?.kind === N_SUBST) {
      if (only.index === this.ovIndex) {
        this.v.attrValue(a.name, this.chunk.buf, this.ovType, this.ovOff, this.ovSize);
        return;
      }
      const d = this.slot(only.index);
      const chunk = this.chunk;
      const type = d < 0 ? VT_NULL : (chunk.vType[d] ?? VT_NULL);
      const size = d < 0 ? 0 : (chunk.vSize[d] ?? 0);
      if (type === VT_NULL || (only.optional && size === 0)) return;
      if (type !== VT_BINXML) {
        this.v.attrValue(a.name, chunk.buf, type, chunk.vOff[d] ?? 0, size);
        return;
      }
    }
    let text = '';
    for (const p of parts) text += this.partText(p);
    this.v.attrText(a.name, text);
  }

  /** Attribute parts joined as text: what a multi-part attribute value reads as. */
  private partText(p: XNode): string {
    switch (p.kind) {
      case N_TEXT:
        return p.text;
      case N_CHARREF:
        return charRefText(p.index);
      case N_ENTITY:
        return entityChar(p.name);
      case N_SUBST: {
        if (p.index === this.ovIndex) {
          return valueText(this.chunk.buf, this.ovType, this.ovOff, this.ovSize);
        }
        const d = this.slot(p.index);
        const chunk = this.chunk;
        const type = d < 0 ? VT_NULL : (chunk.vType[d] ?? VT_NULL);
        if (type === VT_NULL || type === VT_BINXML) return '';
        return valueText(chunk.buf, type, chunk.vOff[d] ?? 0, chunk.vSize[d] ?? 0);
      }
      default:
        return '';
    }
  }
}

/** Walks `record` through `visitor`, element by element, values substituted. */
export function walkRecord(record: EvtxRecord, visitor: Visitor): void {
  new Walk(record.chunk, visitor).nodes(record.body);
}
