import { useStrings } from './i18n/strings.tsx'
import { CalendarIcon } from './icons.tsx'
import type { BookingOffer } from './messages.ts'

/** A meeting the store offers: its name and a button to its booking page (a new tab, prefilled). */
export function BookingCard({ offer, text }: { offer: BookingOffer; text: string }) {
  const t = useStrings().cards
  return (
    <span class="bubble booking-card" data-testid="booking-card">
      {text ? <span class="caption">{text}</span> : null}
      <a class="booking-link" href={offer.url} target="_blank" rel="noopener noreferrer">
        <CalendarIcon /> {offer.title ? t.book(offer.title) : t.bookTime}
      </a>
    </span>
  )
}
