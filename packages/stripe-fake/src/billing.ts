// What happens in the Stripe account when a customer pays, changes plan or cancels: the objects change and
// the events Stripe sends for it are emitted (in the order Stripe tends to send them; the webhook controls
// reorder them).
import { addMonth, id, now } from './ids.ts'
import {
  type CheckoutSession,
  type FakeState,
  newCustomer,
  newInvoice,
  newSubscription,
  type Price,
  type Subscription,
} from './state.ts'
import type { Webhooks } from './webhooks.ts'

/** Test cards as Stripe documents them: 4242… pays, 4000 0000 0000 0002 is declined. */
export const declinedCard = '4000000000000002'

export class Account {
  /** Set by control.declineNextPayment(): the next card payment is declined whatever the card. */
  declineNext = 0

  constructor(
    readonly state: FakeState,
    readonly webhooks: Webhooks,
    readonly baseUrl: () => string,
  ) {}

  renderPrice(price: Price, expandProduct = false) {
    return expandProduct ? { ...price, product: this.state.products.get(price.product) } : price
  }

  renderSubscription(sub: Subscription) {
    return {
      ...sub,
      items: {
        object: 'list',
        data: sub.items.map((item) => {
          const price = this.state.prices.get(item.price)
          return { ...item, price: price ? this.renderPrice(price) : item.price }
        }),
        has_more: false,
        url: `/v1/subscription_items?subscription=${sub.id}`,
      },
    }
  }

  renderCheckoutSession(session: CheckoutSession, expandLineItems = false) {
    const { line_items, subscription_metadata, ...wire } = session
    return expandLineItems ? { ...wire, line_items: this.lineItems(session) } : wire
  }

  lineItems(session: CheckoutSession) {
    return {
      object: 'list',
      data: session.line_items.map((item) => {
        const price = this.state.prices.get(item.price)
        const amount = (price?.unit_amount ?? 0) * item.quantity
        return {
          id: id('li_'),
          object: 'item',
          amount_subtotal: amount,
          amount_total: amount,
          currency: price?.currency ?? 'eur',
          description: price ? (this.state.products.get(price.product)?.name ?? null) : null,
          price: price ?? null,
          quantity: item.quantity,
        }
      }),
      has_more: false,
      url: `/v1/checkout/sessions/${session.id}/line_items`,
    }
  }

  /** The customer paid on the Checkout page. Returns an error sentence when the card is declined. */
  completeCheckout(session: CheckoutSession, card: string, email: string): { declined: string } | null {
    if (session.status !== 'open') return { declined: 'This Checkout Session is no longer open.' }
    if (card.replace(/\s/g, '') === declinedCard || this.declineNext > 0) {
      if (this.declineNext > 0) this.declineNext--
      return { declined: 'Your card was declined.' }
    }
    let customer = session.customer ? this.state.customers.get(session.customer) : undefined
    if (!customer) {
      customer = newCustomer(this.state, { email: session.customer_email ?? email })
      this.webhooks.emit('customer.created', customer)
    }
    session.customer = customer.id
    session.customer_details = { email: customer.email ?? email, name: customer.name }
    session.status = 'complete'
    session.url = null
    if (session.mode === 'payment') {
      session.payment_intent = id('pi_')
      session.payment_status = 'paid'
      this.webhooks.emit('checkout.session.completed', this.renderCheckoutSession(session))
      return null
    }
    const sub = newSubscription(this.state, customer.id, session.line_items, session.subscription_metadata)
    const invoice = newInvoice(this.state, sub, 'subscription_create', this.baseUrl())
    this.pay(invoice.id)
    session.subscription = sub.id
    session.invoice = invoice.id
    session.payment_status = 'paid'
    this.webhooks.emit('checkout.session.completed', this.renderCheckoutSession(session))
    this.webhooks.emit('customer.subscription.created', this.renderSubscription(sub))
    this.webhooks.emit('invoice.paid', this.state.invoices.get(invoice.id))
    return null
  }

