// The /v1 endpoints Parley uses, on the fake's account. Parameters arrive form-decoded and already checked
// against the contract; each handler returns the status and the JSON Stripe would answer.
import type { Account } from './billing.ts'
import { id, now } from './ids.ts'
import { addPrice, type CheckoutSession, type Metadata, type PortalSession } from './state.ts'

export type Params = Record<string, unknown>
export interface Result {
  status: number
  body: unknown
}

export const stripeError = (
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): Result => ({ status, body: { error: { type, message, ...extra } } })

const missing = (what: string, value: string, param = 'id') =>
  stripeError(404, 'invalid_request_error', `No such ${what}: '${value}'`, {
    code: 'resource_missing',
    param,
  })

const list = (data: unknown[], url: string, limit: number) => ({
  object: 'list',
  data: data.slice(0, limit),
  has_more: data.length > limit,
  url,
})

const asArray = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : value && typeof value === 'object'
      ? Object.values(value).map(String)
      : []
const asRecord = (value: unknown): Metadata =>
  value && typeof value === 'object'
    ? (Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '')) as Metadata)
    : {}
const limitOf = (p: Params) => Math.min(100, Math.max(1, Number(p.limit ?? 10)))

interface Route {
  id: string
  method: string
  pattern: RegExp
  handle(account: Account, params: Params, path: string[], request: { idempotencyKey?: string }): Result
}

