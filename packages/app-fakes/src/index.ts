export { type Failure, type FailureMode, Failures } from './failures.ts'
export { FakeSlack, type FakeSlackOptions, startFakeSlack } from './slack.ts'
