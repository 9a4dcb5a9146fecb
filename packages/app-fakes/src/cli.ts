// fake-apps: starts every app's fake for the dev command when no real credentials are configured.
// Env: SLACK_FAKE_PORT (3410), GOOGLE_SHEETS_FAKE_PORT (3411), HUBSPOT_FAKE_PORT (3412), CALCOM_FAKE_PORT
// (3413); 0 picks a free port.
import { startFakeCalcom, startFakeGoogleSheets, startFakeHubSpot, startFakeSlack } from './index.ts'

const slack = await startFakeSlack({ port: Number(process.env.SLACK_FAKE_PORT ?? 3410) })
const sheets = await startFakeGoogleSheets({ port: Number(process.env.GOOGLE_SHEETS_FAKE_PORT ?? 3411) })
const hubspot = await startFakeHubSpot({ port: Number(process.env.HUBSPOT_FAKE_PORT ?? 3412) })
const calcom = await startFakeCalcom({ port: Number(process.env.CALCOM_FAKE_PORT ?? 3413) })
console.log(`Fake Cal.com on ${calcom.url} (API key ${calcom.apiKey}); its bookings: ${calcom.url}/__fake/`)
console.log(
  `Fake HubSpot on ${hubspot.url} (client ${hubspot.clientId}); its records: ${hubspot.url}/__fake/`,
)
console.log(
  `Fake Google Sheets on ${sheets.url} (client ${sheets.clientId}); its sheet: ${sheets.url}/__fake/`,
)
console.log(`Fake Slack on ${slack.url} (client ${slack.clientId}); what it received: ${slack.url}/__fake/`)

const stop = async () => {
  await Promise.all([slack.stop(), sheets.stop(), hubspot.stop(), calcom.stop()])
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
