/**
 * Reads Linux audit logs: the kernel's records as auditd writes them to audit.log (raw, or
 * with `log_format = ENRICHED`), the same through remote logging with a `node=` prefix, and
 * `ausearch -i` (or `ausearch` without -i) output. Each line is one record; records are
 * decoded as they are read (decode.ts) and grouped into events (assemble.ts), and every
 * complete event is emitted as one `AuditEvent`.
 *
 * Accounting: an emitted event counts as one record read; a line that cannot be read, and
 * an event that cannot stand (auxiliary records without their SYSCALL), count as read and
 * rejected, each reported with the file, line and byte offset. A record that cannot be
 * decoded is left out of its event and the rest of the event is still used, so an EXECVE
 * with a broken argument still yields the process, its command line then coming from
 * PROCTITLE.
 *
 * The host an event belongs to is its `node=` name when the log has one (remote logging,
 * or auditd's `name_format`), else the host the caller names, else the file's name without
 * directories and log extensions (`web01.audit.log` → `web01`).
 */

import { rejectUnexpected, type ReadContext } from '../reader.js';
import { auditdDiagnostic, type AuditdCode } from './codes.js';
import { decodeRecord } from './decode.js';
import { parseRecordLine } from './line.js';
import { Assembler, argvOf, isOrphan, toEvent, type Pending } from './assemble.js';

export interface AuditdOptions {
  /** Minutes east of UTC of the machine that rendered `ausearch -i` output. */
  localOffsetMinutes?: number;
  /** Host name for events without a `node=` prefix. */
  host?: string;
}

/** The host name a file stands for when its records carry no `node=`. */
export function hostFromFileName(file: string): string {
  const base = file.split(/[/\\!]/).pop() ?? file;
  let stem = base;
  for (;;) {
    const next = stem.replace(/\.(?:gz|\d+|log|txt|audit)$/i, '');
    if (next === stem || next === '') break;
    stem = next;
  }
  return stem || base;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeTypes(types: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n === 1 ? t : `${t} ×${n}`)).join(', ');
}

/** Reads one audit log held in memory. */
export function readAuditd(buf: Buffer, ctx: ReadContext, options: AuditdOptions = {}): void {
  const offsetMinutes = options.localOffsetMinutes ?? 0;
  const fileHost = options.host ?? hostFromFileName(ctx.file);
  const where = (line: number, offset: number) => ({ file: ctx.file, line, offset });
  const reject = (code: AuditdCode, line: number, offset: number, ...args: (string | number)[]) => {
    ctx.stats.read++;
    ctx.stats.rejected++;
    ctx.sink.report(auditdDiagnostic(code, where(line, offset), ...args));
  };

  const complete = (p: Pending): void => {
    if (p.types.length === 0) return; // every record of it was broken, each already reported
    if (isOrphan(p)) {
      const what = `${plural(p.types.length, 'record')} (${describeTypes(p.types)})`;
      reject('AUD0201', p.line, p.offset, p.serial, what);
      return;
    }
    const { argv, complete: whole } = argvOf(p);
    if (!whole && argv !== null) {
      ctx.sink.report(
        auditdDiagnostic('AUD0202', where(p.line, p.offset), p.serial, argv.length, p.argc ?? 0),
      );
    }
    ctx.stats.read++;
    try {
      ctx.emit(toEvent(p, p.node || fileHost, ctx.file));
    } catch (err) {
      rejectUnexpected(ctx, where(p.line, p.offset), err);
    }
  };
  const assembler = new Assembler(complete);

  let sawInterpreted = false;
  const unknownArches = new Set<string>();
  let lineNo = 0;
  let pos = 0;
  while (pos < buf.length) {
    let end = buf.indexOf(0x0a, pos);
    const terminated = end >= 0;
    if (!terminated) end = buf.length;
    lineNo++;
    const offset = pos;
    let text = buf.toString('utf8', pos, end);
    pos = end + 1;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    if (text === '----') {
      assembler.flush();
      continue;
    }
    // `ausearch` without -i heads each event with `time->Fri Oct 23 06:36:42 2020`.
    if (text.startsWith('time->')) continue;

    let parsed: ReturnType<typeof parseRecordLine>;
    try {
      parsed = parseRecordLine(text, offsetMinutes);
    } catch (err) {
      ctx.stats.read++;
      rejectUnexpected(ctx, where(lineNo, offset), err);
      continue;
    }
    if ('failure' in parsed) {
      const f = parsed.failure;
      if (!terminated && f.code !== 'AUD0102') {
        reject('AUD0102', lineNo, offset, 'last', 'the file ends inside this line');
      } else if (f.code === 'AUD0102') {
        reject('AUD0102', lineNo, offset, f.type, f.detail);
      } else {
        reject(f.code, lineNo, offset, f.detail);
      }
      continue;
    }
    const rec = parsed.record;
    if (rec.interpreted && !sawInterpreted) {
      sawInterpreted = true;
      ctx.sink.report(
        auditdDiagnostic('AUD0301', where(lineNo, offset), formatOffset(offsetMinutes)),
      );
    }
    const pending = assembler.pendingFor(rec, lineNo, offset);
    const result = decodeRecord(rec);
    if ('failure' in result) {
      const f = result.failure;
      pending.broken++;
      if (!terminated)
        reject('AUD0102', lineNo, offset, rec.type, 'the file ends inside this line');
      else if (f.code === 'AUD0101') reject(f.code, lineNo, offset, rec.type, f.field, f.detail);
      else if (f.code === 'AUD0102') reject(f.code, lineNo, offset, rec.type, f.detail);
      else reject(f.code, lineNo, offset, f.detail);
      continue;
    }
    const d = result.decoded;
    if (d.type === 'SYSCALL' && !d.archKnown && !unknownArches.has(d.syscall.arch)) {
      unknownArches.add(d.syscall.arch);
      ctx.sink.report(auditdDiagnostic('AUD0302', where(lineNo, offset), d.syscall.arch));
    }
    assembler.add(pending, rec.type, d);
  }
  assembler.flush();
}
