/**
 * `render chart [with (…)]`: a presentation hint for the client that draws the result. It
 * changes no row or column, so webc2 passes the table through unchanged.
 */

import type { Op } from '../plan.js';

export function compileRender(): Op {
  return { name: 'render', run: (input) => input };
}
