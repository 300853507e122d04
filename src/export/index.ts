/**
 * `exportRules(target, rules, context)`: the files an export writes, in name order. Pure
 * apart from binding the rules with Kusto's binder (for their result columns); the command
 * line writes the files.
 */

import type { Rule } from '../rules/pack.js';
import { defenderFiles } from './defender.js';
import { elasticFiles } from './elastic.js';
import type { ExportContext, ExportFile, ExportTarget } from './model.js';
import { isPortable, portableRule } from './portable.js';
import { sentinelFiles } from './sentinel.js';
import { sigmaFiles } from './sigma.js';
import { splunkFiles } from './splunk.js';

export { EXPORT_TARGETS, type ExportContext, type ExportFile, type ExportTarget } from './model.js';

/** KQL targets take every rule; the others only rules built on the web-service catalogue. */
export function supportsRule(target: ExportTarget, rule: Rule): boolean {
  return target === 'sentinel' || target === 'defender' || isPortable(rule);
}

export function exportRules(
  target: ExportTarget,
  rules: readonly Rule[],
  ctx: ExportContext,
): ExportFile[] {
  let files: ExportFile[];
  switch (target) {
    case 'sentinel':
      files = sentinelFiles(rules, ctx);
      break;
    case 'defender':
      files = defenderFiles(rules, ctx);
      break;
    default: {
      const portable = rules.filter(isPortable).map((r) => portableRule(r, ctx.catalog));
      const make =
        target === 'sigma' ? sigmaFiles : target === 'splunk' ? splunkFiles : elasticFiles;
      files = portable.flatMap(make);
    }
  }
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
