import { z } from 'zod'
import { defineApp } from '../define.ts'

export default defineApp({
  id: 'hubspot',
  name: 'HubSpot',
  logo: 'hubspot',
  category: 'crm',
  description:
    'Put leads in HubSpot: the contact by e-mail with their score and sentiment, a deal, and a note with the conversation.',
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
    revoke: { url: 'https://api.hubapi.com/oauth/2026-03/token/revoke', token: 'form', use: 'refresh' },
    clientAuth: 'body',
    scopes: [
      'oauth',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.objects.deals.read',
      'crm.objects.deals.write',
    ],
    scopeSeparator: ' ',
    clientIdEnv: 'HUBSPOT_CLIENT_ID',
    clientSecretEnv: 'HUBSPOT_CLIENT_SECRET',
    baseUrlEnv: 'HUBSPOT_BASE_URL',
  },
  settings: z.object({
    /** Internal ids (HubSpot refuses labels): the default pipeline and its first stage. */
    pipeline: z.string().min(1).max(100).default('default'),
    dealstage: z.string().min(1).max(100).default('appointmentscheduled'),
  }),
  events: [],
  defaultBaseUrl: 'https://api.hubapi.com',
  testable: false,
})
