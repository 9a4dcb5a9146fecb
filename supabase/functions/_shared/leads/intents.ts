// What a line says about buying: the intents lead rules can score. Several may hold at once ("a quote for
// 40 pairs" is a purchase and a bulk order), unlike the one intent the responder answers.
export const LEAD_INTENTS = ['purchase', 'bulk_order', 'demo_request', 'pricing', 'complaint'] as const
export type LeadIntent = (typeof LEAD_INTENTS)[number]

const patterns: Record<LeadIntent, RegExp> = {
  purchase:
    /\b(buy|purchase|checkout|place an order|in stock|available|apply|mortgage|loan|kaufen|bestellen|verfügbar|acheter|commander|comprar|kopen|bestellen)\b/i,
  bulk_order:
    /\b(bulk|wholesale|company|business|corporate|team order|for our team|\d{2,} ?(pieces|units|pairs|items|stück|paar))\b/i,
  demo_request:
    /\b(demo|call me|call back|callback|appointment|meeting|consultation|rückruf|termin|beratung)\b/i,
  pricing:
    /\b(price|prices|cost|quote|offer|discount|rate|rates|how much|preis|kosten|angebot|prix|precio)\b/i,
  complaint: /\b(broken|damaged|refund|complaint|terrible|awful|never again|kaputt|beschwerde)\b/i,
}

export function leadIntents(text: string): LeadIntent[] {
  return LEAD_INTENTS.filter((name) => patterns[name].test(text))
}
