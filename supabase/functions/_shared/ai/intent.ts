// Intent from patterns, English and German; the first rule that matches wins, so the order matters
// (asking for a human beats a complaint, which beats an order question).
import type { Intent } from './types.ts'

const rules: [Intent, RegExp][] = [
  [
    'human_request',
    /\b(humans?|real person|live (agent|chat|person)|agent|operator|representative|customer service|(talk|speak|chat) (to|with) (a |an |some |your )?(one|person|people|someone|somebody|team|manager|staff)|mensch(en)?|mitarbeiter(in)?|echte[nrm]? person|kundenservice|berater(in)?|mit jemandem (sprechen|reden))\b/i,
  ],
  [
    'complaint',
    /\b(complain|complaint|unacceptable|ridiculous|terrible|awful|worst|disappointed|broken|damaged|defective|scam|beschwerde|beschweren|unverschämt|frechheit|kaputt|beschädigt|defekt|enttäuscht)\b/i,
  ],
  [
    'order_status',
    /\b(where is my (order|parcel|package)|order status|track(ing)?|my (order|parcel|package|delivery)|not (arrived|received)|hasn't arrived|bestellung|sendung|paket|lieferstatus|sendungsverfolgung|wo bleibt)\b|#\s?[a-z]?-?\d{4,}/i,
  ],
  [
    'return_request',
    /\b(return|send (it )?back|refund|exchange|money back|rücksend|zurücksenden|umtausch|erstattung|retoure)\w*/i,
  ],
  ['shipping', /\b(ship|shipping|deliver|delivery|courier|express|versand|lieferung|liefern|zustellung)\w*/i],
  ['sizing', /\b(size|sizing|fit|fits|too (small|big|large)|measure|größe|grösse|passt|passform|nummer)\w*/i],
  [
    'pricing',
    /\b(price|cost|costs|how much|discount|coupon|voucher|bulk|quote|preis|kosten|kostet|rabatt|gutschein)\b/i,
  ],
  [
    'product_advice',
    /\b(recommend|which (one|tent|boot|jacket|backpack)|best for|suggest|empfehl\w*|welche[nrs]?)\b/i,
  ],
  ['thanks', /^\W*(thanks|thank you|thx|cheers|danke|vielen dank|merci)\b/i],
  [
    'greeting',
    /^\W*(hi|hello|hey|hallo|servus|moin|guten (tag|morgen|abend)|good (morning|afternoon|evening))\b\W*$/i,
  ],
  ['affirmation', /^\W*(yes|yeah|yep|sure|ok(ay)?|please|yes please|ja|gerne|bitte|ja bitte|klar)\W*$/i],
  [
    'question',
    /\?|^\s*(how|what|when|where|why|who|which|can|could|do|does|is|are|will|wie|was|wann|wo|warum|wer|welche|kann|können|gibt)\b/i,
  ],
]

/** The visitor's intent for one message. */
export function intent(text: string): Intent {
  for (const [name, pattern] of rules) if (pattern.test(text)) return name
  return 'other'
}
