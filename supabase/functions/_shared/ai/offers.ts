// What the bot offers on its own: a booking link when a shopper asks to book or meet, a payment card when
// they ask to pay. Cheap patterns in the widget's seven languages; what is offered (the booking page, the
// payable items) is the store's, never the bot's invention. Pure, so the choice is tested without a stack.
import { baseLanguage } from './text.ts'

export type OfferIntent = 'booking' | 'payment'

/** A payable item as the chatbot screen defines it (amount in cents). */
export interface Payable {
  name: string
  amount: number
  currency: string
  description: string
  expires_in_minutes: number
}

// Letters on either side end a word in any script (\b only knows ASCII).
const words = (alternatives: string) => new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, 'iu')

const booking = words(
  [
    // en
    '(book|schedule|arrange|set up|plan)( me)?( in)? (a |an |some )?(call|meeting|appointment|demo|consultation|video call|session|time|slot)s?',
    'appointments?',
    'meet (with )?(you|someone|somebody|the team)',
    'talk on the phone',
    // de
    'termin\\w*',
    '(gespräch|anruf|beratung|videocall|treffen) (vereinbaren|buchen|ausmachen)',
    // fr
    'rendez-vous',
    '(réserver|planifier|prendre|fixer) (un |une )?(appel|réunion|créneau|rdv)',
    // es
    'cita',
    '(reservar|agendar|programar|concertar) (una )?(llamada|reunión|cita|videollamada)',
    // nl
    'afspraak\\w*',
    '(gesprek|belafspraak|videogesprek) (inplannen|plannen|boeken)',
    // pt
    '(agendar|marcar|reservar) (uma )?(chamada|reunião|consulta|videochamada|horário)',
    // ar
    'موعد',
    'حجز مكالمة',
    'اجتماع',
  ].join('|'),
)

const payment = words(
  [
    // en
    "(want|wanna|would like|'d like|ready|like|need|can i|could i|let me|how (do|can) i) (to )?(pay|make (a |the )?payment|check ?out|put down)",
    'pay (the |my |a |for |now|online)',
    'payment link',
    'send (me )?(the |a )?(payment|invoice|bill)',
    // de
    'bezahlen',
    'anzahlung (leisten|machen|zahlen|bezahlen)',
    '(zahlung|zahlungslink)',
    '(möchte|will|kann ich) (\\w+ )?zahlen',
    // fr
    'payer',
    'régler',
    '(lien de )?paiement',
    // es
    'pagar',
    'enlace de pago',
    // nl
    'betalen',
    'betaallink',
    'aanbetaling (doen|betalen)',
    // pt
    'pagar',
    'link de pagamento',
    // ar
    'أدفع',
    'ادفع',
    'الدفع',
    'رابط الدفع',
  ].join('|'),
)

/** Asking how one may pay is a question for the FAQ, not a request to pay now. */
const howToPay = words(
  '(by|with|via|using) (card|credit card|paypal|klarna|apple pay|google pay|bank transfer|cash)|payment (methods?|options)|zahlungsarten|moyens de paiement|métodos de pago|betaalmethoden|formas de pagamento',
)

/** The offer a line asks for, if any: paying beats booking ("pay the deposit for the call"). */
export function offerIntent(text: string): OfferIntent | null {
  if (payment.test(text) && !howToPay.test(text)) return 'payment'
  if (booking.test(text)) return 'booking'
  return null
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3)

/** Whether a line names an item: every longer word of its name (or of its description) is in it. */
function names(line: Set<string>, item: Payable): boolean {
  return [item.name, item.description].some((label) => {
    const wanted = fold(label)
    return wanted.length > 0 && wanted.every((w) => line.has(w))
  })
}

/** Paying for an order or an invoice is the shop's own checkout, not one of the bot's items. */
const somethingElse = words(
  'orders?|invoices?|bills?|bestellung\\w*|rechnung\\w*|commandes?|factures?|pedidos?|facturas?|bestelling\\w*|factuur\\w*|encomendas?|faturas?|طلب\\w*|فاتورة',
)

/**
 * Which item a line asks to pay: the one it names, or the only one there is; 'ask' when several could be
 * meant; null when the store set up none or the line is about paying something else (an order, #1042).
 */
