/**
 * Defender identifies a machine by a 40-hex-digit DeviceId. Local logs have only a host
 * name, so webc2 derives the id from the lower-cased name: the same host gets the same id
 * in every run and every input format, and joins on DeviceId pair its events.
 */

import { createHash } from 'node:crypto';

const cache = new Map<string, string>();

export function deviceId(hostName: string): string {
  const key = hostName.trim().toLowerCase();
  let id = cache.get(key);
  if (id === undefined) {
    id = createHash('sha1').update(`webc2-device:${key}`).digest('hex');
    cache.set(key, id);
  }
  return id;
}

/** Defender writes DeviceName as the lower-case FQDN. */
export function deviceName(hostName: string): string {
  return hostName.trim().toLowerCase();
}
