/**
 * Windows events rendered as XML: `<Event><System>…</System><EventData><Data Name=…>…`
 * (or `<UserData>`), one or many per file, with or without an `<Events>` wrapper, as
 * Event Viewer's "Save as XML", `wevtutil qe /f:xml` and `Get-WinEvent | ConvertTo-Xml`-style
 * tools write them. Parsed with saxes (a streaming, well-formedness-checking parser); the
 * text is wrapped in one synthetic root so concatenated `<Event>` elements parse, and every
 * position reported is in the user's file. A malformed event is reported with its line and
 * skipped; parsing resumes at the next `<Event`.
 */

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { WindowsEvent } from '../event.js';
import type { ReadContext } from '../reader.js';

interface Building {
  system: Record<string, string>;
  data: Record<string, string>;
  unnamed: number;
  path: string[];
  dataName: string | null;
  text: string;
  line: number;
  offset: number;
  inEventData: boolean;
  inUserData: boolean;
}

const ROOT_OPEN = '<webc2-root>';
const ROOT_CLOSE = '</webc2-root>';

function local(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Parses one span of XML text holding zero or more Event elements. */
function parseSpan(
  xml: string,
  ctx: ReadContext,
  baseLine: number,
  baseOffset: number,
): { ok: boolean; errorLine: number; errorMessage: string } {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let cur: Building | null = null;
  let failed: { line: number; message: string } | null = null;

  parser.on('error', (err) => {
    if (failed === null) failed = { line: parser.line, message: err.message };
    throw err;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'Event' && cur === null) {
      cur = {
        system: {},
        data: {},
        unnamed: 0,
        path: [],
        dataName: null,
        text: '',
        line: baseLine + parser.line - 1,
        offset: baseOffset + Math.max(0, parser.position - ROOT_OPEN.length),
        inEventData: false,
        inUserData: false,
      };
      return;
    }
    if (cur === null) return;
    const b: Building = cur;
    b.path.push(name);
    b.text = '';
    if (name === 'EventData') b.inEventData = true;
    if (name === 'UserData') b.inUserData = true;
    const attrs = tag.attributes as Record<string, string>;
    if (b.path[0] === 'System') {
      if (name === 'Provider' && attrs['Name'] !== undefined) b.system['Provider'] = attrs['Name'];
      if (name === 'TimeCreated' && attrs['SystemTime'] !== undefined)
        b.system['TimeCreated'] = attrs['SystemTime'];
      if (name === 'Execution' && attrs['ProcessID'] !== undefined)
        b.system['ExecutionProcessID'] = attrs['ProcessID'];
    }
    if (b.inEventData && name === 'Data') b.dataName = attrs['Name'] ?? null;
  });
  parser.on('text', (t) => {
    if (cur !== null) cur.text += t;
  });
  parser.on('cdata', (t) => {
    if (cur !== null) cur.text += t;
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (cur === null) return;
    const b: Building = cur;
    if (name === 'Event' && b.path.length === 0) {
      ctx.stats.read++;
      ctx.emit(toEvent(b, ctx));
      cur = null;
      return;
    }
    const text = b.text;
    if (b.path[0] === 'System' && b.path.length === 2) {
      if (name !== 'Provider' && name !== 'TimeCreated') b.system[name] = text.trim();
    } else if (b.inEventData && name === 'Data') {
      const key = b.dataName ?? (b.unnamed++ === 0 ? 'Data' : `Data${b.unnamed - 1}`);
      b.data[key] = text;
      b.dataName = null;
    } else if (b.inUserData && b.path.length >= 3 && text.trim() !== '') {
      b.data[name] = text;
    }
    if (name === 'EventData') b.inEventData = false;
    if (name === 'UserData') b.inUserData = false;
    b.path.pop();
    b.text = '';
  });

  try {
    parser.write(ROOT_OPEN).write(xml).write(ROOT_CLOSE).close();
    return { ok: true, errorLine: 0, errorMessage: '' };
  } catch (err) {
    const f = failed as { line: number; message: string } | null;
    return {
      ok: false,
      errorLine: baseLine + (f?.line ?? parser.line) - 1,
      errorMessage: f?.message ?? (err as Error).message,
    };
  }
}

function toEvent(b: Building, ctx: ReadContext): WindowsEvent {
  const ev: WindowsEvent = {
    kind: 'windows',
    provider: b.system['Provider'] ?? '',
    channel: b.system['Channel'] ?? '',
    eventId: Number(b.system['EventID'] ?? NaN),
    computer: b.system['Computer'] ?? '',
    timeCreated: b.system['TimeCreated'] ?? '',
    data: b.data,
    source: { file: ctx.file, line: b.line, offset: b.offset },
  };
  const rec = Number(b.system['EventRecordID']);
  if (Number.isFinite(rec)) ev.recordId = rec;
  const pid = Number(b.system['ExecutionProcessID']);
  if (b.system['ExecutionProcessID'] !== undefined && Number.isInteger(pid)) ev.processId = pid;
  return ev;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads an XML file of Windows events. */
export function readXml(buf: Buffer, ctx: ReadContext): void {
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Drop the XML declaration: it may only appear at the very start, and we wrap the text.
  const decl = /^\s*<\?xml[^>]*\?>/.exec(text);
  const start = decl ? decl[0].length : 0;
  const body = text.slice(start);
  const held: WindowsEvent[] = [];
  const trial: ReadContext = {
    ...ctx,
    stats: { read: 0, rejected: 0, passed: 0 },
    emit: (e) => void held.push(e as WindowsEvent),
  };
  const whole = parseSpan(body, trial, lineAt(text, start), start);
  if (whole.ok) {
    ctx.stats.read += held.length;
    for (const e of held) ctx.emit(e);
    return;
  }
  // Recover: parse each <Event>…</Event> on its own so one broken event costs only itself.
  recoverEvents(text, start, ctx);
}

function recoverEvents(text: string, start: number, ctx: ReadContext): void {
  const open = /<(?:\w+:)?Event[\s>]/g;
  const starts: number[] = [];
  open.lastIndex = start;
  for (let m = open.exec(text); m !== null; m = open.exec(text)) starts.push(m.index);
  if (starts.length === 0) {
    ctx.stats.read++;
    ctx.stats.rejected++;
    ctx.sink.report({
      code: 'XML0001',
      severity: 'error',
      file: ctx.file,
      line: 1,
      offset: 0,
      message: 'No <Event> element could be read.',
    });
    return;
  }
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const e = i + 1 < starts.length ? starts[i + 1]! : text.length;
    let span = text.slice(s, e);
    // Trailing wrapper close tags belong to no event.
    span = span.replace(/<\/(?:\w+:)?Events>\s*$/, '');
    const line = lineAt(text, s);
    const r = parseSpan(
      span,
      { ...ctx, stats: { read: 0, rejected: 0, passed: 0 }, emit: () => undefined },
      line,
      s,
    );
    if (r.ok) {
      parseSpan(span, ctx, line, s);
    } else {
      ctx.stats.read++;
      ctx.stats.rejected++;
      ctx.sink.report({
        code: 'XML0002',
        severity: 'error',
        file: ctx.file,
        line: r.errorLine,
        offset: s,
        message: `Malformed event: ${r.errorMessage}`,
      });
    }
  }
}
