// Which addresses our servers may call on a store owner's say-so (an AI provider's base URL): only the public
// internet. Loopback, private and link-local ranges (a cloud's metadata service), carrier-grade NAT, multicast,
// reserved blocks and IPv6 forms that carry an IPv4 address would let an owner reach our own network.
// Development may allow them with PARLEY_ALLOW_PRIVATE_NETWORK=true (the dev command sets it: a local model,
// a fake provider in tests).
import ipaddr from 'ipaddr.js'

/** Looks a host name up: every address it has (A and AAAA). */
export type ResolveHost = (hostname: string) => Promise<string[]>

export function isPublicAddress(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast'
  } catch {
    return false
  }
}

/**
 * Why a server must not call `url`, or null when it may: an http(s) URL whose host is a public address, or a
 * name all of whose addresses are public (looked up now, as close to the call as possible).
 */
export async function refusedTarget(url: string, resolve: ResolveHost): Promise<string | null> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'it is not a URL'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'only http and https are allowed'
  if (parsed.username || parsed.password) return 'it must not carry a user name or password'
  // URL has already turned 2130706433 or 0x7f.1 into 127.0.0.1; IPv6 hosts come in brackets.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : `${host} is not a public address`
  if (
    !host.includes('.') ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal')
  ) {
    return `${host} is not a public host name`
  }
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch {
    return `${host} could not be looked up`
  }
  if (addresses.length === 0) return `${host} could not be looked up`
  const inside = addresses.find((address) => !isPublicAddress(address))
  return inside ? `${host} points to ${inside}, which is not a public address` : null
}

interface DenoLike {
  env: { get(name: string): string | undefined }
  resolveDns(name: string, type: 'A' | 'AAAA'): Promise<string[]>
}
const deno = (globalThis as { Deno?: DenoLike }).Deno

/** Deno's resolver (edge functions): a name with neither an A nor an AAAA record cannot be called. */
export const resolveWithDeno: ResolveHost = async (hostname) => {
  if (!deno) throw new Error('no resolver outside Deno')
  const found = await Promise.allSettled([deno.resolveDns(hostname, 'A'), deno.resolveDns(hostname, 'AAAA')])
  return found.flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
}

/** The development switch, read where the functions run. */
export const privateNetworkAllowed = (): boolean => deno?.env.get('PARLEY_ALLOW_PRIVATE_NETWORK') === 'true'
