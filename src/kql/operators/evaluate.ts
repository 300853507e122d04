/**
 * `evaluate plugin(args)`: runs a plugin over the input. webc2 has `bag_unpack`, the one
 * detection content leans on; any other plugin is reported by name as not implemented.
 */

import { KqlError } from '../context.js';
import type { Op } from '../plan.js';
import { listOf, must, nameText, type Node } from '../syntax.js';
import { compileBagUnpack } from './bag-unpack.js';
import type { OpEnv } from './types.js';

export function compileEvaluate(n: Node, env: OpEnv): Op {
  const call = must(n, 'FunctionCall');
  const name = nameText(must(call, 'Name'));
  const args = listOf(must(call, 'ArgumentList'), 'Expressions');
  if (name === 'bag_unpack') return compileBagUnpack(call, args, env);
  throw new KqlError(
    'KQL0103',
    `webc2 does not implement the plugin ${name}() yet.`,
    call.TextStart,
    call.Width,
  );
}
