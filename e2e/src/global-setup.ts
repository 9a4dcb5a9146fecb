import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { freePort, startDashboard } from './dashboard-server.ts'
import { localSupabase } from './supabase.ts'

/**
 * With E2E_BASE_URL set (the test command starts `pnpm dev` and sets it), the journeys run against that
 * dashboard, its API (E2E_SUPABASE_URL), its fake Chatwoot (E2E_CHATWOOT_URL), fake Stripe (E2E_STRIPE_URL) and mail inbox (E2E_INBOX_URL). Without it, this starts
 * an isolated stack of its own as the dev command does: the fake Chatwoot and Stripe, the SMTP inbox, devstack on free ports with an
 * in-memory database, the demo seed and the outbox scheduler, and `next dev` pointed at it.
 */
export default async function setup(project: TestProject) {
  const given = process.env.E2E_BASE_URL
  if (given) {
    project.provide('baseUrl', given.replace(/\/$/, ''))
    project.provide('supabase', localSupabase(process.env.E2E_SUPABASE_URL))
    project.provide('chatwoot', {
      url: (process.env.E2E_CHATWOOT_URL ?? 'http://127.0.0.1:3400').replace(/\/$/, ''),
    })
    project.provide('slack', {
      url: (process.env.E2E_SLACK_URL ?? 'http://127.0.0.1:3410').replace(/\/$/, ''),
    })
    project.provide('stripe', {
      url: (process.env.E2E_STRIPE_URL ?? 'http://127.0.0.1:3500').replace(/\/$/, ''),
    })
    project.provide('calcom', {
      url: (process.env.E2E_CALCOM_URL ?? 'http://127.0.0.1:3413').replace(/\/$/, ''),
      apiKey: process.env.E2E_CALCOM_API_KEY ?? 'cal_test_parley_demo_key',
    })
    project.provide('inbox', {
      url: (process.env.E2E_INBOX_URL ?? 'http://127.0.0.1:8025').replace(/\/$/, ''),
    })
    return
  }
  const { startFakeChatwoot } = await import('@parley/chatwoot-fake')
  const { startTestStack } = await import('@parley/devstack/testing')
  const { startFakeCalcom, startFakeSlack } = await import('@parley/app-fakes')
  const { startFakeStripe } = await import('@parley/stripe-fake')
  const { startSmtpInbox } = await import('@parley/smtp-inbox')
  const chatwoot = await startFakeChatwoot()
  const slack = await startFakeSlack()
  const stripe = await startFakeStripe()
  const calcom = await startFakeCalcom()
  const inbox = await startSmtpInbox()
  const stopFakes = async () => {
    await inbox.stop()
    await calcom.stop()
    await chatwoot.stop()
    await slack.stop()
    await stripe.stop()
  }
  // The dashboard's port is known before the stack starts: the apps' OAuth callbacks and Stripe's pages
  // send the browser back to it.
  const dashboardPort = await freePort()
  const stack = await startTestStack({
    seed: true,
    scheduler: true,
    functionsEnv: {
      CHATWOOT_URL: chatwoot.url,
      CHATWOOT_PLATFORM_TOKEN: chatwoot.platformToken,
      PARLEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
      // shoppers' images are read by the fake vision provider, as in `pnpm dev`
      PARLEY_VISION_FAKE: 'true',
      PARLEY_DASHBOARD_URL: `http://127.0.0.1:${dashboardPort}`,
      SLACK_BASE_URL: slack.url,
      SLACK_CLIENT_ID: slack.clientId,
      SLACK_CLIENT_SECRET: slack.clientSecret,
      CALCOM_BASE_URL: calcom.url,
      STRIPE_SECRET_KEY: 'sk_test_parley_e2e',
      STRIPE_API_URL: stripe.url,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      EMAIL_SMTP_URL: inbox.smtpUrl,
    },
  }).catch(async (error) => {
    await stopFakes()
    throw error
  })
  const stop = async () => {
    await stack.stop()
    await stopFakes()
  }
  try {
    stripe.webhooks.addEndpoint(`${stack.config.apiUrl}/functions/v1/stripe-webhook`, stripe.webhookSecret)
    const dashboard = await startDashboard(stack.config.apiUrl, dashboardPort)
    project.provide('baseUrl', dashboard.baseUrl)
    project.provide('supabase', {
      url: stack.config.apiUrl,
      anonKey: stack.config.anonKey,
      serviceRoleKey: stack.config.serviceRoleKey,
    })
    project.provide('chatwoot', { url: chatwoot.url })
    project.provide('slack', { url: slack.url })
    project.provide('stripe', { url: stripe.url })
    project.provide('calcom', { url: calcom.url, apiKey: calcom.apiKey })
    project.provide('inbox', { url: inbox.inboxUrl })
    return async () => {
      dashboard.stop()
      await stop()
    }
  } catch (error) {
    await stop()
    throw error
  }
}
