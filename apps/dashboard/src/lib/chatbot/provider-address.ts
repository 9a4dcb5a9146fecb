import { lookup } from 'node:dns/promises'
import { refusedTarget } from '@parley/supabase/network'

/**
 * Why the chatbot may not use this provider address, or null: the same rule the chat function applies before
 * every call (supabase/functions/_shared/network.ts), checked here so the owner hears it when saving.
 * PARLEY_ALLOW_PRIVATE_NETWORK=true (development) allows private and loopback addresses.
 */
export async function providerAddressProblem(baseUrl: string): Promise<string | null> {
  if (!baseUrl || process.env.PARLEY_ALLOW_PRIVATE_NETWORK === 'true') return null
  const refused = await refusedTarget(baseUrl, async (host) =>
    (await lookup(host, { all: true, verbatim: true })).map((found) => found.address),
  )
  return refused
    ? `This address cannot be used: ${refused}. The provider must be on the public internet.`
    : null
}
