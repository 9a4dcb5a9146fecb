import { z } from 'zod'
import { defineApp } from '../define.ts'

export default defineApp({
  id: 'webhook',
  name: 'Webhook',
  logo: 'webhook',
  category: 'developer',
  description:
    'Sends conversation events to your own server as JSON, signed with HMAC-SHA256 (X-Parley-Signature) so it can check they come from Parley; retried until your server says 2xx.',
  auth: {
    type: 'api_key',
    label: 'Signing secret',
    help: 'Paste the secret your server checks signatures with, or leave it empty and Parley makes one: it is shown once, right after connecting.',
    generate: { prefix: 'whsec_' },
  },
  settings: z.object({
    /** Where events go unless an automation names another endpoint. */
    endpoint_url: z
      .url({ protocol: /^https?$/, error: 'Your endpoint’s address (https://…).' })
      .max(2000)
      .optional(),
  }),
  events: [],
  testable: true,
  publicUrlSettings: ['endpoint_url'],
})
