/**
 * Binary XML, the tokenised XML inside every EVTX record (MS-EVEN6 §2.2.12, and libyal's
 * notes on the EVTX format). A record's body is a fragment header (`0x0F 01 01 00`) and a
 * template instance (`0x0C`): a reference to a template definition by its offset in the chunk
 * (the first record that uses a template carries it inline, later ones point back to it),
 * then an array of value descriptors (u16 size, u8 type, u8 padding) and the values back to
 * back. The template is ordinary token XML: open start element (`0x01`, `0x41` with
 * attributes) with a u16 dependency id, u32 byte length and a u32 name offset, attributes
 * (`0x06`/`0x46`), close start (`0x02`), close empty (`0x03`), end element (`0x04`), text
 * values (`0x05`), CDATA (`0x07`), character and entity references (`0x08`, `0x09`),
 * processing instructions (`0x0A`, `0x0B`) and substitutions (`0x0D` normal, `0x0E`
 * optional) that name a value by index. Names are stored once per chunk: a name offset that
 * points just past itself means the name (u32 link, u16 hash, u16 length, UTF-16, NUL)
 * follows inline; any other offset points back to where it was first written. A value of
 * type 0x21 is itself a Binary XML fragment, usually another template instance.
 *
 * Elements outside template definitions (in nested fragments and template-less records) are
 * written without the dependency id. Writers are not all consistent about that, so the
 * decoder checks which layout leads to a plausible name and takes it.
 *
 * The decoder trusts nothing: every read is checked against the enclosing range, templates
 * cannot contain template instances (so they cannot recurse), nesting is capped, and the
 * number of nodes a record would expand to is computed up front from the template's
 * reference counts, so a small record cannot render to gigabytes.
 */

import {
  Chunk,
  N_CDATA,
  N_CHARREF,
  N_ELEMENT,
  N_ENTITY,
  N_PI,
  N_SUBST,
  N_TEMPLATE,
  N_TEXT,
  Template,
  XNode,
} from './model.js';
import type { XAttr } from './model.js';
import {
  VT_ANSI,
  VT_ARRAY,
  VT_BINXML,
  VT_STRING,
  arrayItems,
  fixedSize,
  isKnownType,
  scalarText,
  utf16,
} from './values.js';

/** Element and fragment nesting beyond this is treated as a crafted file. */
export const MAX_DEPTH = 64;
/** Nodes one record may expand to when rendered, substitutions and arrays included. */
export const MAX_COST = 1_000_000;

