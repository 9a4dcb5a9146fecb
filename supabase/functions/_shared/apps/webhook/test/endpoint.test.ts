import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { endpointProblem } from '../endpoint.ts'
import { signature } from '../signature.ts'

const publicDns = async () => ['93.184.215.14']

describe('the endpoint a store gives', () => {
  it('must be https on the public internet', async () => {
    const strict = { allowPrivate: false, resolve: publicDns }
    expect(await endpointProblem('https://hooks.example.com/parley', strict)).toBeNull()
    expect(await endpointProblem('http://hooks.example.com/parley', strict)).toMatch(/https/)
    expect(await endpointProblem('https://127.0.0.1/x', strict)).toMatch(/127\.0\.0\.1 is not a public/)
    expect(await endpointProblem('https://169.254.169.254/latest', strict)).toMatch(/not a public/)
    expect(await endpointProblem('https://[::1]/x', strict)).toMatch(/not a public/)
    const rebinding = { allowPrivate: false, resolve: async () => ['10.0.0.5'] }
    expect(await endpointProblem('https://inside.example.com/x', rebinding)).toMatch(/points to 10\.0\.0\.5/)
  })

  it('may be http and local in development', async () => {
    const dev = { allowPrivate: true, resolve: publicDns }
    expect(await endpointProblem('http://127.0.0.1:9000/hook', dev)).toBeNull()
    expect(await endpointProblem('ftp://127.0.0.1/hook', dev)).toMatch(/https/)
  })
})

describe('the signature', () => {
  it('is an HMAC-SHA256 of "<t>.<body>" that a Node receiver recomputes', async () => {
    const body = '{"event":"ping"}'
    const header = await signature('whsec_test', 1_700_000_000, body)
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex')
    expect(header).toBe(`t=1700000000,v1=${expected}`)
  })
})
