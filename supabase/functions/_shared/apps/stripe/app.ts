import { z } from 'zod'
import { defineApp } from '../define.ts'

/** The Checkout events Parley's endpoint on the store's account listens to. */
export const PAYMENT_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const

export default defineApp({
  id: 'stripe',
  name: 'Stripe',
  logo: 'credit-card',
  category: 'payments',
  description:
    'Take payments in the chat on your own Stripe account: a payment card with a Pay button, its status live in the widget, the transcript and Chatwoot.',
  auth: {
    type: 'api_key',
    label: 'Restricted API key (rk_…)',
    help: 'In Stripe: Developers → API keys → Create restricted key, with write access to Checkout Sessions and Webhook Endpoints. Parley registers its webhook on your account when you connect.',
    // The same variable as Parley's own billing: in dev and tests both reach the one fake Stripe.
    baseUrlEnv: 'STRIPE_API_URL',
  },
  settings: z.object({
    /** Where the shopper lands after paying (the store's own page); Parley's thank-you page by default. */
    success_url: z.url().max(2000).optional(),
    /** The endpoint Parley registered on the store's account (deleted again on disconnect). */
    webhook_endpoint_id: z.string().max(200).optional(),
  }),
  events: [
    { type: 'payment.succeeded', title: 'Payment succeeded' },
    { type: 'payment.failed', title: 'Payment failed' },
    { type: 'payment.expired', title: 'Payment link expired' },
  ],
  defaultBaseUrl: 'https://api.stripe.com',
  testable: false,
  connectJob: 'stripe.register_webhook',
  disconnectJob: { topic: 'stripe.delete_webhook', setting: 'webhook_endpoint_id' },
})
