// Where the dashboard is, for links that send a person there (emails, Stripe's and the apps' return pages):
// PARLEY_DASHBOARD_URL, else the dev command's default, without a trailing slash.
import { env } from './env.ts'

export const dashboardUrl = (): string =>
  (env('PARLEY_DASHBOARD_URL') ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