export const routes: Route[] = [
  {
    id: 'customers.create',
    method: 'POST',
    pattern: /^\/v1\/customers$/,
    handle(account, p) {
      const customer = {
        id: id('cus_'),
        object: 'customer' as const,
        created: now(),
        email: (p.email as string) || null,
        livemode: false as const,
        metadata: asRecord(p.metadata),
        name: (p.name as string) || null,
      }
      account.state.customers.set(customer.id, customer)
      account.webhooks.emit('customer.created', customer)
      return { status: 200, body: customer }
    },
  },
  {
    id: 'customers.retrieve',
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)$/,
    handle(account, _p, [customerId = '']) {
      const customer = account.state.customers.get(customerId)
      if (!customer) return missing('customer', customerId)
      return {
        status: 200,
        body: customer.deleted ? { id: customer.id, object: 'customer', deleted: true } : customer,
      }
    },
  },
  {
    id: 'prices.list',
    method: 'GET',
    pattern: /^\/v1\/prices$/,
    handle(account, p) {
      const keys = asArray(p.lookup_keys)
      if (keys.length > 10)
        return stripeError(400, 'invalid_request_error', 'lookup_keys takes at most 10 keys', {
          code: 'parameter_invalid',
          param: 'lookup_keys',
        })
      const expandProduct = asArray(p.expand).includes('data.product')
      const prices = [...account.state.prices.values()].filter(
        (price) =>
          (keys.length === 0 || (price.lookup_key !== null && keys.includes(price.lookup_key))) &&
          (p.active === undefined || String(price.active) === p.active),
      )
      return {
        status: 200,
        body: list(
          prices.map((price) => account.renderPrice(price, expandProduct)),
          '/v1/prices',
          limitOf(p),
        ),
      }
    },
  },
  {
    id: 'prices.retrieve',
    method: 'GET',
    pattern: /^\/v1\/prices\/([^/]+)$/,
    handle(account, p, [priceId = '']) {
      const price = account.state.prices.get(priceId)
      if (!price) return missing('price', priceId)
      return { status: 200, body: account.renderPrice(price, asArray(p.expand).includes('product')) }
    },
  },
  {
    id: 'checkout.sessions.create',
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions$/,
    handle(account, p) {
      const mode = p.mode as string | undefined
      if (mode !== 'subscription' && mode !== 'payment')
        return stripeError(400, 'invalid_request_error', 'mode must be subscription or payment', {
          code: 'parameter_missing',
          param: 'mode',
        })
      if (p.customer && p.customer_email)
        return stripeError(
          400,
          'invalid_request_error',
          'You may only specify one of these parameters: customer, customer_email.',
          {
            code: 'parameters_exclusive',
            param: 'customer',
          },
        )
      if (p.customer && !account.state.customers.get(String(p.customer)))
        return missing('customer', String(p.customer), 'customer')
      if (!p.success_url && (p.ui_mode ?? 'hosted_page') === 'hosted_page')
        return stripeError(400, 'invalid_request_error', 'You must provide a success_url.', {
          code: 'parameter_missing',
          param: 'success_url',
        })
      const lineItems: { price: string; quantity: number }[] = []
      const rawItems = p.line_items && typeof p.line_items === 'object' ? Object.values(p.line_items) : []
      for (const [i, raw] of rawItems.entries()) {
        const item = raw as Params
        const inline = item.price_data as Params | undefined
        if (inline) {
          // An inline one-time price (payment mode): Stripe makes a price and product for this session.
          const product = (inline.product_data as Params | undefined)?.name
          const amount = Number(inline.unit_amount)
          if (!product || !Number.isInteger(amount) || amount < 0 || !inline.currency)
            return stripeError(
              400,
              'invalid_request_error',
              'price_data needs currency, unit_amount and product_data[name].',
              {
                code: 'parameter_missing',
                param: `line_items[${i}][price_data]`,
              },
            )
          const price = addPrice(account.state, {
            lookup_key: null,
            product_name: String(product),
            unit_amount: amount,
            currency: String(inline.currency).toLowerCase(),
            one_time: true,
          })
          lineItems.push({ price: price.id, quantity: Number(item.quantity ?? 1) })
          continue
        }
        const priceId = String(item.price ?? '')
        const price = account.state.prices.get(priceId)
        if (!price) return missing('price', priceId, `line_items[${i}][price]`)
        lineItems.push({ price: priceId, quantity: Number(item.quantity ?? 1) })
      }
      if (lineItems.length === 0)
        return stripeError(400, 'invalid_request_error', 'line_items is required', {
          code: 'parameter_missing',
          param: 'line_items',
        })
      const prices = lineItems.map((item) => account.state.prices.get(item.price))
      if (mode === 'subscription' && prices.some((price) => price?.type !== 'recurring'))
        return stripeError(400, 'invalid_request_error', 'Subscription mode needs recurring prices.', {
          param: 'line_items',
        })
      const amount = lineItems.reduce((sum, item, i) => {
        const price = prices[i]
        return price?.recurring?.usage_type === 'metered'
          ? sum
          : sum + (price?.unit_amount ?? 0) * item.quantity
      }, 0)
      const created = now()
      const sessionId = id('cs_test_')
      const session: CheckoutSession = {
        id: sessionId,
        object: 'checkout.session',
        amount_subtotal: amount,
        amount_total: amount,
        cancel_url: (p.cancel_url as string) ?? null,
        client_reference_id: (p.client_reference_id as string) ?? null,
        created,
        currency: prices[0]?.currency ?? 'eur',
        customer: (p.customer as string) ?? null,
        customer_details: null,
        customer_email: (p.customer_email as string) ?? null,
        expires_at: p.expires_at ? Number(p.expires_at) : created + 24 * 3600,
        invoice: null,
        line_items: lineItems,
        livemode: false,
        metadata: asRecord(p.metadata),
        mode,
        payment_intent: null,
        payment_status: 'unpaid',
        status: 'open',
        subscription: null,
        subscription_metadata: asRecord((p.subscription_data as Params | undefined)?.metadata),
        success_url: (p.success_url as string) ?? null,
        ui_mode: (p.ui_mode as string) ?? 'hosted_page',
        url: `${account.baseUrl()}/checkout/${sessionId}`,
      }
      account.state.checkoutSessions.set(session.id, session)
      return { status: 200, body: account.renderCheckoutSession(session) }
    },
  },
  {
    id: 'checkout.sessions.retrieve',
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handle(account, p, [sessionId = '']) {
      const session = account.state.checkoutSessions.get(sessionId)
      if (!session) return missing('checkout.session', sessionId)
      return {
        status: 200,
        body: account.renderCheckoutSession(session, asArray(p.expand).includes('line_items')),
      }
    },
  },
  {
    id: 'checkout.sessions.listLineItems',
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
    handle(account, _p, [sessionId = '']) {
      const session = account.state.checkoutSessions.get(sessionId)
      if (!session) return missing('checkout.session', sessionId)
      return { status: 200, body: account.lineItems(session) }
    },
  },
  {
    id: 'checkout.sessions.expire',
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    handle(account, _p, [sessionId = '']) {
      const session = account.state.checkoutSessions.get(sessionId)
      if (!session) return missing('checkout.session', sessionId)
      if (session.status !== 'open')
        return stripeError(
          400,
          'invalid_request_error',
          `Only Checkout Sessions with a status in ["open"] can be expired.`,
        )
      account.expireCheckout(session)
      return { status: 200, body: account.renderCheckoutSession(session) }
    },
  },
  {
    id: 'billingPortal.sessions.create',
    method: 'POST',
    pattern: /^\/v1\/billing_portal\/sessions$/,
    handle(account, p) {
      const customerId = String(p.customer ?? '')
      if (!customerId)
        return stripeError(400, 'invalid_request_error', 'Missing required param: customer.', {
          code: 'parameter_missing',
          param: 'customer',
        })
      if (!account.state.customers.get(customerId)) return missing('customer', customerId, 'customer')
      const session: PortalSession = {
        id: id('bps_'),
        object: 'billing_portal.session',
        configuration: 'bpc_fake_default',
        created: now(),
        customer: customerId,
        flow: null,
        livemode: false,
        locale: (p.locale as string) ?? null,
        on_behalf_of: null,
        return_url: (p.return_url as string) ?? null,
        url: '',
      }
      session.url = `${account.baseUrl()}/portal/${session.id}`
      account.state.portalSessions.set(session.id, session)
      return { status: 200, body: session }
    },
  },
  {
    id: 'subscriptions.retrieve',
    method: 'GET',
    pattern: /^\/v1\/subscriptions\/([^/]+)$/,
    handle(account, _p, [subId = '']) {
      const sub = account.state.subscriptions.get(subId)
      if (!sub) return missing('subscription', subId)
      return { status: 200, body: account.renderSubscription(sub) }
    },
  },
  {
    id: 'subscriptions.list',
    method: 'GET',
    pattern: /^\/v1\/subscriptions$/,
    handle(account, p) {
      const status = (p.status as string | undefined) ?? 'default'
      const subs = [...account.state.subscriptions.values()]
        .filter((s) => !p.customer || s.customer === p.customer)
        .filter((s) =>
          status === 'all' ? true : status === 'default' ? s.status !== 'canceled' : s.status === status,
        )
        .sort((a, b) => b.created - a.created)
      return {
        status: 200,
        body: list(
          subs.map((s) => account.renderSubscription(s)),
          '/v1/subscriptions',
          limitOf(p),
        ),
      }
    },
  },
  {
    // Not in the vendored contract (its params are checked against a short list of our own).
    id: 'invoices.list',
    method: 'GET',
    pattern: /^\/v1\/invoices$/,
    handle(account, p) {
      const invoices = [...account.state.invoices.values()]
        .filter((i) => !p.customer || i.customer === p.customer)
        .filter((i) => !p.subscription || i.parent.subscription_details.subscription === p.subscription)
        .sort((a, b) => b.created - a.created)
      return { status: 200, body: list(invoices, '/v1/invoices', limitOf(p)) }
    },
  },
  {
    id: 'invoices.retrieve',
    method: 'GET',
    pattern: /^\/v1\/invoices\/([^/]+)$/,
    handle(account, _p, [invoiceId = '']) {
      const invoice = account.state.invoices.get(invoiceId)
      if (!invoice) return missing('invoice', invoiceId)
      return { status: 200, body: invoice }
    },
  },
  {
    id: 'billing.meterEvents.create',
    method: 'POST',
    pattern: /^\/v1\/billing\/meter_events$/,
    handle(account, p) {
      const payload = asRecord(p.payload)
      if (!payload.stripe_customer_id || !payload.value || !/^\d+$/.test(payload.value))
        return stripeError(
          400,
          'invalid_request_error',
          'payload needs stripe_customer_id and a whole-number value',
          {
            code: 'parameter_invalid',
            param: 'payload',
          },
        )
      const timestamp = p.timestamp ? Number(p.timestamp) : now()
      if (timestamp < now() - 35 * 24 * 3600 || timestamp > now() + 300)
        return stripeError(
          400,
          'invalid_request_error',
          'timestamp must be within the past 35 days and 5 minutes into the future',
          {
            code: 'parameter_invalid',
            param: 'timestamp',
          },
        )
      const identifier = (p.identifier as string | undefined) ?? id('')
      // Stripe dedupes on identifier (within at least 24 h): the first event counts, later ones are dropped.
      const known = account.state.meterEvents.get(identifier)
      if (known) return { status: 200, body: known }
      const event = {
        object: 'billing.meter_event' as const,
        created: now(),
        event_name: String(p.event_name),
        identifier,
        livemode: false as const,
        payload,
        timestamp,
      }
      account.state.meterEvents.set(identifier, event)
      return { status: 200, body: event }
    },
  },
  {
    id: 'webhookEndpoints.create',
    method: 'POST',
    pattern: /^\/v1\/webhook_endpoints$/,
    handle(account, p) {
      const url = String(p.url ?? '')
      if (!/^https?:\/\//.test(url))
        return stripeError(400, 'invalid_request_error', 'Invalid URL', { code: 'url_invalid', param: 'url' })
      const endpoint = account.webhooks.addEndpoint(url, undefined, asArray(p.enabled_events))
      return {
        status: 200,
        body: {
          id: endpoint.id,
          object: 'webhook_endpoint',
          api_version: (p.api_version as string) ?? null,
          created: now(),
          enabled_events: endpoint.enabledEvents,
          livemode: false,
          secret: endpoint.secret,
          status: 'enabled',
          url,
        },
      }
    },
  },
  {
    id: 'webhookEndpoints.del',
    method: 'DELETE',
    pattern: /^\/v1\/webhook_endpoints\/([^/]+)$/,
    handle(account, _p, [endpointId = '']) {
      if (!account.webhooks.removeEndpoint(endpointId)) return missing('webhook endpoint', endpointId)
      return { status: 200, body: { id: endpointId, object: 'webhook_endpoint', deleted: true } }
    },
  },
]

/** Parameters of the endpoints the vendored contract lacks (invoices.*): what Parley sends. */
export const extraParams: Record<string, string[]> = {
  'invoices.list': [
    'customer',
    'subscription',
    'limit',
    'starting_after',
    'ending_before',
    'status',
    'expand',
  ],
  'invoices.retrieve': ['expand'],
  // In stripe-node 22.5.0 (WebhookEndpoints.del), not in the extracted contract: no parameters.
  'webhookEndpoints.del': [],
}
