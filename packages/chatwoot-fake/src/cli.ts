// fake-chatwoot [--port N] [--host H] [--platform-token T] [--log]
// For the dev command when no real Chatwoot is configured. Env: CHATWOOT_FAKE_PORT, CHATWOOT_PLATFORM_TOKEN.
import { parseArgs } from 'node:util'
import { startFakeChatwoot } from './index.ts'

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'platform-token': { type: 'string' },
    log: { type: 'boolean', default: false },
  },
})

const fake = await startFakeChatwoot({
  port: Number(values.port ?? process.env.CHATWOOT_FAKE_PORT ?? 0),
  host: values.host,
  platformToken: values['platform-token'] ?? process.env.CHATWOOT_PLATFORM_TOKEN ?? 'dev-platform-token',
  log: values.log,
})
console.log(
  `Fake Chatwoot on ${fake.url} (platform token: ${fake.platformToken}); agent page: ${fake.url}/__fake/`,
)

const stop = async () => {
  await fake.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
