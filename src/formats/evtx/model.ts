/**
 * What a decoded EVTX record is made of. Binary XML is decoded once per chunk into template
 * trees (element names, static text, numbered substitution slots), and once per record into a
 * template reference plus the position of each substitution value in the chunk. Nothing is
 * turned into text until a renderer asks, so a hunt that reads three fields of a Sysmon event
 * never decodes the other twenty. A record therefore keeps its chunk's bytes alive; chunks
 * are 64 KiB, so that is cheap, and it is what lets the file reader stream.
 */

import { filetimeText } from './values.js';

export const N_ELEMENT = 1;
export const N_TEXT = 2;
export const N_SUBST = 3;
export const N_CHARREF = 4;
export const N_ENTITY = 5;
export const N_CDATA = 6;
export const N_PI = 7;
export const N_TEMPLATE = 8;

/**
 * One Binary XML node. A single class for every kind keeps the walkers' property loads
 * monomorphic (one hidden class), which V8 rewards on the per-record hot path.
 */
export class XNode {
  /** `N_ELEMENT` … `N_TEMPLATE`. */
  kind: number;
  /** Element name, entity name or processing-instruction target. */
  name = '';
  /** Static text, CDATA content or processing-instruction data. */
  text = '';
  /**
   * Substitution index, the code point of a character reference, or for `N_TEMPLATE` the
   * number of nodes the instance expands to.
   */
  index = 0;
  /** Optional substitution: a null value drops the attribute instead of printing nothing. */
  optional = false;
  attrs: XAttr[] | null = null;
  children: XNode[] | null = null;
  /** True when a substitution sits directly in this element (its attributes or content). */
  hasSubst = false;
  /** For `N_TEMPLATE`: whether any of its values is an array (elements may repeat). */
  hasArray = false;
  /** For `N_TEMPLATE`: the template, and where its values start in the chunk's value table. */
  template: Template | null = null;
  base = 0;
  count = 0;

  constructor(kind: number) {
    this.kind = kind;
  }
}

export interface XAttr {
  name: string;
  /** Text, substitution, character and entity reference nodes, concatenated. */
  parts: XNode[];
}

/** A template definition, decoded once per chunk and shared by every record that uses it. */
export class Template {
  constructor(
    /** Chunk-relative offset of the definition header. */
    readonly offset: number,
    /** The definition's GUID as hex bytes in file order. */
    readonly guid: string,
    /** Its first four bytes as a u32: what a template instance names the template by. */
    readonly id: number,
    readonly nodes: XNode[],
    /** Node count of the tree, the expansion cost of one instance before its values. */
    readonly staticCost: number,
    /** How many times each substitution index is referenced. */
    readonly refs: number[],
    /** How deep its elements nest. */
    readonly depth: number,
  ) {}

  /**
   * Where `Event/System/EventID` gets its text, worked out on first use (to-event.ts):
   * a substitution index (≥ 0), -1 for static text (`eventIdText`), -2 for anything else.
   */
  eventIdSlot: number | undefined;
  eventIdText = '';
}

/**
 * A 64 KiB chunk with its caches: names and templates by chunk offset (they are only valid
 * inside their chunk) and the value table, three parallel arrays (type, offset, size) that
 * every template instance of the chunk appends to.
 */
export class Chunk {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, Template | null>();
  vType = new Uint8Array(4096);
  vOff = new Int32Array(4096);
  vSize = new Int32Array(4096);
  vLen = 0;
  /** Decoded nested Binary XML values (type 0x21), by value-table index. */
  nested: Map<number, XNode[]> | null = null;

  constructor(
    /** The chunk's bytes; shorter than 64 KiB only for the last chunk of a truncated file. */
    readonly buf: Buffer,
    /** Byte offset of the chunk in its file. */
    readonly fileOffset: number,
    /** 0-based chunk number in the file. */
    readonly index: number,
    readonly file: string,
  ) {}

  /** Makes room for `n` more values and returns the index of the first. */
  reserve(n: number): number {
    const need = this.vLen + n;
    if (need > this.vType.length) {
      let cap = this.vType.length * 2;
      while (cap < need) cap *= 2;
      const t = new Uint8Array(cap);
      t.set(this.vType);
      this.vType = t;
      const o = new Int32Array(cap);
      o.set(this.vOff);
      this.vOff = o;
      const s = new Int32Array(cap);
      s.set(this.vSize);
      this.vSize = s;
    }
    const base = this.vLen;
    this.vLen = need;
    return base;
  }
}

/** One event record as read from the file; render it with the functions in `render-*.ts`. */
export class EvtxRecord {
  constructor(
    readonly chunk: Chunk,
    /** Byte offset of the record header in the file. */
    readonly offset: number,
    /** Record size in bytes, header and trailing size copy included. */
    readonly size: number,
    /** `EventRecordID` from the record header. */
    readonly recordId: number,
    private readonly writtenLo: number,
    private readonly writtenHi: number,
    /** Top-level Binary XML nodes: usually one template instance. */
    readonly body: XNode[],
    /**
     * Found past the free-space offset its chunk header gives: written after the header was
     * last updated (dirty log) or left over from before the chunk was reused.
     */
    readonly recovered = false,
  ) {}

  /** The file the record was read from. */
  get file(): string {
    return this.chunk.file;
  }

  /** When the record was written to the log (record header FILETIME), ISO 8601 UTC. */
  get writtenTime(): string {
    return filetimeText(this.writtenLo, this.writtenHi, 7);
  }
}
