/**
 * The event stamp inside `msg=audit(…)`: `1603434002.306:1234` in a raw audit.log (seconds
 * since the epoch, milliseconds, event serial), or `10/23/2020 06:36:42.306:1234` once
 * `ausearch -i` has rendered it with strftime's `%x %T` in the local time zone of the machine
 * that ran it. `%x` follows the locale: `10/23/2020` (en_US), `10/23/20` (C), or ISO
 * `2020-10-23`; day-first locales cannot be told apart from month-first and are read
 * month-first.
 */

export interface Stamp {
  /** Milliseconds since the Unix epoch, UTC. */
  timeMs: number;
  serial: number;
  /** Rendered by ausearch -i (local time), not raw. */
  interpreted: boolean;
}

const RAW = /^(\d{1,12})\.(\d{1,3}):(\d{1,20})$/;
const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2}):(\d{2})\.(\d{1,3}):(\d{1,20})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})\.(\d{1,3}):(\d{1,20})$/;

function fromParts(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: string,
  offsetMinutes: number,
): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, Number(ms.padEnd(3, '0')));
  if (Number.isNaN(t) || new Date(t).getUTCDate() !== d) return null;
  return t - offsetMinutes * 60_000;
}

/**
 * Reads a stamp; null when it is in no form above. `offsetMinutes` (east of UTC) applies to
 * ausearch -i times only: raw times are UTC already.
 */
export function parseStamp(text: string, offsetMinutes = 0): Stamp | null {
  const s = text.trim();
  const raw = RAW.exec(s);
  if (raw) {
    return {
      timeMs: Number(raw[1]) * 1000 + Number(raw[2]!.padEnd(3, '0')),
      serial: Number(raw[3]),
      interpreted: false,
    };
  }
  const us = US_DATE.exec(s);
  const iso = us ? null : ISO_DATE.exec(s);
  const m = us ?? iso;
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Two-digit years are this century's: audit logs are younger than 2000.
  const [y, mo, d] = us ? [m[3]!.length === 2 ? 2000 + c : c, a, b] : [a, b, c];
  const timeMs = fromParts(
    y,
    mo,
    d,
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    m[7]!,
    offsetMinutes,
  );
  if (timeMs === null) return null;
  return { timeMs, serial: Number(m[8]), interpreted: true };
}
