/**
 * Escaping for the HTML report. Command lines, URLs, host and file names come from the
 * machines under investigation, so an attacker may have chosen them; each is escaped for the
 * context it lands in. Text and double-quoted attributes take the five HTML entities. The
 * alerts travel as JSON inside `<script type="application/json">`, where the HTML parser
 * looks only for `</script` and `<!--`: escaping every `<`, `>` and `&` as `\u003c`-style
 * sequences keeps the block closed whatever the strings hold, and JSON.parse reads them back
 * unchanged. Characters that are invisible or reorder text (controls, bidi overrides, zero
 * widths, lone surrogates, tag characters) are shown as `\u202e`-style marks rather than
 * obeyed; the page's script uses the same pattern, so static and rendered text agree.
 */

/**
 * Invisible or text-reordering characters, as a RegExp source for the `u` flag: C0 and C1
 * controls except tab, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero widths
 * and directional marks, line and paragraph separators, bidi embeddings, overrides and
 * isolates, word joiners, the byte-order mark, interlinear annotations, lone surrogates and
 * Unicode tag characters (used to smuggle text past readers).
 */
export const INVISIBLE_SOURCE =
  '[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f' +
  '\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\ud800-\\udfff' +
  '\\u{e0000}-\\u{e007f}]';

/** Names shown as a tooltip on the marks an analyst is most likely to meet. */
export const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00: 'NULL',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0xad: 'SOFT HYPHEN',
  0x61c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

const invisible = (): RegExp => new RegExp(INVISIBLE_SOURCE, 'gu');

/** The visible form of one invisible character: `\x00`, `\u202e` or `\u{e0041}`. */
export function visibleEscape(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/** `U+202E RIGHT-TO-LEFT OVERRIDE`, or just the code point when it has no listed name. */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const name = CHARACTER_NAMES[cp];
  return name ? `U+${hex} ${name}` : `U+${hex}`;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes for HTML text and for attribute values in double or single quotes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * HTML for attacker-controlled text: escaped, with each invisible character replaced by a
 * `<span class="cc">` holding its visible escape and its name as a tooltip.
 *
 * @example
 * htmlText('a\u202eb<')
 * // 'a<span class="cc" title="U+202E RIGHT-TO-LEFT OVERRIDE">\\u202e</span>b&lt;'
 */
export function htmlText(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(invisible())) {
    out += escapeHtml(s.slice(last, m.index));
    const title = escapeHtml(describeCharacter(m[0]));
    out += `<span class="cc" title="${title}">${escapeHtml(visibleEscape(m[0]))}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(s.slice(last));
}

/** Plain text with invisible characters replaced by their escapes (for `<title>` and the like). */
export function visibleText(s: string): string {
  return s.replace(invisible(), visibleEscape);
}

const jsonUnsafe = (): RegExp => new RegExp(`[<>&]|${INVISIBLE_SOURCE}`, 'gu');

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` become
 * `\u003c`-style escapes, so no tag, comment or character reference can open there. The
 * invisible characters are escaped too (JSON.stringify leaves C1 controls, bidi overrides and
 * tag characters raw), so the file shows no Trojan-Source reordering in an editor or a pager,
 * and U+2028/2029 cannot end a line in a JavaScript reading of it.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(jsonUnsafe(), (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
