/**
 * How worker threads hand events to the main thread. Structured cloning a batch of event
 * objects costs the receiving thread about as much as parsing them did, which would make the
 * main thread the bottleneck. So a batch travels as three things: a small table of the
 * strings that repeat (field names, provider, channel, host, file), one Float64Array of
 * indices, lengths and numbers, and one buffer of every other string as UTF-16; the two
 * buffers are transferred, not cloned. The main thread decodes each value from the buffer
 * into a string of its own, so a kept event does not pin its whole batch in memory.
 */

import type { WindowsEvent } from '../event.js';
import type { EvtxRecord } from './model.js';
import { EventFields } from './to-event.js';
import { VT_STRING, utf16Raw, valueText } from './values.js';
import { walkRecord } from './walk.js';

export interface PackedEvents {
  strings: string[];
  numbers: Float64Array;
  /** UTF-16LE text of the values, back to back; `numbers` holds their lengths. */
  text: ArrayBuffer;
}

/** Interns the strings that repeat across events (field names, provider, host, file). */
class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.index.set(s, i);
      this.strings.push(s);
    }
    return i;
  }
}

/**
 * Collects records into a batch without making strings of their values: a UTF-16 value is
 * copied byte for byte from the chunk into the text buffer (up to its first NUL, as
 * `utf16` reads it), and only other types are printed. The layout per event: provider,
 * channel, event id, computer, time (a length into the text), record id, file, offset,
 * the number of fields, then per field its name and its length into the text. In the text
 * the fields come first and the time last, since it is known only once the walk is over.
 */
export class EventPacker extends EventFields {
  private table = new StringTable();
  private nums = new Float64Array(1 << 15);
  private n = 0;
  private arena = Buffer.allocUnsafeSlow(1 << 20);
  private at = 0;
  private fieldAt = 0;
  private readonly names: string[] = [];

  /** Events in the current batch. */
  count = 0;

  private room(bytes: number): void {
    if (this.at + bytes <= this.arena.length) return;
    let size = this.arena.length * 2;
    while (size < this.at + bytes) size *= 2;
    const bigger = Buffer.allocUnsafeSlow(size);
    this.arena.copy(bigger, 0, 0, this.at);
    this.arena = bigger;
  }

  private num(v: number): void {
    if (this.n === this.nums.length) {
      const bigger = new Float64Array(this.nums.length * 2);
      bigger.set(this.nums);
      this.nums = bigger;
    }
    this.nums[this.n++] = v;
  }

  private write(s: string): void {
    this.room(2 * s.length);
    this.at += this.arena.write(s, this.at, 'utf16le');
  }

  protected fieldStart(): void {
    this.fieldAt = this.at;
  }

  protected fieldText(text: string): void {
    this.write(text);
  }

  protected fieldValue(buf: Buffer, type: number, off: number, size: number): void {
    if (type !== VT_STRING) {
      this.write(valueText(buf, type, off, size));
      return;
    }
    // One pass finds the NUL and copies: values are short, and Buffer.copy's checks are not.
    this.room(size);
    const arena = this.arena;
    let at = this.at;
    const stop = off + (size & ~1);
    for (let p = off; p < stop; p += 2) {
      const lo = buf[p] ?? 0;
      const hi = buf[p + 1] ?? 0;
      if ((lo | hi) === 0) break;
      arena[at] = lo;
      arena[at + 1] = hi;
      at += 2;
    }
    this.at = at;
  }

  protected has(name: string): boolean {
    return this.names.includes(name);
  }

  protected fieldEnd(name: string): void {
    this.num(this.table.id(name));
    this.num((this.at - this.fieldAt) / 2);
    this.names.push(name);
  }

  /** Adds `record` unless `keep` rejects it once its System fields are known. */
  add(record: EvtxRecord, keep?: (e: EventPacker) => boolean): void {
    this.resetFields();
    this.names.length = 0;
    const head = this.n;
    const textAt = this.at;
    for (let i = 0; i < 10; i++) this.num(0);
    walkRecord(record, this);
    if (keep && !keep(this)) {
      this.n = head;
      this.at = textAt;
      return;
    }
    const time = this.at;
    this.write(this.timeCreated);
    const t = this.table;
    const nums = this.nums;
    nums[head] = t.id(this.provider);
    nums[head + 1] = t.id(this.channel);
    nums[head + 2] = this.eventId;
    nums[head + 3] = t.id(this.computer);
    nums[head + 4] = (this.at - time) / 2;
    nums[head + 5] = this.recordId ?? record.recordId;
    nums[head + 6] = t.id(record.file);
    nums[head + 7] = record.offset;
    nums[head + 8] = this.names.length;
    nums[head + 9] = this.processId ?? -1;
    this.count++;
  }

  /** The batch so far, ready to post with its two buffers transferred; starts a new batch. */
  take(): PackedEvents {
    const packed: PackedEvents = {
      strings: this.table.strings,
      numbers: this.nums.slice(0, this.n),
      text: this.arena.buffer.slice(0, this.at) as ArrayBuffer,
    };
    this.table = new StringTable();
    this.n = 0;
    this.at = 0;
    this.count = 0;
    return packed;
  }
}

/** Rebuilds the events an `EventPacker` packed. */
export function unpackEvents(p: PackedEvents): WindowsEvent[] {
  const { strings, numbers } = p;
  const text = Buffer.from(p.text);
  let at = 0;
  const value = (units: number): string => {
    const start = at;
    at += 2 * units;
    return utf16Raw(text, start, at);
  };
  const s = (i: number): string => strings[numbers[i] ?? 0] ?? '';
  const out: WindowsEvent[] = [];
  let k = 0;
  while (k + 10 <= numbers.length) {
    const recordId = numbers[k + 5] ?? NaN;
    const offset = numbers[k + 7] ?? NaN;
    const n = numbers[k + 8] ?? 0;
    const data: Record<string, string> = {};
    const processId = numbers[k + 9] ?? -1;
    let f = k + 10;
    for (let j = 0; j < n; j++, f += 2) {
      const key = s(f);
      const v = value(numbers[f + 1] ?? 0);
      if (key === '__proto__') {
        Object.defineProperty(data, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else data[key] = v;
    }
    // The time follows the fields in the text.
    const timeCreated = value(numbers[k + 4] ?? 0);
    const e: WindowsEvent = {
      kind: 'windows',
      provider: s(k),
      channel: s(k + 1),
      eventId: numbers[k + 2] ?? 0,
      computer: s(k + 3),
      timeCreated,
      data,
      source: Number.isNaN(offset) ? { file: s(k + 6) } : { file: s(k + 6), offset },
    };
    if (!Number.isNaN(recordId)) e.recordId = recordId;
    if (processId >= 0) e.processId = processId;
    out.push(e);
    k = f;
  }
  return out;
}
