// The fake's in-memory Stripe account: objects as the API renders them (API 2026-07-29.dahlia), kept by id.
import { addMonth, id, now } from './ids.ts'

export type Metadata = Record<string, string>

export interface Product {
  id: string
  object: 'product'
  active: boolean
  created: number
  description: string | null
  livemode: false
  metadata: Metadata
  name: string
}

export interface Price {
  id: string
  object: 'price'
  active: boolean
  billing_scheme: 'per_unit'
  created: number
  currency: string
  livemode: false
  lookup_key: string | null
  metadata: Metadata
  nickname: string | null
  product: string
  recurring: {
    interval: 'month' | 'year'
    interval_count: 1
    meter: string | null
    usage_type: 'licensed' | 'metered'
  } | null
  tax_behavior: 'unspecified'
  type: 'one_time' | 'recurring'
  unit_amount: number
}

export interface Customer {
  id: string
  object: 'customer'
  created: number
  email: string | null
  livemode: false
  metadata: Metadata
  name: string | null
  deleted?: true
}

export interface SubscriptionItem {
  id: string
  object: 'subscription_item'
  created: number
  current_period_start: number
  current_period_end: number
  metadata: Metadata
  price: string
  quantity: number
  subscription: string
}

export type SubscriptionStatus = 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'trialing'

export interface Subscription {
  id: string
  object: 'subscription'
  cancel_at: number | null
  cancel_at_period_end: boolean
  canceled_at: number | null
  created: number
  currency: string
  customer: string
  ended_at: number | null
  items: SubscriptionItem[]
  latest_invoice: string | null
  livemode: false
  metadata: Metadata
  start_date: number
  status: SubscriptionStatus
  trial_end: null
  trial_start: null
}

export interface Invoice {
  id: string
  object: 'invoice'
  amount_due: number
  amount_paid: number
  amount_remaining: number
  attempt_count: number
  billing_reason: 'subscription_create' | 'subscription_cycle' | 'subscription_update'
  created: number
  currency: string
  customer: string
  hosted_invoice_url: string
  invoice_pdf: string
  livemode: false
  number: string
  parent: { type: 'subscription_details'; subscription_details: { subscription: string; metadata: Metadata } }
  period_start: number
  period_end: number
  status: 'open' | 'paid'
  status_transitions: { paid_at: number | null }
}

export interface CheckoutSession {
  id: string
  object: 'checkout.session'
  amount_subtotal: number
  amount_total: number
  cancel_url: string | null
  client_reference_id: string | null
  created: number
  currency: string
  customer: string | null
  customer_details: { email: string | null; name: string | null } | null
  customer_email: string | null
  expires_at: number
  invoice: string | null
  line_items: { price: string; quantity: number }[]
  livemode: false
  metadata: Metadata
  mode: 'subscription' | 'payment'
  payment_intent: string | null
  payment_status: 'paid' | 'unpaid' | 'no_payment_required'
  status: 'open' | 'complete' | 'expired'
  subscription: string | null
  subscription_metadata: Metadata
  success_url: string | null
  ui_mode: string
  url: string | null
}

export interface PortalSession {
  id: string
  object: 'billing_portal.session'
  configuration: string
  created: number
  customer: string
  flow: null
  livemode: false
  locale: string | null
  on_behalf_of: null
  return_url: string | null
  url: string
}

export interface MeterEvent {
  object: 'billing.meter_event'
  created: number
  event_name: string
  identifier: string
  livemode: false
  payload: Record<string, string>
  timestamp: number
}

