export { type Failure, type FailureMode, Failures } from './failures.ts'
export { DEMO_SPREADSHEET, FakeGoogleSheets, startFakeGoogleSheets } from './google-sheets.ts'
export { FakeHubSpot, type HubSpotRecord, startFakeHubSpot } from './hubspot.ts'
export { FakeSlack, type FakeSlackOptions, startFakeSlack } from './slack.ts'
