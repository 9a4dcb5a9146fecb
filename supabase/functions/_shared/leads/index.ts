// Pre-chat form, lead score and persona tiers: pure code shared by the widget, the dashboard and the chat
// function (see README.md).
export * from './form.ts'
export * from './intents.ts'
export * from './score.ts'
