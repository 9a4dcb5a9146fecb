import { afterEach, describe, expect, it, vi } from 'vitest'
import { providerAddressProblem } from './provider-address.ts'

describe('providerAddressProblem', () => {
  afterEach(() => vi.unstubAllEnvs())

  it('refuses loopback, private and link-local providers, by address or by name', async () => {
    vi.stubEnv('PARLEY_ALLOW_PRIVATE_NETWORK', '')
    for (const url of [
      'http://127.0.0.1:11434/v1',
      'http://10.1.2.3/v1',
      'http://169.254.169.254',
      'http://localhost:8080',
    ]) {
      expect(await providerAddressProblem(url), url).toMatch(
        /^This address cannot be used: .* public internet\.$/,
      )
    }
  })

  it('allows them in development, and an empty address (the vendor’s own API) always', async () => {
    expect(await providerAddressProblem('')).toBeNull()
    vi.stubEnv('PARLEY_ALLOW_PRIVATE_NETWORK', 'true')
    expect(await providerAddressProblem('http://127.0.0.1:11434/v1')).toBeNull()
  })
})
