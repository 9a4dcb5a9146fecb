// fake-apps: starts every app's fake for the dev command when no real credentials are configured.
// Env: SLACK_FAKE_PORT (3410).
import { startFakeSlack } from './index.ts'

const slack = await startFakeSlack({ port: Number(process.env.SLACK_FAKE_PORT ?? 3410) })
console.log(`Fake Slack on ${slack.url} (client ${slack.clientId}); what it received: ${slack.url}/__fake/`)

const stop = async () => {
  await slack.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