export interface StripeEvent {
  id: string
  object: 'event'
  api_version: string
  created: number
  data: { object: unknown; previous_attributes?: Record<string, unknown> }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

export interface RecordedRequest {
  at: number
  method: string
  path: string
  params: unknown
  idempotencyKey?: string
  stripeVersion?: string
  status?: number
  error?: string
}

export interface FakeState {
  products: Map<string, Product>
  prices: Map<string, Price>
  customers: Map<string, Customer>
  subscriptions: Map<string, Subscription>
  invoices: Map<string, Invoice>
  checkoutSessions: Map<string, CheckoutSession>
  portalSessions: Map<string, PortalSession>
  meterEvents: Map<string, MeterEvent>
  events: StripeEvent[]
  requests: RecordedRequest[]
}

export function createState(): FakeState {
  return {
    products: new Map(),
    prices: new Map(),
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    meterEvents: new Map(),
    events: [],
    requests: [],
  }
}

export interface PriceSeed {
  lookup_key: string | null
  product_name: string
  unit_amount: number
  currency?: string
  interval?: 'month' | 'year'
  usage_type?: 'licensed' | 'metered'
  /** A one-time price (Checkout's `price_data` without `recurring`), for payment mode. */
  one_time?: boolean
}

/** Parley's plans as its README tells an operator to create them in Stripe (products with priced lookup keys). */
export const defaultPrices: PriceSeed[] = [
  { lookup_key: 'parley_starter_monthly', product_name: 'Parley Starter', unit_amount: 1900 },
  { lookup_key: 'parley_pro_monthly', product_name: 'Parley Pro', unit_amount: 7900 },
  {
    lookup_key: 'parley_pro_conversations_overage',
    product_name: 'Parley Pro extra conversations',
    unit_amount: 5,
    usage_type: 'metered',
  },
]

export function addPrice(state: FakeState, seed: PriceSeed): Price {
  const product: Product = {
    id: id('prod_'),
    object: 'product',
    active: true,
    created: now(),
    description: null,
    livemode: false,
    metadata: {},
    name: seed.product_name,
  }
  state.products.set(product.id, product)
  const price: Price = {
    id: id('price_'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: now(),
    currency: seed.currency ?? 'eur',
    livemode: false,
    lookup_key: seed.lookup_key,
    metadata: {},
    nickname: null,
    product: product.id,
    recurring: seed.one_time
      ? null
      : {
          interval: seed.interval ?? 'month',
          interval_count: 1,
          meter: seed.usage_type === 'metered' ? id('mtr_') : null,
          usage_type: seed.usage_type ?? 'licensed',
        },
    tax_behavior: 'unspecified',
    type: seed.one_time ? 'one_time' : 'recurring',
    unit_amount: seed.unit_amount,
  }
  state.prices.set(price.id, price)
  return price
}

export function newCustomer(state: FakeState, fields: Partial<Customer>): Customer {
  const customer: Customer = {
    id: id('cus_'),
    object: 'customer',
    created: now(),
    email: null,
    livemode: false,
    metadata: {},
    name: null,
    ...fields,
  }
  state.customers.set(customer.id, customer)
  return customer
}

export function newSubscription(
  state: FakeState,
  customer: string,
  items: { price: string; quantity: number }[],
  metadata: Metadata,
): Subscription {
  const start = now()
  const subId = id('sub_')
  const sub: Subscription = {
    id: subId,
    object: 'subscription',
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    created: start,
    currency: state.prices.get(items[0]?.price ?? '')?.currency ?? 'eur',
    customer,
    ended_at: null,
    items: items.map((item) => ({
      id: id('si_'),
      object: 'subscription_item',
      created: start,
      current_period_start: start,
      current_period_end: addMonth(start),
      metadata: {},
      price: item.price,
      quantity: item.quantity,
      subscription: subId,
    })),
    latest_invoice: null,
    livemode: false,
    metadata,
    start_date: start,
    status: 'active',
    trial_end: null,
    trial_start: null,
  }
  state.subscriptions.set(sub.id, sub)
  return sub
}

let invoiceNumber = 0

export function newInvoice(
  state: FakeState,
  sub: Subscription,
  reason: Invoice['billing_reason'],
  baseUrl: string,
): Invoice {
  const amount = sub.items.reduce((sum, item) => {
    const price = state.prices.get(item.price)
    return price?.recurring?.usage_type === 'metered' ? sum : sum + (price?.unit_amount ?? 0) * item.quantity
  }, 0)
  const first = sub.items[0]
  const invoiceId = id('in_')
  const invoice: Invoice = {
    id: invoiceId,
    object: 'invoice',
    amount_due: amount,
    amount_paid: 0,
    amount_remaining: amount,
    attempt_count: 0,
    billing_reason: reason,
    created: now(),
    currency: sub.currency,
    customer: sub.customer,
    hosted_invoice_url: `${baseUrl}/invoices/${invoiceId}`,
    invoice_pdf: `${baseUrl}/invoices/${invoiceId}/pdf`,
    livemode: false,
    number: `FAKE-${String(++invoiceNumber).padStart(4, '0')}`,
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: sub.id, metadata: sub.metadata },
    },
    period_start: first?.current_period_start ?? now(),
    period_end: first?.current_period_end ?? now(),
    status: 'open',
    status_transitions: { paid_at: null },
  }
  state.invoices.set(invoice.id, invoice)
  sub.latest_invoice = invoice.id
  return invoice
}
