/**
 * Names a Linux connection. Defender fills `RemoteUrl` from what the sensor saw of DNS and
 * TLS; an audit log has neither, only the address and port of connect(2). What it does have
 * is the command line of the process that connected, and tools that reach web services —
 * curl, wget, python one-liners — carry their URL there. A connection takes the host of the
 * first URL on the command line that fits it: the URL's port (explicit, else its scheme's:
 * https 443, http 80…) must be the connection's port, and a URL naming an IP address must
 * name this one. Without DNS answers this is an inference, recorded as such in
 * AdditionalFields; a connection to the resolver (port 53) or to a proxy takes no name.
 */

import { extractCmdlineUrls, type CmdlineUrl } from '../rules/evidence/cmdline-urls.js';
import { parseIpv4 } from './ip-type.js';

const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
  ftps: 990,
};

/** Ports a URL may connect to: its explicit port, else its scheme's; 80 or 443 when schemeless. */
function portsOf(u: CmdlineUrl): number[] {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d+))?/i.exec(
    u.url,
  );
  if (m?.[3] !== undefined) return [Number(m[3])];
  const scheme = m?.[1]?.toLowerCase();
  if (scheme === undefined) return [443, 80];
  const port = SCHEME_PORTS[scheme];
  return port === undefined ? [] : [port];
}

function isAddressLiteral(host: string): boolean {
  return parseIpv4(host) !== null || host.includes(':');
}

export interface UrlMatch {
  host: string;
  url: string;
}

/** The URL on `commandLine` a connection to `ip`:`port` most plausibly served, if any. */
export function urlForConnection(
  commandLine: string,
  ip: string,
  port: number,
): UrlMatch | undefined {
  for (const u of extractCmdlineUrls(commandLine)) {
    if (!portsOf(u).includes(port)) continue;
    const host = u.host.replace(/^\[|\]$/g, '');
    if (isAddressLiteral(host) && host.toLowerCase() !== ip.toLowerCase()) continue;
    return { host: u.host, url: u.url };
  }
  return undefined;
}
