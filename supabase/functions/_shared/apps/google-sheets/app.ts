import { z } from 'zod'
import { defineApp } from '../define.ts'

/** A spreadsheet id as Google writes them (the part of its URL after /d/). */
export const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,100}$/

export default defineApp({
  id: 'google-sheets',
  name: 'Google Sheets',
  logo: 'sheet',
  category: 'spreadsheets',
  description: 'Append a row to a sheet for each lead or conversation, with the columns you choose.',
  auth: {
    type: 'oauth2',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    // Revoking either token ends the whole grant.
    revoke: { url: 'https://oauth2.googleapis.com/revoke', token: 'form' },
    scopes: ['https://www.googleapis.com/auth/spreadsheets'],
    scopeSeparator: ' ',
    // A refresh token comes only with access_type=offline, and again only when consent is asked again.
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    clientIdEnv: 'GOOGLE_CLIENT_ID',
    clientSecretEnv: 'GOOGLE_CLIENT_SECRET',
    baseUrlEnv: 'GOOGLE_SHEETS_BASE_URL',
  },
  settings: z.object({
    spreadsheet_id: z
      .string()
      .regex(SPREADSHEET_ID, { error: 'Paste the spreadsheet id from its URL.' })
      .optional(),
    sheet: z.string().min(1).max(100).optional(),
  }),
  events: [],
  defaultBaseUrl: 'https://sheets.googleapis.com',
  testable: false,
})
