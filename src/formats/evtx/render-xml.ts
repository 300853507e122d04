/**
 * A record as the XML Windows renders it (EvtRender with EvtRenderEventXml, which is what
 * `wevtutil qe /f:xml` prints): one line per event, attribute values in single quotes, empty
 * elements self-closed, values in Windows' text forms (see values.ts). Escaping follows XML
 * 1.0: `&`, `<` and `>` in text; quotes too in attributes; control characters that XML 1.0
 * cannot carry literally are written as character references, so no value is lost, and
 * CR/LF/TAB inside attributes are referenced too, since a parser would normalise them away.
 */

import type { EvtxRecord } from './model.js';
import { VT_ANSI, VT_STRING, valueText } from './values.js';
import { walkRecord } from './walk.js';
import type { Visitor } from './walk.js';

const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const ATTR_SPECIAL = /[&<>'"\x00-\x1f\ufffe\uffff]/;

function escapeWith(s: string, attr: boolean): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (attr && c === 0x27) rep = '&apos;';
    else if (attr && c === 0x22) rep = '&quot;';
    else if (c < 0x20 && (attr || (c !== 0x09 && c !== 0x0a))) rep = `&#x${c.toString(16)};`;
    else if (c === 0xfffe || c === 0xffff) rep = `&#x${c.toString(16)};`;
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Escapes element text for XML. */
export function escapeXmlText(s: string): string {
  return TEXT_SPECIAL.test(s) ? escapeWith(s, false) : s;
}

/** Escapes an attribute value for XML (either quote style). */
export function escapeXmlAttr(s: string): string {
  return ATTR_SPECIAL.test(s) ? escapeWith(s, true) : s;
}

/** Only strings can hold characters XML must escape; numbers, GUIDs and times cannot. */
function needsEscape(type: number): boolean {
  const base = type & 0x7f;
  return base === VT_STRING || base === VT_ANSI;
}

/**
 * Escaped attribute text by its source string. Attribute text is almost always a template's
 * static text (`Name='CommandLine'`), the same few strings for every record of a chunk.
 */
const attrCache = new Map<string, string>();

function escapeAttrCached(s: string): string {
  let e = attrCache.get(s);
  if (e === undefined) {
    e = escapeXmlAttr(s);
    if (attrCache.size > 4096) attrCache.clear();
    attrCache.set(s, e);
  }
  return e;
}

class XmlVisitor implements Visitor {
  out = '';
  /** The last start tag is still open: `/>` if the element ends now, `>` if content comes. */
  private startOpen = false;

  private content(): void {
    if (this.startOpen) {
      this.out += '>';
      this.startOpen = false;
    }
  }

  open(name: string): void {
    this.content();
    this.out += '<' + name;
    this.startOpen = true;
  }

  attrText(name: string, text: string): void {
    this.out += ' ' + name + "='" + escapeAttrCached(text) + "'";
  }

  attrValue(name: string, buf: Buffer, type: number, off: number, size: number): void {
    const text = valueText(buf, type, off, size);
    this.out += ' ' + name + "='" + (needsEscape(type) ? escapeXmlAttr(text) : text) + "'";
  }

  openEnd(): void {}

  text(text: string): void {
    if (text === '') return;
    this.content();
    this.out += escapeXmlText(text);
  }

  value(buf: Buffer, type: number, off: number, size: number): void {
    const text = valueText(buf, type, off, size);
    if (text === '') return;
    this.content();
    this.out += needsEscape(type) ? escapeXmlText(text) : text;
  }

  cdata(text: string): void {
    this.content();
    // `]]>` cannot appear inside CDATA; split the section around it.
    this.out += '<![CDATA[' + text.replaceAll(']]>', ']]]]><![CDATA[>') + ']]>';
  }

  charRef(code: number): void {
    this.content();
    this.out += `&#${code};`;
  }

  entity(name: string): void {
    this.content();
    this.out += `&${name};`;
  }

  pi(target: string, data: string): void {
    this.content();
    this.out += '<?' + target + (data === '' ? '' : ' ' + data) + '?>';
  }

  close(name: string): void {
    if (this.startOpen) {
      this.out += '/>';
      this.startOpen = false;
    } else this.out += '</' + name + '>';
  }
}

/**
 * The record as Windows would render it, on one line.
 *
 * @example
 * renderRecordXml(record)
 * // <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>…
 */
export function renderRecordXml(record: EvtxRecord): string {
  const v = new XmlVisitor();
  walkRecord(record, v);
  return v.out;
}
