/**
 * `format_datetime` and `format_timespan`: .NET-style custom format strings, limited to the
 * specifiers the Kusto docs list (`d`, `dd`, `f`…`fffffff`, `F`…`FFFFFFF`, `h`, `hh`, `H`,
 * `HH`, `m`, `mm`, `M`, `MM`, `s`, `ss`, `y`, `yy`, `yyyy`, `tt`; for timespans `d` up to
 * eight digits of days). Every other character is copied as it is, which covers the
 * documented separators (space `/ - : , . _ [ ]`). As in .NET, an `F` run that prints
 * nothing also drops the `.` before it.
 */

import { TICKS_PER_DAY } from '../../table/datetime.js';
import { text } from './args.js';
import { civil } from './datetime.js';
import { define, fn } from './registry.js';

interface Fields {
  year?: number;
  month?: number;
  days: number;
  hour: number;
  minute: number;
  second: number;
  tick: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function fraction(tick: number, count: number, trim: boolean): string {
  let digits = pad(tick, 7).slice(0, Math.min(count, 7));
  if (trim) digits = digits.replace(/0+$/, '');
  return digits;
}

/** Renders `fields` with a format; `dayDigits` is how `d` runs print (date vs timespan). */
function render(format: string, f: Fields, isDate: boolean): string {
  let out = '';
  for (let i = 0; i < format.length;) {
    const c = format[i]!;
    let n = 1;
    while (format[i + n] === c) n++;
    i += n;
    switch (c) {
      case 'y':
        if (!isDate) out += c.repeat(n);
        else out += n <= 2 ? pad((f.year ?? 0) % 100, n) : pad(f.year ?? 0, n);
        break;
      case 'M':
        out += isDate && n <= 2 ? pad(f.month ?? 0, n) : c.repeat(n);
        break;
      case 'd':
        out += isDate ? (n <= 2 ? pad(f.days, n) : c.repeat(n)) : pad(f.days, Math.min(n, 8));
        break;
      case 'H':
        out += n <= 2 ? pad(f.hour, n) : c.repeat(n);
        break;
      case 'h':
        if (n > 2) out += c.repeat(n);
        else out += pad(isDate ? f.hour % 12 || 12 : f.hour, n);
        break;
      case 'm':
        out += n <= 2 ? pad(f.minute, n) : c.repeat(n);
        break;
      case 's':
        out += n <= 2 ? pad(f.second, n) : c.repeat(n);
        break;
      case 'f':
        out += n <= 7 ? fraction(f.tick, n, false) : c.repeat(n);
        break;
      case 'F': {
        if (n > 7) {
          out += c.repeat(n);
          break;
        }
        const digits = fraction(f.tick, n, true);
        if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        out += digits;
        break;
      }
      case 't':
        out += isDate && n <= 2 ? (f.hour < 12 ? 'AM' : 'PM').slice(0, n) : c.repeat(n);
        break;
      default:
        out += c.repeat(n);
    }
  }
  return out;
}

export function formatDatetime(t: bigint, format: string): string {
  const c = civil(t);
  return render(format, { ...c, days: c.day }, true);
}

export function formatTimespan(t: bigint, format: string): string {
  const neg = t < 0n;
  const a = neg ? -t : t;
  const days = Number(a / TICKS_PER_DAY);
  const c = civil(a % TICKS_PER_DAY);
  const body = render(
    format,
    { days, hour: c.hour, minute: c.minute, second: c.second, tick: c.tick },
    false,
  );
  return neg ? '-' + body : body;
}

define(
  fn('format_datetime', ([t, f]) => (typeof t === 'bigint' ? formatDatetime(t, text(f)) : '')),
  fn('format_timespan', ([t, f]) => (typeof t === 'bigint' ? formatTimespan(t, text(f)) : '')),
);
