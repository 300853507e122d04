/**
 * A record as a `WindowsEvent`: the System fields a hunt filters on and the event's fields by
 * name, as Windows renders their text. EventData `<Data Name="X">` gives field `X`; unnamed
 * `<Data>` (classic providers) gives `Data`, `Data1`, `Data2`…; other EventData children
 * (`<Binary>`) give their element name. UserData has no fixed shape, so its leaf elements
 * are flattened by name, again numbered when a name repeats. Values not kept (Keywords,
 * Execution, Security…) are never decoded: the walk hands them over as raw bytes.
 */

import type { WindowsEvent } from '../event.js';
import { N_ELEMENT, N_SUBST, N_TEMPLATE, N_TEXT } from './model.js';
import type { EvtxRecord, Template, XNode } from './model.js';
import { valueText } from './values.js';
import { charRefText, entityChar, walkRecord } from './walk.js';
import type { Visitor } from './walk.js';

const S_OTHER = 0;
const S_SYSTEM = 1;
const S_EVENTDATA = 2;
const S_USERDATA = 3;

/** What the text being read belongs to: nothing, a System field, an event field. */
const C_NONE = 0;
const C_SYSTEM = 1;
const C_FIELD = 2;

/**
 * Which parts of a record make up a `WindowsEvent`, as a visitor of the walk. System fields
 * are kept here as strings; how an event field's text is collected and stored is left to the
 * subclass: as a string in an object (`recordToEvent`), or as UTF-16 bytes for a worker to
 * send to the main thread (transfer.ts), where most values are never strings in the worker.
 */
export abstract class EventFields implements Visitor {
  provider = '';
  channel = '';
  eventId = 0;
  computer = '';
  timeCreated = '';
  recordId: number | undefined;
  /** `System/Execution/@ProcessID`: the process that logged the event. */
  processId: number | undefined;

  private depth = 0;
  private section = S_OTHER;
  private capture = C_NONE;
  /** Text of the System field being read. */
  private system = '';
  /** The `Name` attribute of the current EventData element. */
  private dataName: string | undefined;
  private unnamed = 0;
  /** UserData: per open element, whether it has child elements (then it is not a leaf). */
  private readonly parentFlags: boolean[] = [];

  /** Starts collecting the text of an event field. */
  protected abstract fieldStart(): void;
  protected abstract fieldText(text: string): void;
  protected abstract fieldValue(buf: Buffer, type: number, off: number, size: number): void;
  /** Whether this record already has a field called `name`. */
  protected abstract has(name: string): boolean;
  /** Stores what was collected since `fieldStart` as field `name`. */
  protected abstract fieldEnd(name: string): void;

  /** Forgets the previous record, for a visitor reused across records. */
  protected resetFields(): void {
    this.provider = '';
    this.channel = '';
    this.eventId = 0;
    this.computer = '';
    this.timeCreated = '';
    this.recordId = undefined;
    this.processId = undefined;
    this.depth = 0;
    this.section = S_OTHER;
    this.capture = C_NONE;
    this.unnamed = 0;
    this.parentFlags.length = 0;
  }

  open(name: string): void {
    const depth = ++this.depth;
    if (depth === 2) {
      this.section =
        name === 'System'
          ? S_SYSTEM
          : name === 'EventData'
            ? S_EVENTDATA
            : name === 'UserData'
              ? S_USERDATA
              : S_OTHER;
      this.parentFlags.length = 0;
      return;
    }
    if (depth < 3) return;
    if (this.section === S_SYSTEM) {
      this.system = '';
      this.capture =
        depth === 3 &&
        (name === 'EventID' ||
          name === 'Channel' ||
          name === 'Computer' ||
          name === 'EventRecordID')
          ? C_SYSTEM
          : C_NONE;
    } else if (this.section === S_EVENTDATA) {
      this.capture = depth === 3 ? C_FIELD : C_NONE;
      if (depth === 3) {
        this.dataName = undefined;
        this.fieldStart();
      }
    } else if (this.section === S_USERDATA) {
      if (this.parentFlags.length > 0) this.parentFlags[this.parentFlags.length - 1] = true;
      this.parentFlags.push(false);
      this.capture = C_FIELD;
      this.fieldStart();
    } else this.capture = C_NONE;
  }

  /** Which kept attribute `name` is at this point: 1 provider, 2 time, 3 Data name, 0 none. */
  private attrSlot(name: string): number {
    if (this.depth !== 3) return 0;
    if (this.section === S_SYSTEM) {
      if (name === 'Name') return this.provider === '' ? 1 : 0;
      if (name === 'ProcessID') return 4;
      return name === 'SystemTime' ? 2 : 0;
    }
    return this.section === S_EVENTDATA && name === 'Name' ? 3 : 0;
  }

  private keep(slot: number, text: string): void {
    if (slot === 1) this.provider = text;
    else if (slot === 2) this.timeCreated = text;
    else if (slot === 4) {
      const n = Number(text);
      if (text !== '' && Number.isSafeInteger(n)) this.processId = n;
    } else this.dataName = text;
  }

  attrText(name: string, text: string): void {
    const slot = this.attrSlot(name);
    if (slot !== 0) this.keep(slot, text);
  }

  attrValue(name: string, buf: Buffer, type: number, off: number, size: number): void {
    const slot = this.attrSlot(name);
    if (slot !== 0) this.keep(slot, valueText(buf, type, off, size));
  }

  openEnd(): void {}

