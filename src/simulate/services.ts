/**
 * DNS answers the simulated hosts get, per name: the CNAME chain and the addresses. They are
 * made up to look like each service's own (its CDN names and the address blocks it is known
 * to use) so that name resolution, CNAME handling and address typing are exercised the way
 * real answers exercise them; they are not live answers and nothing here is looked up.
 * Every address is public unicast (ip-type.ts says `Public`).
 */

import type { DnsAnswer } from './model.js';

// prettier-ignore
const ANSWERS: Readonly<Record<string, DnsAnswer>> = {
  // Web services the scenarios reach.
  'pastebin.com': { cnames: [], addresses: ['104.20.67.143', '104.20.68.143', '172.67.34.170'] },
  'graph.microsoft.com': {
    cnames: ['ags.privatelink.msidentity.com', 'www.tm.ak.prd.aadg.trafficmanager.net'],
    addresses: ['20.190.160.22', '40.126.32.68', '20.190.160.67'],
  },
  'raw.githubusercontent.com': {
    cnames: ['github.map.fastly.net'],
    addresses: ['185.199.108.133', '185.199.109.133', '185.199.110.133', '185.199.111.133'],
  },
  'discord.com': {
    cnames: [],
    addresses: ['162.159.128.233', '162.159.135.232', '162.159.136.232', '162.159.137.232'],
  },
  'api.telegram.org': { cnames: [], addresses: ['149.154.167.220'] },
  'dpaste.com': { cnames: [], addresses: ['172.67.177.209', '104.21.89.12'] },
  'file.io': { cnames: [], addresses: ['104.26.12.59', '104.26.13.59', '172.67.72.146'] },
  // What the background talks to.
  'www.google.com': { cnames: [], addresses: ['142.250.185.68'] },
  'github.com': { cnames: [], addresses: ['140.82.121.4', '140.82.121.3'] },
  'www.bing.com': {
    cnames: ['www-www.bing.com.trafficmanager.net', 'dual-a-0001.a-msedge.net'],
    addresses: ['13.107.21.200', '204.79.197.200'],
  },
  'teams.microsoft.com': {
    cnames: ['teams.office.com', 'teams-office-com.s-0005.dc-msedge.net'],
    addresses: ['52.113.194.132'],
  },
  'skyapi.live.net': { cnames: ['skyapi.live.net.akadns.net'], addresses: ['40.126.31.6'] },
  'client.dropbox.com': { cnames: ['client.dropbox-dns.com'], addresses: ['162.125.21.3'] },
  'api.dropboxapi.com': { cnames: ['api.dropboxapi-dns.com'], addresses: ['162.125.6.19'] },
  'wdcp.microsoft.com': {
    cnames: ['wd-prod-cp.trafficmanager.net', 'wd-prod-cp-eu-west-3-fe.westeurope.cloudapp.azure.com'],
    addresses: ['20.73.130.64'],
  },
  'settings-win.data.microsoft.com': {
    cnames: ['atm-settingsfe-prod-geo2.trafficmanager.net', 'settings-prod-weu-2.westeurope.cloudapp.azure.com'],
    addresses: ['20.73.194.208'],
  },
  'fe3cr.delivery.mp.microsoft.com': {
    cnames: ['glb.cws.prod.dcat.dsp.trafficmanager.net'],
    addresses: ['20.54.24.148'],
  },
  'update.googleapis.com': { cnames: [], addresses: ['142.250.74.99'] },
  'registry.npmjs.org': { cnames: [], addresses: ['104.16.3.34', '104.16.2.34', '104.16.1.34'] },
  'marketplace.visualstudio.com': {
    cnames: ['marketplace.visualstudio.com.trafficmanager.net', 'marketplace-weu.cloudapp.net'],
    addresses: ['13.107.42.18'],
  },
  'update.code.visualstudio.com': {
    cnames: ['vscode-update.azurewebsites.net', 'waws-prod-am2-311.sip.azurewebsites.windows.net'],
    addresses: ['20.50.2.44'],
  },
  'archive.ubuntu.com': { cnames: [], addresses: ['91.189.91.82', '185.125.190.36'] },
  'security.ubuntu.com': { cnames: [], addresses: ['91.189.91.83', '185.125.190.39'] },
  'pypi.org': { cnames: [], addresses: ['151.101.0.223', '151.101.64.223'] },
  'files.pythonhosted.org': {
    cnames: ['dualstack.python.map.fastly.net'],
    addresses: ['151.101.1.63', '151.101.65.63'],
  },
  'api.snapcraft.io': { cnames: [], addresses: ['185.125.188.58', '185.125.188.59'] },
};

/** The answer for `name`, its address order shuffled by `order` (resolvers rotate them). */
export function answerFor(name: string, order: (list: readonly string[]) => string[]): DnsAnswer {
  const a = ANSWERS[name];
  if (a === undefined) throw new Error(`No simulated DNS answer for '${name}'.`);
  return { cnames: [...a.cnames], addresses: order(a.addresses) };
}

export function knownName(name: string): boolean {
  return name in ANSWERS;
}
