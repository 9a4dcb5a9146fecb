// The bot's own offers (_shared/ai/offers.ts): a line asking to book gets the store's Cal.com booking card,
// one asking to pay gets a payment card for an item the store set up on the chatbot screen. Asked of the
// database only when a line asks for one; without Cal.com or Stripe (or nothing set up) the bot answers as
// usual. The same for the retrieval responder and a model: the offer is decided before either is asked.

import type { ResponderResult } from '../_shared/ai/index.ts'
import { choosePayable, offerIntent, offerPhrases, type Payable, priceOf } from '../_shared/ai/index.ts'
import { bookingLink } from '../_shared/apps/calcom/client.ts'
import type { Rpc } from './db.ts'

interface Offers {
  booking: {
    page: string
    title: string | null
    name: string | null
    email: string | null
  } | null
  payables: Payable[]
}

export interface Offer {
  result: ResponderResult
  /** What the widget draws the reply with (a booking card, a payment card). */
  metadata: Record<string, unknown>
}

const rules = (content: string, kind: ResponderResult['kind']): ResponderResult => ({
  content,
  kind,
  handoff: false,
  confidence: 1,
  sources: [],
  responder: 'rules',
})

export async function botOffer(
  db: Rpc,
  line: { text: string; sessionId: string; messageId: number; language: string; lastBotKind?: string },
): Promise<Offer | null> {
  // An answer to "which would you like to pay?" names the item without saying "pay" again.
  const wanted = offerIntent(line.text) ?? (line.lastBotKind === 'payment_choice' ? 'payment' : null)
  if (!wanted) return null
  const offers = await db<Offers>('chat_bot_offers', { p_session_id: line.sessionId })
  const say = offerPhrases(line.language)

  if (wanted === 'booking') {
    const booking = offers?.booking
    if (!booking) return null
    const url = bookingLink(booking.page, {
      name: booking.name,
      email: booking.email,
      metadata: { parley_session: line.sessionId },
    })
    return {
      result: rules(say.booking, 'booking_offer'),
      metadata: { booking_url: url, title: booking.title },
    }
  }

  const items = offers?.payables ?? []
  const chosen = choosePayable(line.text, items)
  if (chosen === null) return null
  if (chosen === 'ask') {
    // Still unsure after asking once: let the usual answer take over rather than ask in circles.
    if (line.lastBotKind === 'payment_choice') return null
    const options = items.map((item) => `${item.name} (${priceOf(item)})`)
    return { result: rules(say.paymentWhich(options), 'payment_choice'), metadata: {} }
  }
  // Null when the admin removed the item in between; the item as the database has it now otherwise.
  const request = await db<{ id: string; reused: boolean; item: Payable } | null>(
    'chat_bot_request_payment',
    {
      p_session_id: line.sessionId,
      p_message_id: line.messageId,
      p_item: chosen,
    },
  )
  if (!request) return null
  const label = `${priceOf(request.item)} (${request.item.description})`
  // A new request brought its own card (create_payment_request); an open one is shown again as the reply.
  return request.reused
    ? {
        result: rules(say.paymentOpen(label), 'payment_offer'),
        metadata: { payment_request_id: request.id },
      }
    : { result: rules(say.paymentMade(label), 'payment_offer'), metadata: {} }
}
