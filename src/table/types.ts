/**
 * KQL's scalar types and how webc2 holds their values in JavaScript.
 *
 * | KQL type  | JS value                                   | null            |
 * |-----------|--------------------------------------------|-----------------|
 * | bool      | boolean                                    | null            |
 * | int, long | number (64-bit wrap emulated in arithmetic)| null            |
 * | real      | number (NaN and ±Infinity allowed)         | null            |
 * | decimal   | number (held as a double)                  | null            |
 * | string    | string                                     | never: `""`     |
 * | datetime  | bigint: 100 ns ticks since 1970-01-01 UTC  | null            |
 * | timespan  | bigint: 100 ns ticks                       | null            |
 * | guid      | string, lower-case `xxxxxxxx-xxxx-…`       | null            |
 * | dynamic   | a JSON value (null, boolean, number, string, array, object) | null |
 *
 * Kusto keeps datetimes at 100-nanosecond precision; a JavaScript `Date` keeps only
 * milliseconds, and a double of ticks since year 1 loses the last digits, so datetimes and
 * timespans are bigints here and columns store them as (milliseconds, sub-millisecond ticks).
 */

export type KqlType =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'string'
  | 'datetime'
  | 'timespan'
  | 'guid'
  | 'dynamic';

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Any scalar value a KQL expression can produce, under the mapping above. */
export type Scalar =
  null | boolean | number | string | bigint | JsonValue[] | { [key: string]: JsonValue };

export const KQL_TYPES: readonly KqlType[] = [
  'bool',
  'int',
  'long',
  'real',
  'decimal',
  'string',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
];

/** Kusto's type names and their aliases as they appear in schemas and `typeof()`. */
export function parseKqlType(name: string): KqlType | undefined {
  switch (name.toLowerCase()) {
    case 'bool':
    case 'boolean':
      return 'bool';
    case 'int':
    case 'int32':
      return 'int';
    case 'long':
    case 'int64':
      return 'long';
    case 'real':
    case 'double':
      return 'real';
    case 'decimal':
      return 'decimal';
    case 'string':
      return 'string';
    case 'datetime':
    case 'date':
      return 'datetime';
    case 'timespan':
    case 'time':
      return 'timespan';
    case 'guid':
    case 'uniqueid':
      return 'guid';
    case 'dynamic':
      return 'dynamic';
    default:
      return undefined;
  }
}

export function isNumericType(t: KqlType): boolean {
  return t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
}

/** The null value of a type: strings have none and read as `""`. */
export function nullOf(t: KqlType): Scalar {
  return t === 'string' ? '' : null;
}
