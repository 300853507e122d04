/**
 * Basic string functions. Strings are never null: a function that has nothing to return
 * returns `""`. Positions are 0-based and count UTF-16 code units, like Kusto's .NET strings.
 */

import type { Scalar } from '../../table/types.js';
import { toKqlString } from '../values.js';
import { define, fn } from './registry.js';

const str = (v: Scalar | undefined): string => (typeof v === 'string' ? v : toKqlString(v ?? null));

define(
  fn('strlen', ([s]) => str(s).length),
  fn('tolower', ([s]) => str(s).toLowerCase()),
  fn('toupper', ([s]) => str(s).toUpperCase()),
  fn('strcat', (args, site) =>
    args.map((a, i) => toKqlString(a ?? null, site.argTypes[i])).join(''),
  ),
  fn('strcat_delim', ([d, ...rest], site) =>
    rest.map((a, i) => toKqlString(a ?? null, site.argTypes[i + 1])).join(str(d)),
  ),
);
