import { LocalDate, LocalNumber } from '../local-format.tsx'

/** €19.00 from 1900 and 'eur', in the admin's locale. */
export const Money = ({ cents, currency }: { cents: number; currency: string }) => (
  <LocalNumber value={cents / 100} options={{ style: 'currency', currency: currency.toUpperCase() }} />
)

/** "December 31, 2026" in the admin's locale (UTC: the billing period's edges are UTC instants). */
export const Day = ({ iso }: { iso: string }) => (
  <LocalDate value={iso} options={{ dateStyle: 'long', timeZone: 'UTC' }} />
)

/** A limit as people read it: "Unlimited" for none. */
export const Limit = ({ value }: { value: number | null }) =>
  value === null ? 'Unlimited' : <LocalNumber value={value} />

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