  /**
   * A delayed payment method (a bank debit) that fails: the session completes unpaid, then
   * `checkout.session.async_payment_failed`, as Stripe sends them for payment mode.
   */
  failAsyncPayment(session: CheckoutSession): void {
    if (session.status !== 'open' || session.mode !== 'payment')
      throw new Error('Only an open payment session')
    session.status = 'complete'
    session.url = null
    session.payment_intent = id('pi_')
    session.payment_status = 'unpaid'
    this.webhooks.emit('checkout.session.completed', this.renderCheckoutSession(session))
    this.webhooks.emit('checkout.session.async_payment_failed', this.renderCheckoutSession(session))
  }

  expireCheckout(session: CheckoutSession): void {
    session.status = 'expired'
    session.url = null
    this.webhooks.emit('checkout.session.expired', this.renderCheckoutSession(session))
  }

  /** The Portal's "switch plan": the first licensed item moves to `priceId` (prorations not modelled). */
  changePrice(sub: Subscription, priceId: string): void {
    const item = sub.items.find((i) => this.state.prices.get(i.price)?.recurring?.usage_type !== 'metered')
    if (!item || item.price === priceId) return
    const before = this.renderSubscription(sub).items
    item.price = priceId
    this.webhooks.emit('customer.subscription.updated', this.renderSubscription(sub), {
      data: { object: this.renderSubscription(sub), previous_attributes: { items: before } },
    })
  }

  /** The Portal's "cancel" (at the period's end) and "renew" (undo it). */
  cancelAtPeriodEnd(sub: Subscription, cancel: boolean): void {
    if (sub.cancel_at_period_end === cancel) return
    const previous = { cancel_at_period_end: sub.cancel_at_period_end, cancel_at: sub.cancel_at }
    sub.cancel_at_period_end = cancel
    sub.cancel_at = cancel ? (sub.items[0]?.current_period_end ?? now()) : null
    sub.canceled_at = cancel ? now() : null
    this.emitUpdated(sub, previous)
  }

  /** Cancels now (also what happens at the end of a period that was set to cancel). */
  cancelNow(sub: Subscription): void {
    if (sub.status === 'canceled') return
    sub.status = 'canceled'
    sub.ended_at = now()
    sub.canceled_at ??= now()
    this.webhooks.emit('customer.subscription.deleted', this.renderSubscription(sub))
  }

  /** The period ends: canceled if so set, else a new period and its invoice, paid (or failed). */
  renew(sub: Subscription): void {
    if (sub.cancel_at_period_end) {
      this.cancelNow(sub)
      return
    }
    const previous = { items: this.renderSubscription(sub).items }
    for (const item of sub.items) {
      item.current_period_start = item.current_period_end
      item.current_period_end = addMonth(item.current_period_start)
    }
    const invoice = newInvoice(this.state, sub, 'subscription_cycle', this.baseUrl())
    this.emitUpdated(sub, previous)
    if (this.declineNext > 0) {
      this.declineNext--
      this.failInvoice(sub, invoice.id)
      return
    }
    this.pay(invoice.id)
    if (sub.status === 'past_due') {
      sub.status = 'active'
      this.emitUpdated(sub, { status: 'past_due' })
    }
    this.webhooks.emit('invoice.paid', this.state.invoices.get(invoice.id))
  }

  /** The latest invoice's payment fails: invoice.payment_failed and the subscription past due. */
  failPayment(sub: Subscription): void {
    const invoice = newInvoice(this.state, sub, 'subscription_cycle', this.baseUrl())
    this.failInvoice(sub, invoice.id)
  }

  private failInvoice(sub: Subscription, invoiceId: string): void {
    const invoice = this.state.invoices.get(invoiceId)
    if (!invoice) return
    invoice.attempt_count++
    this.webhooks.emit('invoice.payment_failed', invoice)
    if (sub.status !== 'past_due') {
      const previous = { status: sub.status }
      sub.status = 'past_due'
      this.emitUpdated(sub, previous)
    }
  }

  private pay(invoiceId: string): void {
    const invoice = this.state.invoices.get(invoiceId)
    if (!invoice) return
    invoice.status = 'paid'
    invoice.attempt_count++
    invoice.amount_paid = invoice.amount_due
    invoice.amount_remaining = 0
    invoice.status_transitions.paid_at = now()
  }

  private emitUpdated(sub: Subscription, previous: Record<string, unknown>): void {
    const object = this.renderSubscription(sub)
    this.webhooks.emit('customer.subscription.updated', object, {
      data: { object, previous_attributes: previous },
    })
  }
}
