/**
 * One line of an audit log, split into its header and its fields.
 *
 * A raw record reads `[node=HOST ]type=NAME msg=audit(STAMP): key=value key=value…`. Values
 * are bare words, `"quoted"` text, `'quoted'` user-space messages (which nest their own
 * key=value pairs), `(null)`, or upper-case hex when the kernel judged the text untrusted
 * (spaces, quotes, control bytes, non-ASCII). With `log_format = ENRICHED`, a 0x1D byte ends
 * the kernel's fields and auditd appends interpreted copies in upper case (`UID="alice"`).
 *
 * `ausearch -i` renders the same record as `type=NAME msg=audit(DATE TIME.ms:serial) : …`
 * with values interpreted and printed without quotes, spaces and all
 * (`exit=EINPROGRESS(Operation now in progress)`, `saddr={ saddr_fam=inet laddr=… }`,
 * `proctitle=curl -s https://…`). Such a value runs to the next ` key=`; the EXECVE and
 * PROCTITLE records, whose values are free text, are split by the decoder that knows
 * their keys.
 */

import { parseStamp, type Stamp } from './stamp.js';

export interface RecordLine extends Stamp {
  node: string;
  type: string;
  /** The stamp as written: it names the event the record belongs to. */
  stampText: string;
  /** The fields after the stamp, enriched part removed. */
  body: string;
  /** The enriched part (after 0x1D) as written, '' when absent; split only where used. */
  enriched: string;
}

export interface FieldValue {
  text: string;
  /** Written in quotes (`"…"`, `'…'`) or braces, so never hex. */
  quoted: boolean;
}

export type LineFailure =
  | { code: 'AUD0001'; detail: string }
  | { code: 'AUD0002'; detail: string }
  | { code: 'AUD0102'; type: string; detail: string };

const HEADER = /^(?:node=(\S*) )?type=(\S+) msg=audit\(/;

/** Parses a record's header; the fields stay text until a decoder asks for them. */
export function parseRecordLine(
  text: string,
  offsetMinutes: number,
): { record: RecordLine } | { failure: LineFailure } {
  const head = HEADER.exec(text);
  if (!head) {
    if (/^(?:node=\S* )?type=\S+/.test(text))
      return { failure: { code: 'AUD0002', detail: 'no msg=audit(…) after the type' } };
    return { failure: { code: 'AUD0001', detail: preview(text) } };
  }
  const type = head[2]!;
  const open = head[0].length;
  const close = text.indexOf(')', open);
  if (close < 0) {
    return { failure: { code: 'AUD0102', type, detail: 'the line ends inside msg=audit(…)' } };
  }
  const stampText = text.slice(open, close);
  const stamp = parseStamp(stampText, offsetMinutes);
  if (stamp === null) {
    return { failure: { code: 'AUD0002', detail: `unreadable stamp '${preview(stampText)}'` } };
  }
  let rest = text.slice(close + 1).replace(/^ ?: ?/, '');
  let enriched = '';
  const gs = rest.indexOf('\x1d');
  if (gs >= 0) {
    enriched = rest.slice(gs + 1);
    rest = rest.slice(0, gs);
  }
  // ausearch ends every field, the last one too, with a space.
  if (stamp.interpreted) rest = rest.trimEnd();
  const record: RecordLine = {
    timeMs: stamp.timeMs,
    serial: stamp.serial,
    interpreted: stamp.interpreted,
    node: head[1] ?? '',
    type,
    stampText,
    body: rest,
    enriched,
  };
  return { record };
}

function preview(s: string): string {
  const t = s.trim();
  return t.length > 40 ? `'${t.slice(0, 40)}…'` : `'${t}'`;
}

// In ausearch -i output an unquoted value runs until the next ` key=`.
const NEXT_KEY = / +(?=[A-Za-z_][\w[\]-]*=)/g;

/**
 * Splits a record body into its fields (first occurrence of a key wins). Bare words without
 * `=` (SELinux AVC text) are passed over. Returns a reason when the body ends inside a
 * quoted or braced value.
 */
export function splitFields(
  body: string,
  interpreted: boolean,
): { fields: Map<string, FieldValue> } | { cut: string } {
  const fields = new Map<string, FieldValue>();
  let i = 0;
  const n = body.length;
  while (i < n) {
    while (i < n && body[i] === ' ') i++;
    if (i >= n) break;
    let j = i;
    while (j < n && body[j] !== '=' && body[j] !== ' ') j++;
    if (j >= n || body[j] === ' ') {
      i = j;
      continue;
    }
    const key = body.slice(i, j);
    let k = j + 1;
    const first = body[k];
    let value: FieldValue;
    if (first === '"' || first === "'" || (interpreted && first === '{')) {
      const closer = first === '{' ? '}' : first;
      const end = body.indexOf(closer, k + 1);
      if (end < 0) return { cut: `field ${key} has no closing ${closer}` };
      value = {
        text: first === '{' ? body.slice(k, end + 1) : body.slice(k + 1, end),
        quoted: true,
      };
      k = end + 1;
    } else if (interpreted) {
      NEXT_KEY.lastIndex = k;
      const m = NEXT_KEY.exec(body);
      const end = m ? m.index : n;
      value = { text: body.slice(k, end).trimEnd(), quoted: false };
      k = end;
    } else {
      let end = k;
      while (end < n && body[end] !== ' ') end++;
      value = { text: body.slice(k, end), quoted: false };
      k = end;
    }
    if (!fields.has(key)) fields.set(key, value);
    i = k;
  }
  return { fields };
}

/** Strict hex (`[0-9A-Fa-f]`, even length) to bytes; null when it is not. */
export function decodeHex(text: string): Buffer | null {
  if (text.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(text)) return null;
  return Buffer.from(text, 'hex');
}
