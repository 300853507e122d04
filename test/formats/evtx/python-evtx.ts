/**
 * python3-evtx (Debian package) as an oracle. `runPythonEvtx` runs
 * python_evtx_records.py over a list of files, split across two processes, and fails loudly
 * when the package is missing. `pythonView` turns one of our records into the same shape,
 * printing each value the way python-evtx prints its type (booleans `True`, binary in
 * base64, hex integers zero-padded, times as `YYYY-MM-DD HH:MM:SS.ffffff` from a float
 * computation), so the comparison checks which bytes we decoded, not how we spell them.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers.js';
import type { EvtxRecord } from '../../../src/formats/evtx/model.js';
import { walkRecord } from '../../../src/formats/evtx/walk.js';
import type { Visitor } from '../../../src/formats/evtx/walk.js';
import * as V from '../../../src/formats/evtx/values.js';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(repoRoot, 'test', 'formats', 'evtx', 'python_evtx_records.py');

/** A field: name (null for unnamed Data), text, and how python-evtx rendered it. */
export type PyField = [string | null, string | PyField[], string];

export interface PyRecord {
  num: number;
  render_error?: string;
  xml_error?: string;
  system?: Record<string, string>;
  body?: [string, PyField[]] | null;
}

export interface PyFile {
  file: string;
  error: string | null;
  records: PyRecord[];
}

function runOne(files: string[]): Promise<PyFile[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) =>
      reject(new Error(`cannot run ${PYTHON}: ${e.message}; install python3`)),
    );
    child.on('close', (code) => {
      if (code === 3) {
        reject(new Error('python3-evtx is not installed: apt-get install -y python3-evtx'));
      } else if (code !== 0) reject(new Error(`python_evtx_records.py exited ${code}: ${err}`));
      else
        resolve(
          out
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as PyFile),
        );
    });
  });
}

/** python-evtx's reading of each file, by path. */
export async function runPythonEvtx(files: string[], processes = 2): Promise<Map<string, PyFile>> {
  const parts: string[][] = Array.from({ length: processes }, () => []);
  files.forEach((f, i) => parts[i % processes]?.push(f));
  const results = await Promise.all(parts.filter((p) => p.length > 0).map(runOne));
  return new Map(results.flat().map((r) => [r.file, r]));
}

// ---- our record in python-evtx's spelling -------------------------------------------------

/**
 * python-evtx's escape_value turns non-ASCII into character references before it deletes
 * its restricted characters, so only the ASCII ones go; expat then rejects the C0 controls
 * left (the script marks them U+FFFD) and reads CR LF and lone CR as LF.
 */
const PY_RESTRICTED = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
const XML10_BAD = /[\x00-\x08\x0b\x0c\x0e-\x1f]/g;

function pyString(s: string): string {
  return s
    .replace(/\0+$/, '')
    .replace(PY_RESTRICTED, '')
    .replace(XML10_BAD, '\ufffd')
    .replace(/\r\n?/g, '\n');
}

function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mant = '0', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = mant.includes('.') ? mant : mant;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : s + '.0';
}

/** Python's `datetime.isoformat(' ')`: microseconds only when not zero. */
function pyIso(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  us: number,
): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const base = `${p(y, 4)}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}:${p(s)}`;
  return us === 0 ? base : `${base}.${p(us, 6)}`;
}

/** FILETIME the way python-evtx computes it: through a double, so off by a microsecond or so. */
function pyFiletime(buf: Buffer, off: number): string {
  const ticks = buf.readBigUInt64LE(off);
  const secs = Number(ticks) * 1e-7 - 11644473600;
  const ms = Math.floor(secs * 1000);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '0001-01-01 00:00:00';
  let us = Math.round((secs - Math.floor(secs)) * 1e6);
  let whole = Math.floor(secs);
  if (us === 1e6) {
    us = 0;
    whole++;
  }
  const t = new Date(whole * 1000);
  return pyIso(
    t.getUTCFullYear(),
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
    us,
  );
}

