import { z } from 'zod'
import { defineApp } from '../define.ts'

/** A channel id as Slack writes them: C… public, G… private. */
export const CHANNEL_ID = /^[CG][A-Z0-9]{8,}$/

export default defineApp({
  id: 'slack',
  name: 'Slack',
  logo: 'slack',
  category: 'messaging',
  description: 'Post conversations to a Slack channel, with a link back and follow-ups in one thread.',
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revoke: { url: 'https://slack.com/api/auth.revoke', token: 'bearer' },
    // chat:write.public posts to public channels without joining; groups:read lists private ones it is in.
    scopes: ['chat:write', 'chat:write.public', 'channels:read', 'groups:read'],
    scopeSeparator: ',',
    clientIdEnv: 'SLACK_CLIENT_ID',
    clientSecretEnv: 'SLACK_CLIENT_SECRET',
    baseUrlEnv: 'SLACK_BASE_URL',
  },
  settings: z.object({
    default_channel: z.string().regex(CHANNEL_ID, { error: 'Pick a channel.' }).optional(),
    default_channel_name: z.string().max(100).optional(),
  }),
  events: [],
  defaultBaseUrl: 'https://slack.com',
  testable: true,
})
