/**
 * Literal values read from their source text. The Kusto package parses literals too, but
 * its .NET-in-JavaScript values lose information (hex longs read as 0, datetimes as
 * milliseconds), so numbers, datetimes, timespans and guids are read here from the token
 * text; strings come from the package, which has already resolved escapes and verbatim
 * and obfuscated forms.
 */

import { MAX_DATETIME, MIN_DATETIME, parseDateTime, parseTimespan } from '../table/datetime.js';
import type { JsonValue, KqlType, Scalar } from '../table/types.js';
import { KqlError } from './context.js';
import { child, items, kind, listOf, text, type Node } from './syntax.js';
import { toGuid } from './functions/conversion.js';

/** `long(12)` → `12`; `12` → `12`. */
function inner(t: string): string {
  const m = /^[a-z0-9_]+\s*\(([\s\S]*)\)$/i.exec(t.trim());
  return m ? m[1]!.trim() : t.trim();
}

function bad(n: Node, what: string): never {
  throw new KqlError(
    'KQL0201',
    `Cannot read the ${what} literal ${text(n)}.`,
    n.TextStart,
    n.Width,
  );
}

function parseInteger(s: string): number | null {
  if (s === 'null') return null;
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) {
    const neg = s.startsWith('-');
    const v = BigInt(s.replace(/^[+-]/, ''));
    return Number(BigInt.asIntN(64, neg ? -v : v));
  }
  if (/^[+-]?\d+$/.test(s)) return Number(BigInt.asIntN(64, BigInt(s)));
  return NaN;
}

function parseRealText(s: string): number | null {
  const t = s.toLowerCase();
  if (t === 'null') return null;
  if (t === 'nan') return NaN;
  if (t === '+inf' || t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(t);
  return Number.isNaN(v) ? NaN : v;
}

/** `datetime(2025, 6, 14)` and `datetime(2025, 6, 14, 9, 30, 5)`: Kusto also takes the parts. */
function datetimeFromParts(s: string): bigint | null {
  const m =
    /^(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}(?:\.\d{1,7})?))?)?)?$/.exec(
      s,
    );
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m
    .slice(1)
    .map((x) => x ?? undefined) as string[];
  const pad = (x: string, n: number): string => x.padStart(n, '0');
  const [whole, frac] = sec!.split('.');
  return parseDateTime(
    `${pad(y!, 4)}-${pad(mo!, 2)}-${pad(d!, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(whole!, 2)}${frac ? `.${frac}` : ''}Z`,
  );
}

/** The value and type of a literal expression node. */
export function literal(n: Node): { type: KqlType; value: Scalar } {
  const k = kind(n);
  const t = text(child(n, 'Token') ?? n);
  switch (k) {
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression': {
      const v = (n as { ConstantValue?: unknown }).ConstantValue;
      return { type: 'string', value: typeof v === 'string' ? v : '' };
    }
    case 'BooleanLiteralExpression': {
      const s = inner(t).toLowerCase();
      return { type: 'bool', value: s === 'null' ? null : s === 'true' || s === '1' };
    }
    case 'IntLiteralExpression':
    case 'LongLiteralExpression': {
      const v = parseInteger(inner(t));
      if (v !== null && Number.isNaN(v)) bad(n, 'integer');
      return { type: k === 'IntLiteralExpression' ? 'int' : 'long', value: v };
    }
    case 'RealLiteralExpression':
    case 'DecimalLiteralExpression': {
      const v = parseRealText(inner(t));
      if (v !== null && Number.isNaN(v) && inner(t).toLowerCase() !== 'nan') bad(n, 'real');
      return { type: k === 'RealLiteralExpression' ? 'real' : 'decimal', value: v };
    }
    case 'DateTimeLiteralExpression': {
      // The lexer takes anything between the parentheses; the docs also quote the text.
      const s = inner(t).replace(/^(['"])(.*)\1$/s, '$2');
      if (s.toLowerCase() === 'null') return { type: 'datetime', value: null };
      const v = parseDateTime(s) ?? datetimeFromParts(s);
      if (v === null || v < MIN_DATETIME || v > MAX_DATETIME) bad(n, 'datetime');
      return { type: 'datetime', value: v };
    }
    case 'TimespanLiteralExpression': {
      const s = /^(time|timespan)\s*\(/i.test(t) ? inner(t) : t;
      if (s.toLowerCase() === 'null') return { type: 'timespan', value: null };
      const v = parseTimespan(s);
      if (v === null) bad(n, 'timespan');
      return { type: 'timespan', value: v };
    }
    case 'GuidLiteralExpression': {
      const s = inner(t);
      return { type: 'guid', value: s.toLowerCase() === 'null' ? null : toGuid(s) };
    }
    case 'NullLiteralExpression':
      return { type: 'dynamic', value: null };
    case 'DynamicExpression':
      return { type: 'dynamic', value: jsonOf(child(n, 'Expression')) };
    default:
      return bad(n, k);
  }
}

/** The JSON value of the inside of `dynamic(...)`. */
export function jsonOf(n: Node | null): JsonValue {
  if (n === null) return null;
  const k = kind(n);
  switch (k) {
    case 'JsonArrayExpression':
      return listOf(n, 'Values').map(jsonOf);
    case 'JsonObjectExpression': {
      const out: Record<string, JsonValue> = {};
      for (const pair of listOf(n, 'Pairs')) {
        const nameTok = child(pair, 'Name');
        const raw = text(nameTok);
        const name =
          raw.length >= 2 && /^["']/.test(raw)
            ? JSON.parse(`"${raw.slice(1, -1).replace(/"/g, '\\"')}"`)
            : raw;
        out[name as string] = jsonOf(child(pair, 'Value'));
      }
      return out;
    }
    case 'UnaryMinusExpression': {
      const v = jsonOf(child(n, 'Expression'));
      return typeof v === 'number' ? -v : null;
    }
    case 'ParenthesizedExpression':
      return jsonOf(child(n, 'Expression'));
    default: {
      const { type, value } = literal(n);
      if (typeof value === 'bigint') {
        return type === 'datetime' ? new Date(Number(value / 10000n)).toISOString() : String(value);
      }
      return value as JsonValue;
    }
  }
}

/** A `typeof(long)` argument as the type it names. */
export function typeOfLiteral(n: Node): string {
  const types = items(n['Types']);
  return types.map((t) => text(child(t, 'Type') ?? t)).join(',');
}
