/** Who is calling: the socket's peer, or, behind trusted reverse proxies (TRUST_PROXY), the address
 * they forwarded in X-Forwarded-For. Every rate limit and cap counts by it, so without the setting a
 * whole desk behind one proxy shared one budget; with a careless one, anybody could pick theirs. */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** TRUST_PROXY: a number of proxy hops in front of the hub, or the proxies' addresses and ranges. */
export type TrustProxy = { hops: number } | { proxies: BlockList } | undefined;

/** Reads TRUST_PROXY: "1" (hops), "10.0.0.0/8, 192.168.1.5" (proxies), unset or "" (none). */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (!raw?.trim()) return undefined;
  if (/^\d+$/.test(raw.trim())) return { hops: Math.min(Number(raw.trim()), 10) };
  const proxies = new BlockList();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [address, bits] = part.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : isIP(address) === 4 ? 'ipv4' : undefined;
    if (!family) throw new Error(`TRUST_PROXY: "${part}" is neither a hop count nor an IP address or CIDR range`);
    if (bits === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(bits), family);
  }
  return { proxies };
}

/** The caller's address under the trust rule. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const peer = normalise(req.socket?.remoteAddress ?? 'unknown');
  if (!trust) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter((a) => isIP(a));
  const chain = [...forwarded, peer]; // the client first, the last proxy last
  if ('hops' in trust) return chain[Math.max(0, chain.length - 1 - trust.hops)];
  // From the nearest hop back, skip the trusted proxies: the first address not one of them is the client.
  for (let i = chain.length - 1; i > 0; i--) if (!trusts(trust.proxies, chain[i])) return chain[i];
  return chain[0];
}

function trusts(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** "::ffff:127.0.0.1" is 127.0.0.1. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
