// What Node code (the dashboard, the fakes' tests) uses of the connected apps: the registry, the shape,
// the OAuth helpers and the clients. Jobs and functions import the files directly.

export { bookingLink, CalcomClient } from './calcom/client.ts'
export { signBody as signCalcomBody, validSignature as validCalcomSignature } from './calcom/webhook.ts'
export { type AppDefinition, defineApp } from './define.ts'
export { classifyAppError } from './destination.ts'
export * from './errors.ts'
export { a1Sheet, SheetsClient } from './google-sheets/client.ts'
export { HubSpotClient, hubspotProperties } from './hubspot/client.ts'
export * from './oauth.ts'
export { apps } from './registry.gen.ts'
export { conversationBlocks, SlackClient } from './slack/client.ts'