/** A decoding failure inside one record; the chunk reader turns it into a diagnostic. */
export class BinXmlError extends Error {
  constructor(
    readonly code: 'EVTX0203' | 'EVTX0204' | 'EVTX0205',
    /** Chunk-relative offset where decoding stopped. */
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const EMPTY_ATTRS: XAttr[] = [];

/** Decodes the Binary XML of the records of one chunk, caching names and templates. */
export class BinXmlDecoder {
  private readonly buf: Buffer;
  private pos = 0;

  constructor(private readonly chunk: Chunk) {
    this.buf = chunk.buf;
  }

  /** Decodes the body of one record, the chunk-relative byte range [start, end). */
  record(start: number, end: number): XNode[] {
    this.pos = start;
    return this.fragment(end, 0, false);
  }

  private fail(detail: string): never {
    throw new BinXmlError('EVTX0203', this.pos, detail);
  }

  private need(n: number, end: number): void {
    if (this.pos + n > end) this.fail(`token at chunk offset ${this.pos} runs past its end`);
  }

  private fragment(end: number, depth: number, inTemplate: boolean): XNode[] {
    if (depth > MAX_DEPTH) throw new BinXmlError('EVTX0205', this.pos, 'nesting is too deep');
    const buf = this.buf;
    const nodes: XNode[] = [];
    while (this.pos < end) {
      const tok = buf[this.pos] ?? 0;
      if (tok === 0x0f) {
        this.need(4, end);
        this.pos += 4;
      } else if (tok === 0x00) {
        this.pos++;
        break;
      } else if ((tok & 0xbf) === 0x01) {
        nodes.push(this.element(end, depth + 1, inTemplate));
      } else if (tok === 0x0c && !inTemplate) {
        nodes.push(this.templateInstance(end, depth + 1));
      } else if (tok === 0x0a) {
        nodes.push(this.pi(end));
      } else {
        this.fail(`unexpected token 0x${tok.toString(16)} at chunk offset ${this.pos}`);
      }
    }
    return nodes;
  }

  // ---- names ------------------------------------------------------------------------------

  /** True when a name structure could start at `off` (its length and NUL terminator fit). */
  private nameAt(off: number): boolean {
    const buf = this.buf;
    if (off < 0 || off + 10 > buf.length) return false;
    const n = buf.readUInt16LE(off + 6);
    const endName = off + 8 + 2 * n;
    return endName + 2 <= buf.length && buf[endName] === 0 && buf[endName + 1] === 0;
  }

  private decodeName(off: number): string {
    const cached = this.chunk.names.get(off);
    if (cached !== undefined) return cached;
    if (!this.nameAt(off)) this.fail(`no name at chunk offset ${off}`);
    const n = this.buf.readUInt16LE(off + 6);
    const name = utf16(this.buf, off + 8, 2 * n);
    this.chunk.names.set(off, name);
    return name;
  }

  /** Reads a u32 name offset at `this.pos`, and the inline name after it if there is one. */
  private name(end: number): string {
    this.need(4, end);
    const off = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    if (off !== this.pos) return this.decodeName(off);
    this.need(10, end);
    const size = 10 + 2 * this.buf.readUInt16LE(this.pos + 6);
    this.need(size, end);
    const name = this.decodeName(off);
    this.pos += size;
    return name;
  }

  /** Whether the u32 at `field` is a plausible name offset: inline, or a name seen before. */
  private plausibleName(field: number, end: number): boolean {
    if (field + 4 > end) return false;
    const off = this.buf.readUInt32LE(field);
    if (off === field + 4) return true;
    if (this.chunk.names.has(off)) return true;
    return off < field && off >= 0 && this.nameAt(off);
  }

  // ---- elements ---------------------------------------------------------------------------

  private element(end: number, depth: number, inTemplate: boolean): XNode {
    if (depth > MAX_DEPTH) throw new BinXmlError('EVTX0205', this.pos, 'nesting is too deep');
    const buf = this.buf;
    const start = this.pos;
    const hasAttrs = ((buf[start] ?? 0) & 0x40) !== 0;
    // Token, [u16 dependency id], u32 byte length, then the name offset.
    const withDep = start + 7;
    const withoutDep = start + 5;
    const first = inTemplate ? withDep : withoutDep;
    const second = inTemplate ? withoutDep : withDep;
    this.pos = this.plausibleName(first, end) || !this.plausibleName(second, end) ? first : second;
    const el = new XNode(N_ELEMENT);
    el.name = this.name(end);
    if (hasAttrs) {
      this.need(4, end);
      this.pos += 4;
    }
    let attrs = EMPTY_ATTRS;
    while (this.pos < end && ((buf[this.pos] ?? 0) & 0xbf) === 0x06) {
      this.pos++;
      const attr: XAttr = { name: this.name(end), parts: [] };
      this.content(end, attr.parts, el, inTemplate, true);
      if (attrs === EMPTY_ATTRS) attrs = [];
      attrs.push(attr);
    }
    el.attrs = attrs;
    const children: XNode[] = [];
    el.children = children;
    this.need(1, end);
    const close = buf[this.pos];
    this.pos++;
    if (close === 0x03) return el;
    if (close !== 0x02) {
      this.pos--;
      this.fail(`element <${el.name}> has no close-start token at chunk offset ${this.pos}`);
    }
    for (;;) {
      this.need(1, end);
      const tok = buf[this.pos] ?? 0;
      if (tok === 0x04) {
        this.pos++;
        return el;
      }
      if ((tok & 0xbf) === 0x01) {
        children.push(this.element(end, depth + 1, inTemplate));
      } else if (tok === 0x0c && !inTemplate) {
        children.push(this.templateInstance(end, depth + 1));
      } else if (tok === 0x0a) {
        children.push(this.pi(end));
      } else if (!this.content(end, children, el, inTemplate, false)) {
        this.fail(
          `unexpected token 0x${tok.toString(16)} in <${el.name}> at chunk offset ${this.pos}`,
        );
      }
    }
  }

  /**
   * Reads character content (text, substitutions, references, CDATA) into `out` until a
   * token of another kind; returns whether it read anything. Attribute values stop there.
   */
  private content(
    end: number,
    out: XNode[],
    el: XNode,
    inTemplate: boolean,
    attr: boolean,
  ): boolean {
    const buf = this.buf;
    let any = false;
    while (this.pos < end) {
      const tok = (buf[this.pos] ?? 0) & 0xbf;
      let node: XNode;
      if (tok === 0x05) node = this.textValue(end);
      else if (tok === 0x0d || tok === 0x0e) {
        if (!inTemplate) this.fail(`substitution outside a template at chunk offset ${this.pos}`);
        this.need(4, end);
        node = new XNode(N_SUBST);
        node.index = buf.readUInt16LE(this.pos + 1);
        node.optional = tok === 0x0e;
        el.hasSubst = true;
        this.pos += 4;
      } else if (tok === 0x08) {
        this.need(3, end);
        node = new XNode(N_CHARREF);
        node.index = buf.readUInt16LE(this.pos + 1);
        this.pos += 3;
      } else if (tok === 0x09) {
        this.pos++;
        node = new XNode(N_ENTITY);
        node.name = this.name(end);
      } else if (tok === 0x07 && !attr) {
        this.need(3, end);
        const size = 2 * buf.readUInt16LE(this.pos + 1);
        this.need(3 + size, end);
        node = new XNode(N_CDATA);
        node.text = utf16(buf, this.pos + 3, size);
        this.pos += 3 + size;
      } else break;
      out.push(node);
      any = true;
      if (!attr) break;
    }
    return any;
  }

  /** A `0x05` value token: a type byte and the value; templates hold strings here. */
  private textValue(end: number): XNode {
    const buf = this.buf;
    this.need(2, end);
    const type = buf[this.pos + 1] ?? 0;
    this.pos += 2;
    let size: number;
    if (type === VT_STRING || type === VT_ANSI) {
      this.need(2, end);
      size = buf.readUInt16LE(this.pos) * (type === VT_STRING ? 2 : 1);
      this.pos += 2;
    } else {
      size = fixedSize(type);
      if (size === 0) this.fail(`value token of type 0x${type.toString(16)} has no known size`);
    }
    this.need(size, end);
    const node = new XNode(N_TEXT);
    node.text = scalarText(buf, type, this.pos, size);
    this.pos += size;
    return node;
  }

  private pi(end: number): XNode {
    this.pos++;
    const node = new XNode(N_PI);
    node.name = this.name(end);
    this.need(3, end);
    if (this.buf[this.pos] !== 0x0b)
      this.fail(`processing instruction without data at ${this.pos}`);
    const size = 2 * this.buf.readUInt16LE(this.pos + 1);
    this.need(3 + size, end);
    node.text = utf16(this.buf, this.pos + 3, size);
    this.pos += 3 + size;
    return node;
  }

  // ---- templates --------------------------------------------------------------------------

  private templateInstance(end: number, depth: number): XNode {
    if (depth > MAX_DEPTH) throw new BinXmlError('EVTX0205', this.pos, 'nesting is too deep');
    const buf = this.buf;
    const chunk = this.chunk;
    // Token, u8 unknown, u32 template id, u32 definition offset.
    const at = this.pos;
    this.need(10, end);
    const templateId = buf.readUInt32LE(this.pos + 2);
    const defOff = buf.readUInt32LE(this.pos + 6);
    this.pos += 10;
    let template: Template;
    if (defOff === this.pos) {
      // Inline definition: u32 next offset, 16-byte GUID, u32 body size, then the body.
      this.need(24, end);
      const bodyEnd = this.pos + 24 + buf.readUInt32LE(this.pos + 20);
      if (bodyEnd > end)
        throw new BinXmlError('EVTX0204', at, 'inline template runs past its record');
      template = this.template(defOff, depth, at);
      this.pos = bodyEnd;
    } else {
      template = this.template(defOff, depth, at);
    }
    // The instance names its template by the first four bytes of its GUID. A record left over
    // from before its chunk was reused points at offsets that now hold something else.
    if (template.id !== templateId) {
      const why = `template id ${templateId.toString(16)} does not match the definition`;
      throw new BinXmlError('EVTX0204', at, why);
    }
    this.need(4, end);
    const count = buf.readUInt32LE(this.pos);
    this.pos += 4;
    if (count * 4 > end - this.pos) this.fail(`${count} substitution values cannot fit the record`);
    const base = chunk.reserve(count);
    const descs = this.pos;
    let voff = descs + 4 * count;
    // Expansion bound: C nodes without arrays, times (1 + A) repetitions at most, where A
    // counts array items per reference. The walk repeats one element at a time (never inside
    // another repetition), and a repeated element is at most the whole instance, so the
    // rendered size stays under C * (1 + A).
    // Nesting is counted across instances: a cached template brings its own depth, and a
    // nested fragment sits at most that deep inside it, so the walk's recursion stays bounded.
    const inner = depth + template.depth;
    if (inner > MAX_DEPTH) throw new BinXmlError('EVTX0205', at, 'nesting is too deep');
    let cost = template.staticCost;
    let repeats = 0;
    let hasArray = false;
    for (let i = 0; i < count; i++) {
      const d = descs + 4 * i;
      const size = buf.readUInt16LE(d);
      const type = buf[d + 2] ?? 0;
      if (voff + size > end) {
        this.pos = d;
        this.fail(`substitution value ${i} (${size} bytes) runs past the record`);
      }
      if (!isKnownType(type)) {
        this.pos = d;
        this.fail(`substitution value ${i} has unknown type 0x${type.toString(16)}`);
      }
      chunk.vType[base + i] = type;
      chunk.vOff[base + i] = voff;
      chunk.vSize[base + i] = size;
      const refs = template.refs[i] ?? 0;
      if (type === VT_BINXML && size > 0) {
        this.pos = voff;
        const nested = this.fragment(voff + size, inner + 1, false);
        (chunk.nested ??= new Map()).set(base + i, nested);
        cost += refs * fragmentCost(nested);
      } else {
        cost += refs;
        if ((type & VT_ARRAY) !== 0 && refs > 0) {
          hasArray = true;
          repeats += (refs * arrayItems(buf, type, voff, size).length) / 2;
        }
      }
      voff += size;
    }
    cost *= 1 + repeats;
    if (cost > MAX_COST) {
      throw new BinXmlError('EVTX0205', this.pos, `it would expand to more than ${MAX_COST} nodes`);
    }
    this.pos = voff;
    const node = new XNode(N_TEMPLATE);
    node.template = template;
    node.base = base;
    node.count = count;
    node.index = cost;
    node.hasArray = hasArray;
    return node;
  }

  /**
   * The template whose definition header is at chunk offset `defOff`, decoded once. Errors
   * point at `at`, the instance that referred to it: the offset itself may be garbage.
   */
  private template(defOff: number, depth: number, at: number): Template {
    const cached = this.chunk.templates.get(defOff);
    if (cached) return cached;
    const buf = this.buf;
    if (cached === null || defOff < 0 || defOff + 24 > buf.length) {
      throw new BinXmlError('EVTX0204', at, 'template definition is missing or invalid');
    }
    const bodyStart = defOff + 24;
    const bodyEnd = bodyStart + buf.readUInt32LE(defOff + 20);
    if (bodyEnd > buf.length) {
      throw new BinXmlError('EVTX0204', at, 'template definition runs past the chunk');
    }
    // Marked bad while decoding, so a definition that refers to itself fails instead of looping.
    this.chunk.templates.set(defOff, null);
    const saved = this.pos;
    this.pos = bodyStart;
    let nodes: XNode[];
    try {
      nodes = this.fragment(bodyEnd, depth + 1, true);
    } catch (e) {
      // A limit hit inside the definition stays a limit; any other failure is the template's.
      if (e instanceof BinXmlError && e.code !== 'EVTX0205') {
        throw new BinXmlError('EVTX0204', at, e.message);
      }
      throw e;
    }
    this.pos = saved;
    const refs: number[] = [];
    let staticCost = 0;
    for (const n of nodes) staticCost += countTemplate(n, refs);
    const guid = buf.toString('hex', defOff + 4, defOff + 20);
    const id = buf.readUInt32LE(defOff + 4);
    let nesting = 0;
    for (const n of nodes) nesting = Math.max(nesting, elementDepth(n));
    const template = new Template(defOff, guid, id, nodes, staticCost, refs, nesting);
    this.chunk.templates.set(defOff, template);
    return template;
  }
}

/** Node count of a template subtree; counts substitution references on the way. */
function countTemplate(node: XNode, refs: number[]): number {
  if (node.kind !== N_ELEMENT) {
    if (node.kind === N_SUBST) refs[node.index] = (refs[node.index] ?? 0) + 1;
    return 1;
  }
  let n = 1;
  for (const a of node.attrs ?? EMPTY_ATTRS) {
    for (const p of a.parts) n += countTemplate(p, refs);
  }
  for (const c of node.children ?? []) n += countTemplate(c, refs);
  return n;
}

/** How deep elements nest in a template subtree (an element alone is 1). */
function elementDepth(node: XNode): number {
  if (node.kind !== N_ELEMENT) return 0;
  let deepest = 0;
  for (const c of node.children ?? []) deepest = Math.max(deepest, elementDepth(c));
  return 1 + deepest;
}

/** Nodes a decoded fragment expands to; template instances carry their own count. */
function fragmentCost(nodes: XNode[]): number {
  let n = 0;
  for (const node of nodes) {
    if (node.kind === N_TEMPLATE) n += node.index;
    else if (node.kind === N_ELEMENT) {
      n += 1 + fragmentCost(node.children ?? []);
      for (const a of node.attrs ?? EMPTY_ATTRS) n += a.parts.length;
    } else n++;
  }
  return n;
}
