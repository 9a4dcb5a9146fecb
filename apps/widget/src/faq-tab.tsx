import type { Faq } from './rows.ts'

/** The chatbot's FAQs; one click asks the question in the chat (the bot answers it there). */
export function FaqTab({ faqs, onAsk }: { faqs: Faq[]; onAsk: (question: string) => void }) {
  if (faqs.length === 0) return <p class="center">No frequently asked questions yet.</p>
  return (
    <div class="scroll">
      <p id="parley-faq-hint" class="meta hint">
        Pick a question to ask it in the chat.
      </p>
      <ul class="list" aria-label="Frequently asked questions">
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
