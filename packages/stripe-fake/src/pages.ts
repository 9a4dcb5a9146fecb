// The pages a person (or a browser test) uses: hosted Checkout, the Customer Portal, and /__fake/ with the
// account's objects, events and the delivery controls. Every outside string is escaped.
import type { Account } from './billing.ts'
import type { CheckoutSession, PortalSession } from './state.ts'

export const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100)
const date = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10)

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font:16px system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}
h1{font-size:1.4rem} .box{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
label{display:block;margin:.6rem 0 .2rem} input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button,a.button{display:inline-block;margin:.8rem .5rem 0 0;padding:.55rem 1rem;font:inherit;border-radius:6px;border:1px solid #635bff;background:#635bff;color:#fff;text-decoration:none;cursor:pointer}
button.secondary,a.secondary{background:#fff;color:#635bff} .error{color:#b00020} table{width:100%;border-collapse:collapse} td,th{text-align:left;padding:.25rem;border-bottom:1px solid #eee;font-size:.9rem}
</style></head><body><p><small>Test mode · fake Stripe</small></p>${body}</body></html>`
}

export function checkoutPage(account: Account, session: CheckoutSession, error?: string): string {
  if (session.status !== 'open')
    return layout('Checkout', `<h1>This Checkout Session is ${escapeHtml(session.status)}.</h1>`)
  const items = account.lineItems(session).data
  const rows = items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description)}</td><td>${escapeHtml(money(item.amount_total, item.currency))}${session.mode === 'subscription' ? ' / month' : ''}</td></tr>`,
    )
    .join('')
  const email = session.customer
    ? (account.state.customers.get(session.customer)?.email ?? '')
    : (session.customer_email ?? '')
  return layout(
    'Checkout',
    `<h1>${session.mode === 'subscription' ? 'Subscribe' : 'Pay'}</h1>
<div class="box"><table>${rows}</table><p><strong>Total ${escapeHtml(money(session.amount_total, session.currency))}</strong></p></div>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}/pay">
<label for="email">Email</label><input id="email" name="email" type="email" required value="${escapeHtml(email)}">
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" value="4242 4242 4242 4242">
<button type="submit">${session.mode === 'subscription' ? 'Subscribe' : 'Pay'}</button>
${session.cancel_url ? `<a class="button secondary" href="/checkout/${escapeHtml(session.id)}/cancel">Cancel</a>` : ''}
</form>`,
  )
}

export function portalPage(account: Account, portal: PortalSession): string {
  const subs = [...account.state.subscriptions.values()].filter(
    (s) => s.customer === portal.customer && s.status !== 'canceled',
  )
  const plans = [...account.state.prices.values()].filter(
    (p) => p.active && p.recurring?.usage_type === 'licensed',
  )
  const invoices = [...account.state.invoices.values()].filter((i) => i.customer === portal.customer)
  const action = (subId: string, what: string, label: string, extra = '') =>
    `<form method="post" action="/portal/${escapeHtml(portal.id)}/${escapeHtml(subId)}/${what}" style="display:inline">${extra}<button type="submit" class="secondary">${escapeHtml(label)}</button></form>`
  const subscriptions = subs
    .map((sub) => {
      const item = sub.items[0]
      const price = account.state.prices.get(item?.price ?? '')
      const product = account.state.products.get(price?.product ?? '')
      const switches = plans
        .filter((p) => p.id !== price?.id)
        .map((p) =>
          action(
            sub.id,
            'switch',
            `Switch to ${account.state.products.get(p.product)?.name ?? p.lookup_key}`,
            `<input type="hidden" name="price" value="${escapeHtml(p.id)}">`,
          ),
        )
        .join(' ')
      return `<div class="box"><h2>${escapeHtml(product?.name)}</h2>
<p>Status: ${escapeHtml(sub.status)}${sub.cancel_at_period_end ? ` · cancels on ${escapeHtml(date(sub.cancel_at ?? 0))}` : ` · renews on ${escapeHtml(date(item?.current_period_end ?? 0))}`}</p>
${switches}
${sub.cancel_at_period_end ? action(sub.id, 'renew', 'Renew plan') : action(sub.id, 'cancel', 'Cancel plan')}</div>`
    })
    .join('')
  const invoiceRows = invoices
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.number)}</td><td>${escapeHtml(date(i.created))}</td><td>${escapeHtml(money(i.amount_due, i.currency))}</td><td>${escapeHtml(i.status)}</td></tr>`,
    )
    .join('')
  return layout(
    'Billing portal',
    `<h1>Manage your subscription</h1>${subscriptions || '<p>No active subscription.</p>'}
<h2>Invoices</h2>${invoiceRows ? `<table>${invoiceRows}</table>` : '<p>No invoices yet.</p>'}
${portal.return_url ? `<a class="button" href="${escapeHtml(portal.return_url)}">Return</a>` : ''}`,
  )
}

export function controlPage(account: Account): string {
  const { state, webhooks } = account
  const subs = [...state.subscriptions.values()]
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.id)}</td><td>${escapeHtml(s.customer)}</td><td>${escapeHtml(s.status)}</td><td>
<form method="post" action="/__fake/subscriptions/${escapeHtml(s.id)}/renew" style="display:inline"><button class="secondary">End period</button></form>
<form method="post" action="/__fake/subscriptions/${escapeHtml(s.id)}/fail_payment" style="display:inline"><button class="secondary">Fail payment</button></form></td></tr>`,
    )
    .join('')
  const events = state.events
    .slice(-30)
    .reverse()
    .map((e) => {
      const delivery = webhooks.deliveries.filter((d) => d.eventId === e.id).at(-1)
      return `<tr><td>${escapeHtml(e.id)}</td><td>${escapeHtml(e.type)}</td><td>${escapeHtml(delivery?.status ?? delivery?.error ?? (webhooks.held.includes(e) ? 'held' : 'not sent'))}</td><td><form method="post" action="/__fake/events/${escapeHtml(e.id)}/replay"><button class="secondary">Replay</button></form></td></tr>`
    })
    .join('')
  return layout(
    'Fake Stripe',
    `<h1>Fake Stripe</h1>
<p>Webhook endpoints: ${webhooks.endpoints.map((e) => escapeHtml(e.url)).join(', ') || 'none'}${webhooks.holding ? ' · holding events' : ''}</p>
<h2>Subscriptions</h2><table>${subs || '<tr><td>None yet.</td></tr>'}</table>
<h2>Events</h2><table>${events || '<tr><td>None yet.</td></tr>'}</table>`,
  )
}