  text(text: string): void {
    if (this.capture === C_FIELD) this.fieldText(text);
    else if (this.capture === C_SYSTEM) this.system += text;
  }

  value(buf: Buffer, type: number, off: number, size: number): void {
    if (this.capture === C_FIELD) this.fieldValue(buf, type, off, size);
    else if (this.capture === C_SYSTEM) this.system += valueText(buf, type, off, size);
  }

  cdata(text: string): void {
    this.text(text);
  }

  charRef(code: number): void {
    this.text(charRefText(code));
  }

  entity(name: string): void {
    this.text(entityChar(name));
  }

  pi(): void {}

  /** Stores the field as `name`, or `name1`, `name2`… when the name is taken. */
  private field(name: string): void {
    if (!this.has(name)) {
      this.fieldEnd(name);
      return;
    }
    let n = 1;
    while (this.has(name + n)) n++;
    this.fieldEnd(name + n);
  }

  close(name: string): void {
    const depth = this.depth--;
    if (depth < 3) return;
    if (this.section === S_SYSTEM) {
      if (depth !== 3 || this.capture !== C_SYSTEM) return;
      const text = this.system;
      if (name === 'EventID') this.eventId = Number.parseInt(text, 10) || 0;
      else if (name === 'Channel') this.channel = text;
      else if (name === 'Computer') this.computer = text;
      else if (name === 'EventRecordID') {
        const n = Number(text);
        if (text !== '' && Number.isSafeInteger(n)) this.recordId = n;
      }
      this.capture = C_NONE;
    } else if (this.section === S_EVENTDATA) {
      if (depth !== 3) return;
      if (name === 'Data' && this.dataName === undefined) {
        this.field(this.unnamed === 0 ? 'Data' : 'Data' + this.unnamed);
        this.unnamed++;
      } else this.field(name === 'Data' ? (this.dataName as string) : name);
      this.capture = C_NONE;
    } else if (this.section === S_USERDATA) {
      if (this.parentFlags.pop() === false) this.field(name);
      // The parent goes on collecting only to be dropped: it has an element child now.
      this.fieldStart();
    }
  }
}

/** Collects event fields as strings in a plain object. */
class EventVisitor extends EventFields {
  readonly data: Record<string, string> = {};
  private acc = '';

  protected fieldStart(): void {
    this.acc = '';
  }

  protected fieldText(text: string): void {
    this.acc += text;
  }

  protected fieldValue(buf: Buffer, type: number, off: number, size: number): void {
    this.acc += valueText(buf, type, off, size);
  }

  protected has(name: string): boolean {
    // The load settles the common case; hasOwn only for names Object.prototype also has.
    return this.data[name] !== undefined && Object.hasOwn(this.data, name);
  }

  protected fieldEnd(name: string): void {
    if (name === '__proto__') {
      Object.defineProperty(this.data, name, {
        value: this.acc,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else this.data[name] = this.acc;
  }
}

/**
 * The record as a `WindowsEvent`; `source` points at the record's byte offset in its file.
 *
 * @example
 * const e = recordToEvent(record);
 * if (e.eventId === 1) commandLines.push(e.data['CommandLine']);
 */
export function recordToEvent(record: EvtxRecord): WindowsEvent {
  const v = new EventVisitor();
  walkRecord(record, v);
  return {
    kind: 'windows',
    provider: v.provider,
    channel: v.channel,
    eventId: v.eventId,
    computer: v.computer,
    timeCreated: v.timeCreated,
    recordId: v.recordId ?? record.recordId,
    ...(v.processId !== undefined ? { processId: v.processId } : {}),
    data: v.data,
    source: { file: record.file, offset: record.offset },
  };
}

function child(nodes: XNode[] | null, name: string): XNode | undefined {
  return nodes?.find((n) => n.kind === N_ELEMENT && n.name === name);
}

/** Finds where a template's EventID comes from; see `Template.eventIdSlot`. */
function eventIdSlot(t: Template): number {
  if (t.eventIdSlot !== undefined) return t.eventIdSlot;
  const id = child(
    child(child(t.nodes, 'Event')?.children ?? null, 'System')?.children ?? null,
    'EventID',
  );
  const only = id?.children?.length === 1 ? id.children[0] : undefined;
  t.eventIdSlot = -2;
  if (only?.kind === N_SUBST) t.eventIdSlot = only.index;
  else if (only?.kind === N_TEXT) {
    t.eventIdSlot = -1;
    t.eventIdText = only.text;
  }
  return t.eventIdSlot;
}

/**
 * The record's EventID without rendering the rest of it: read straight from its
 * substitution value when the template is the usual shape, by a full walk otherwise. For
 * filters that drop most records (a hunt needs a handful of event ids), this is most of
 * the saving.
 */
export function peekEventId(record: EvtxRecord): number {
  const top = record.body.length === 1 ? record.body[0] : undefined;
  if (top?.kind === N_TEMPLATE && top.template) {
    const slot = eventIdSlot(top.template);
    if (slot === -1) return Number.parseInt(top.template.eventIdText, 10) || 0;
    if (slot >= 0) {
      if (slot >= top.count) return 0;
      const chunk = record.chunk;
      const d = top.base + slot;
      const text = valueText(
        chunk.buf,
        chunk.vType[d] ?? 0,
        chunk.vOff[d] ?? 0,
        chunk.vSize[d] ?? 0,
      );
      return Number.parseInt(text, 10) || 0;
    }
  }
  return recordToEvent(record).eventId;
}