export function choosePayable(text: string, items: Payable[]): number | 'ask' | null {
  if (items.length === 0) return null
  const line = new Set(fold(text))
  const named = items.flatMap((item, i) => (names(line, item) ? [i] : []))
  if (named.length === 1) return named[0] ?? null
  if (somethingElse.test(text) || /\d{3,}/.test(text)) return null
  if (items.length === 1) return 0
  return 'ask'
}

/** "EUR 50.00": the way the SQL labels a request, so the chat and the card agree. */
export const priceOf = (item: Pick<Payable, 'amount' | 'currency'>) =>
  `${item.currency.toUpperCase()} ${(item.amount / 100).toFixed(2)}`

interface OfferPhrases {
  booking: string
  paymentMade(item: string): string
  paymentOpen(item: string): string
  paymentWhich(options: string[]): string
}

const list = (options: string[]) => options.map((o) => `• ${o}`).join('\n')

const en: OfferPhrases = {
  booking: 'Happy to set that up! Pick a time that suits you here:',
  paymentMade: (item) => `Here is your payment for ${item}: the Pay button opens a secure Stripe page.`,
  paymentOpen: (item) => `Your payment link for ${item} is still open.`,
  paymentWhich: (o) => `Which would you like to pay?\n${list(o)}`,
}

const byLanguage: Record<string, OfferPhrases> = {
  en,
  de: {
    booking: 'Gern! Wählen Sie hier einen Termin, der Ihnen passt:',
    paymentMade: (item) =>
      `Hier ist Ihre Zahlung für ${item}: Der Bezahlen-Knopf öffnet eine sichere Stripe-Seite.`,
    paymentOpen: (item) => `Ihr Zahlungslink für ${item} ist noch offen.`,
    paymentWhich: (o) => `Was möchten Sie bezahlen?\n${list(o)}`,
  },
  fr: {
    booking: 'Avec plaisir ! Choisissez ici le créneau qui vous convient :',
    paymentMade: (item) =>
      `Voici votre paiement pour ${item} : le bouton Payer ouvre une page Stripe sécurisée.`,
    paymentOpen: (item) => `Votre lien de paiement pour ${item} est toujours ouvert.`,
    paymentWhich: (o) => `Que souhaitez-vous payer ?\n${list(o)}`,
  },
  es: {
    booking: '¡Claro! Elige aquí el horario que mejor te venga:',
    paymentMade: (item) => `Aquí tienes tu pago de ${item}: el botón Pagar abre una página segura de Stripe.`,
    paymentOpen: (item) => `Tu enlace de pago de ${item} sigue abierto.`,
    paymentWhich: (o) => `¿Qué quieres pagar?\n${list(o)}`,
  },
  nl: {
    booking: 'Graag! Kies hier een moment dat u uitkomt:',
    paymentMade: (item) =>
      `Hier is uw betaling voor ${item}: de knop Betalen opent een veilige Stripe-pagina.`,
    paymentOpen: (item) => `Uw betaallink voor ${item} staat nog open.`,
    paymentWhich: (o) => `Wat wilt u betalen?\n${list(o)}`,
  },
  pt: {
    booking: 'Com todo o gosto! Escolha aqui o horário que lhe convém:',
    paymentMade: (item) =>
      `Aqui está o seu pagamento de ${item}: o botão Pagar abre uma página segura da Stripe.`,
    paymentOpen: (item) => `O seu link de pagamento de ${item} continua aberto.`,
    paymentWhich: (o) => `O que deseja pagar?\n${list(o)}`,
  },
  ar: {
    booking: 'بكل سرور! اختر الوقت المناسب لك من هنا:',
    paymentMade: (item) => `هذه دفعتك مقابل ${item}: يفتح زر الدفع صفحة آمنة من Stripe.`,
    paymentOpen: (item) => `رابط الدفع مقابل ${item} لا يزال مفتوحًا.`,
    paymentWhich: (o) => `ما الذي تود دفعه؟\n${list(o)}`,
  },
}

export function offerPhrases(language: string): OfferPhrases {
  return byLanguage[baseLanguage(language)] ?? en
}