/** The value as python-evtx's `string()` gives it for type `t`. */
export function pyValue(buf: Buffer, t: number, off: number, size: number): string {
  if ((t & V.VT_ARRAY) !== 0) {
    // Only a one-item array gets here unexpanded; python-evtx prints its item.
    const items = V.arrayItems(buf, t, off, size);
    const out: string[] = [];
    for (let i = 0; i < items.length; i += 2) {
      out.push(pyValue(buf, t & 0x7f, items[i] ?? 0, items[i + 1] ?? 0));
    }
    return out.join(',');
  }
  switch (t) {
    case V.VT_STRING:
      return pyString(buf.toString('utf16le', off, off + (size & ~1)));
    case V.VT_ANSI:
      return pyString(buf.toString('latin1', off, off + size));
    case V.VT_REAL32:
      return pyFloat(buf.readFloatLE(off));
    case V.VT_REAL64:
      return pyFloat(buf.readDoubleLE(off));
    case V.VT_BOOL:
      return buf.readInt32LE(off) > 0 ? 'True' : 'False';
    case V.VT_BINARY:
      return buf.toString('base64', off, off + size);
    case V.VT_SIZET:
      return String(size === 4 ? buf.readUInt32LE(off) : buf.readBigUInt64LE(off));
    case V.VT_FILETIME:
      return pyFiletime(buf, off);
    case V.VT_SYSTIME: {
      const u = (i: number): number => buf.readUInt16LE(off + 2 * i);
      return pyIso(u(0), u(1), u(3), u(4), u(5), u(6), u(7));
    }
    case V.VT_HEX32:
      return '0x' + buf.readUInt32LE(off).toString(16).padStart(8, '0');
    case V.VT_HEX64:
      return '0x' + buf.readBigUInt64LE(off).toString(16).padStart(16, '0');
    default:
      return V.scalarText(buf, t, off, size);
  }
}

/** What python-evtx would show for our record: the shape of `PyRecord`, minus `num`. */
export interface OurView {
  system: Record<string, string>;
  body: [string, PyField[]] | null;
  /** Fields that hold a FILETIME, compared with a tolerance (python goes through a double). */
  times: Set<string>;
}

class PyVisitor implements Visitor {
  readonly view: OurView = { system: {}, body: null, times: new Set() };
  private depth = 0;
  private section = '';
  private acc = '';
  private hadTime = false;
  private dataName: string | null = null;
  private readonly kids: boolean[] = [];
  private userLeaves: PyField[] = [];

  open(name: string): void {
    this.depth++;
    this.acc = '';
    this.hadTime = false;
    if (this.depth === 2) {
      this.section = name;
      if (name === 'EventData') this.view.body = ['EventData', []];
      if (name === 'UserData') this.view.body = ['UserData', (this.userLeaves = [])];
    }
    if (this.depth === 3) this.dataName = null;
    if (this.section === 'UserData' && this.depth >= 3) {
      if (this.kids.length > 0) this.kids[this.kids.length - 1] = true;
      this.kids.push(false);
    }
  }

  private attr(name: string, text: string, isTime: boolean): void {
    if (this.depth !== 3) return;
    if (this.section === 'System') {
      if (name === 'Name' && this.view.system['Provider'] === undefined) {
        this.view.system['Provider'] = text;
      }
      if (name === 'SystemTime') {
        this.view.system['TimeCreated'] = text;
        if (isTime) this.view.times.add('TimeCreated');
      }
    }
    if (this.section === 'EventData' && name === 'Name') this.dataName = text;
  }

  attrText(name: string, text: string): void {
    this.attr(name, text, false);
  }

  attrValue(name: string, buf: Buffer, type: number, off: number, size: number): void {
    this.attr(name, pyValue(buf, type, off, size), type === V.VT_FILETIME);
  }

  openEnd(): void {}

  text(text: string): void {
    this.acc += text;
  }

  value(buf: Buffer, type: number, off: number, size: number): void {
    this.acc += pyValue(buf, type, off, size);
    if (type === V.VT_FILETIME) this.hadTime = true;
  }

  cdata(text: string): void {
    this.acc += text;
  }

  charRef(code: number): void {
    this.acc += String.fromCharCode(code);
  }

  entity(name: string): void {
    this.acc += `&${name};`;
  }

  pi(): void {}

  close(name: string): void {
    const depth = this.depth--;
    if (this.section === 'System' && depth === 3) {
      if (['EventID', 'Channel', 'Computer', 'EventRecordID'].includes(name)) {
        this.view.system[name] = this.acc;
      }
    } else if (this.section === 'EventData' && depth === 3 && this.view.body) {
      const key = name === 'Data' ? this.dataName : name;
      if (this.hadTime) this.view.times.add(`EventData/${this.view.body[1].length}`);
      this.view.body[1].push([key, this.acc, 'text']);
    } else if (this.section === 'UserData' && depth >= 3) {
      if (this.kids.pop() === false) this.userLeaves.push([name, this.acc, 'leaf']);
    }
    this.acc = '';
  }
}

/** Our record in python-evtx's spelling. */
export function pythonView(record: EvtxRecord): OurView {
  const v = new PyVisitor();
  walkRecord(record, v);
  return v.view;
}

/** Microseconds since 1601 of `YYYY-MM-DD HH:MM:SS[.ffffff]`, for the tolerant time check. */
export function pyTimeMicros(s: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?$/.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, us] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  return ms * 1000 + Number(us ?? 0);
}
