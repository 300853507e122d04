import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipType, unmapIpv4 } from '../../src/normalize/ip-type.js';

const cases: [string, string][] = [
  ['185.199.110.133', 'Public'],
  ['10.1.2.3', 'Private'],
  ['172.16.0.1', 'Private'],
  ['172.32.0.1', 'Public'],
  ['192.168.2.5', 'Private'],
  ['127.0.0.1', 'Loopback'],
  ['255.255.255.255', 'Broadcast'],
  ['239.255.255.250', 'Multicast'],
  ['169.254.1.1', 'LinkLocal'],
  ['100.64.0.1', 'Reserved'],
  ['0.0.0.0', 'Reserved'],
  ['::1', 'Loopback'],
  ['::ffff:1.2.3.4', 'FourToSixMapping'],
  ['2001:0:4136:e378::1', 'Teredo'],
  ['2002:c000:0204::1', 'FourToSixMapping'],
  ['fe80::1', 'LinkLocal'],
  ['fd00::1', 'Private'],
  ['2606:4700::6810:4390', 'Public'],
  ['-', ''],
  ['', ''],
];

describe('RemoteIPType', () => {
  for (const [ip, type] of cases)
    it(`${ip || '(empty)'} → ${type || '(none)'}`, () => assert.equal(ipType(ip), type));
  it('unmaps ::ffff: addresses', () => {
    assert.equal(unmapIpv4('::ffff:185.199.110.133'), '185.199.110.133');
    assert.equal(unmapIpv4('fe80::1'), 'fe80::1');
  });
});
