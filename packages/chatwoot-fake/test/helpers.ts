import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  AccountClient,
  CircuitBreaker,
  PlatformClient,
  type TransportOptions,
} from '@parley/supabase/chatwoot'
import type { FakeChatwoot } from '../src/index.ts'

/** Client options for tests: a breaker of their own so tests never share breaker state. */
export function clientOptions(fake: FakeChatwoot, extra: Partial<TransportOptions> = {}): TransportOptions {
  return { baseUrl: fake.url, timeoutMs: 2000, breaker: new CircuitBreaker(fake.url), ...extra }
}

/** How a platform app provisions a tenant: account, admin user, membership, then the user token. */
export async function provision(
  fake: FakeChatwoot,
  name = 'Acme Shop',
  extra: Partial<TransportOptions> = {},
) {
  const options = clientOptions(fake, extra)
  const platform = new PlatformClient({ ...options, platformToken: fake.platformToken })
  const account = await platform.accounts.create({ name, locale: 'en' })
  const user = await platform.users.create({
    name: `${name} admin`,
    email: `admin-${account.id}@example.com`,
    password: 'Secret-123!',
  })
  await platform.accountUsers.create(account.id, { user_id: user.id, role: 'administrator' })
  const app = new AccountClient({ ...options, accountId: account.id, userToken: user.access_token as string })
  const inbox = await app.inboxes.createWebWidget({
    name: 'Website',
    channel: { website_url: 'https://shop.example.com', reply_time: 'in_a_few_minutes' },
  })
  return { platform, app, account, user, inbox, options }
}

export interface Received {
  headers: IncomingHttpHeaders
  rawBody: string
  body: { event: string } & Record<string, unknown>
}

/** A webhook receiver on a free port that records every POST. */
export async function startReceiver(status = 200) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      received.push({ headers: req.headers, rawBody, body: JSON.parse(rawBody) })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chatwoot`
  return {
    url,
    received,
    events: () => received.map((r) => r.body.event),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
