export { type Failure, type FailureMode, Failures } from './failures.ts'
export { DEMO_SPREADSHEET, FakeGoogleSheets, startFakeGoogleSheets } from './google-sheets.ts'
export { FakeSlack, type FakeSlackOptions, startFakeSlack } from './slack.ts'
