/**
 * Name-based UUIDs (RFC 4122 version 5, SHA-1), so a rule exported twice keeps its id and a
 * platform that tracks rules by id sees an update, not a new rule.
 */

import { createHash } from 'node:crypto';

/** RFC 4122's namespace for URLs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * The version 5 UUID of `name` in `namespace`.
 *
 * @example uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')
 * // '886313e1-3b8a-5372-9b90-0c9aee199e5d'
 */
export function uuidV5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`'${namespace}' is not a UUID.`);
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The namespace of every id webc2 derives for exported rules. */
const WEBC2_NAMESPACE = uuidV5('https://attack.mitre.org/techniques/T1102/#webc2', URL_NAMESPACE);

/** The stable id of an exported rule, from its name (`webc2-t1102-dns-query`). */
export function exportedRuleId(name: string): string {
  return uuidV5(name, WEBC2_NAMESPACE);
}
