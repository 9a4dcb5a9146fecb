import { useEffect, useState } from 'preact/hooks'
import type { Backend } from './backend.ts'
import { useStrings } from './i18n/strings.tsx'
import type { PaymentRow } from './rows.ts'

type Props = {
  id: string
  db: Backend['db']
  live?: PaymentRow
  /** changes when the conversation does: read again (realtime may be down, the widget polling) */
  version: number
}

function amount(row: PaymentRow) {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: row.currency.toUpperCase(),
    }).format(row.amount / 100)
  } catch {
    return `${(row.amount / 100).toFixed(2)} ${row.currency.toUpperCase()}`
  }
}

/**
 * A payment request in the conversation: what it is for, the amount, its live status and, while it is
 * open, a Pay button to the store's Stripe Checkout page (a new tab; the status changes here once paid).
 * Its own chunk: conversations without payments never download it.
 */
export function PaymentCard({ id, db, live, version }: Props) {
  const t = useStrings().cards
  const [row, setRow] = useState<PaymentRow | null>(null)
  useEffect(() => {
    let current = true
    void db
      .from('payment_requests')
      .select('id, amount, currency, description, status, checkout_url, expires_at')
      .eq('id', id)
      .maybeSingle()
      .then(({ data }) => current && data && setRow(data))
    return () => {
      current = false
    }
  }, [db, id, version])
  // realtime's row is newer than a read made before it arrived, but not than one made after
  const shown = row && live && row.status !== 'open' ? row : (live ?? row)
  if (!shown) return <span class="bubble payment-card">{t.paymentLoading}</span>
  // Only a web page of Stripe's (or the fake's) is a link: anything else is not offered.
  const href = shown.checkout_url && /^https?:\/\//.test(shown.checkout_url) ? shown.checkout_url : null
  return (
    <span class="bubble payment-card" data-testid="payment-card" data-status={shown.status}>
      <span class="payment-description">{shown.description}</span>
      <strong class="payment-amount">{amount(shown)}</strong>
      <span class="payment-status" role="status">
        {t.status[shown.status]}
      </span>
      {shown.status === 'open' ? (
        href ? (
          <a class="pay-button" href={href} target="_blank" rel="noopener noreferrer">
            {t.pay(amount(shown))}
          </a>
        ) : (
          <span class="payment-status">{t.preparingPayment}</span>
        )
      ) : null}
    </span>
  )
}
