// One shape for every connected app. An app is one folder, `apps/<id>/`, whose `app.ts` exports
// `default defineApp({...})`: what the Integrations page shows (name, logo, category, description), how a
// store connects it (OAuth 2 or an API key), its settings (zod), the events it can emit (automation
// triggers) and the destination its jobs count against (one circuit breaker per app). Its actions are
// automation node types in `apps/<id>/nodes/<node id>/` (node.ts + *.job.ts), listed by `pnpm gen` with the
// built-in ones; its client is `apps/<id>/client.ts`. `app.ts` imports nothing Deno-only: the dashboard
// reads it. `pnpm gen` lists every app folder in registry.gen.ts.
import type { z } from 'zod'

export type AppCategory = 'messaging' | 'crm' | 'spreadsheets' | 'scheduling' | 'payments' | 'developer'

/** OAuth 2 authorization code with PKCE; the client id and secret come from the environment. */
export interface OAuth2Auth {
  type: 'oauth2'
  authorizeUrl: string
  tokenUrl: string
  /**
   * How a token is revoked on disconnect: bearer (Slack's auth.revoke) or a `token` form field (RFC 7009);
   * `use: 'refresh'` sends the refresh token (HubSpot revokes the grant by it).
   */
  revoke?: { url: string; token: 'bearer' | 'form'; use?: 'access' | 'refresh' }
  /** Where the client credentials go at the token endpoint: HTTP Basic, or the form body (HubSpot). */
  clientAuth?: 'basic' | 'body'
  scopes: readonly string[]
  /** More authorize parameters, e.g. Google's access_type=offline (a refresh token) and prompt=consent. */
  authorizeParams?: Readonly<Record<string, string>>
  /** How the authorize URL names the scopes: Slack wants `scope=a,b`, Google `scope=a b`. */
  scopeSeparator: ',' | ' '
  /** Environment variables holding the client credentials, e.g. SLACK_CLIENT_ID / SLACK_CLIENT_SECRET. */
  clientIdEnv: string
  clientSecretEnv: string
  /** Base URL of the app's API (and its OAuth endpoints), overridable so dev and tests reach the fake. */
  baseUrlEnv: string
}

/** An API key the store pastes once; stored encrypted and never shown again (write-only). */
export interface ApiKeyAuth {
  type: 'api_key'
  label: string
  help: string
  /** Absent for an app that calls the store's own endpoint rather than a vendor's API (Webhook). */
  baseUrlEnv?: string
  /** Parley may make the key when the store pastes none (a signing secret), shown once at connect. */
  generate?: { prefix: string }
}

export type AppAuth = OAuth2Auth | ApiKeyAuth

/** What an app can tell automations (a booking made, a payment received): trigger events it emits. */
export interface AppEvent {
  type: string
  title: string
}

export interface AppDefinition<Settings extends z.ZodType = z.ZodType> {
  /** Folder name and stable id, kebab-case: 'slack', 'google-sheets'. */
  id: string
  name: string
  /** A path under the dashboard's public folder, or a lucide icon name. */
  logo: string
  category: AppCategory
  description: string
  auth: AppAuth
  /** Per-store settings (a default channel, a spreadsheet): the Integrations page renders them. */
  settings: Settings
  events: readonly AppEvent[]
  /** Where its default base URL points when the environment names none. */
  defaultBaseUrl?: string
  /**
   * Settings holding a URL our servers will call on the store's say-so: checked at connect (and before each
   * call) to be on the public internet, so a store cannot aim Parley at its own network.
   */
  publicUrlSettings?: readonly string[]
  /** Whether the Integrations page offers "send a test" (the app's test call, a job like any other). */
  testable: boolean
  /** A job enqueued ({ store_id }) each time a store connects it, e.g. registering the app's webhook. */
  connectJob?: string
  /**
   * What disconnecting removes at the app (the webhook `connectJob` registered): the job's topic and the
   * setting holding the remote id. Disconnect clears the setting and enqueues the job with
   * { store_id, remote_id }; the job uses the store's key, which is forgotten once it is done.
   */
  disconnectJob?: { topic: string; setting: string }
}

const ID = /^[a-z][a-z0-9-]{1,39}$/

export function defineApp<Settings extends z.ZodType>(app: AppDefinition<Settings>): AppDefinition<Settings> {
  if (!ID.test(app.id)) throw new Error(`app ${app.id}: an id is kebab-case, 2 to 40 characters`)
  if (app.auth.type === 'oauth2' && app.auth.scopes.length === 0)
    throw new Error(`app ${app.id}: an OAuth app names the scopes it asks for`)
  return app
}
