/**
 * Functions whose value changes from call to call: `rand()` (a real in [0, 1)), `rand(n)`
 * (an integer in [0, n)) and `new_guid()`. They are marked non-deterministic so the compiler
 * neither folds them into a constant nor evaluates them once per distinct input.
 */

import { randomUUID } from 'node:crypto';
import { int } from './args.js';
import { define } from './registry.js';

define(
  {
    name: 'rand',
    deterministic: false,
    call: ([n]) => {
      if (n === undefined) return Math.random();
      const m = int(n);
      return m === null || m <= 0 ? null : Math.floor(Math.random() * m);
    },
  },
  { name: 'new_guid', deterministic: false, call: () => randomUUID() },
);
