/** Options several commands share, parsed into plain values. */

import { parseDateTime } from '../table/datetime.js';
import { UsageError } from './io.js';

export type OutputFormat = 'table' | 'jsonl' | 'csv' | 'html';

export function outputFormat(
  v: string | undefined,
  allowed: readonly OutputFormat[],
  command: string,
): OutputFormat {
  const f = (v ?? 'table') as OutputFormat;
  if (!allowed.includes(f))
    throw new UsageError(`--format must be one of ${allowed.join(', ')}; got '${v}'.`, command);
  return f;
}

/** `--now`: an ISO datetime, `wall` for the clock, or absent for the latest event time. */
export type NowOption = { kind: 'latest' } | { kind: 'wall' } | { kind: 'fixed'; ticks: bigint };

export function nowOption(v: string | undefined, command: string): NowOption {
  if (v === undefined) return { kind: 'latest' };
  if (v === 'wall') return { kind: 'wall' };
  const t = parseDateTime(v);
  if (t === null)
    throw new UsageError(`--now takes an ISO 8601 datetime or 'wall'; got '${v}'.`, command);
  return { kind: 'fixed', ticks: t };
}

export function wallClockTicks(): bigint {
  return BigInt(Date.now()) * 10_000n;
}

/** `--csv-offset +02:00` → 120 minutes east of UTC. */
export function offsetMinutes(v: string | undefined, command: string): number | undefined {
  if (v === undefined) return undefined;
  const m = /^([+-])(\d{1,2}):?(\d{2})$/.exec(v.trim());
  if (!m) throw new UsageError(`--csv-offset takes +HH:MM or -HH:MM; got '${v}'.`, command);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function positiveInt(
  v: string | undefined,
  name: string,
  command: string,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${name} takes a positive integer; got '${v}'.`, command);
  return n;
}
