/** €19.00 from 1900 and 'eur'. */
export const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100)

/** "December 31, 2026" (UTC: the billing period's edges are UTC instants). */
export const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })

/** A limit as people read it: "Unlimited" for none. */
export const limit = (value: number | null) => (value === null ? 'Unlimited' : value.toLocaleString('en'))

/** What each feature id means on the plan comparison. */
export const featureNames: Record<string, string> = {
  widget: 'Chat widget',
  faqs: 'FAQs',
  knowledge: 'Knowledge documents',
  handoff: 'Handoff to people',
  automations: 'Automations',
  own_ai_key: 'Your own AI provider key',
  identity_verification: 'Verified shopper identities',
  overage: 'Conversations beyond the cap billed, never paused',
}
