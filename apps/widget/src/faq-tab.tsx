import { useStrings } from './i18n/strings.tsx'
import type { Faq } from './rows.ts'

/** The chatbot's FAQs; one click asks the question in the chat (the bot answers it there). */
export function FaqTab({ faqs, onAsk }: { faqs: Faq[]; onAsk: (question: string) => void }) {
  const t = useStrings()
  if (faqs.length === 0) return <p class="center">{t.noFaqs}</p>
  return (
    <div class="scroll">
      <p id="parley-faq-hint" class="meta hint">
        {t.faqHint}
      </p>
      <ul class="list" aria-label={t.faqList}>
        {faqs.map((faq) => (
          <li key={faq.id}>
            <button
              type="button"
              class="card-button"
              aria-describedby="parley-faq-hint"
              onClick={() => onAsk(faq.question)}
            >
              {faq.question}
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
