// fake-stripe [--port N] [--host H] [--webhook-url URL] [--webhook-secret whsec_…] [--log]
// For the dev command when no Stripe key is configured. Env: STRIPE_FAKE_PORT, STRIPE_WEBHOOK_URL,
// STRIPE_WEBHOOK_SECRET.
import { parseArgs } from 'node:util'
import { startFakeStripe } from './index.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'webhook-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
})

const fake = await startFakeStripe({
  port: Number(values.port ?? process.env.STRIPE_FAKE_PORT ?? 0),
  host: values.host,
  webhookUrl: values['webhook-url'] ?? process.env.STRIPE_WEBHOOK_URL,
  webhookSecret: values['webhook-secret'] ?? process.env.STRIPE_WEBHOOK_SECRET,
  log: values.log,
})
console.log(`Fake Stripe on ${fake.url} (control page: ${fake.url}/__fake/)`)

const stop = async () => {
  await fake.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
