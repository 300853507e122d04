/**
 * Output column names. The binder computes the names Kusto gives (`Column1`, `count_`,
 * `DeviceId1`…); operators take them from it by position, and fall back to these rules
 * only when the binder could not type the query.
 */

import type { ColumnSpec } from '../../table/table.js';
import { child, kind, nameText, type Node } from '../syntax.js';

/** The name an item declares (`x = …`) or implies (a bare column), else undefined. */
export function declaredName(item: Node): string | undefined {
  const k = kind(item);
  if (k === 'SimpleNamedExpression') return nameText(child(item, 'Name'));
  if (k === 'NameReference') return nameText(item);
  return undefined;
}

/** Makes `name` unique against `taken` by appending 1, 2, … as Kusto does. */
export function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) {
    const n = `${name}${i}`;
    if (!taken.has(n)) return n;
  }
}

export function specNames(specs: readonly ColumnSpec[] | undefined): string[] | undefined {
  return specs?.map((s) => s.name);
}
