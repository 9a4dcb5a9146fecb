'use client'
import type { Faq } from './config.ts'
import styles from './widget.module.css'

/** The chatbot's FAQs; one click asks the question in the chat (the bot answers it there). */
export function FaqTab({ faqs, onAsk }: { faqs: Faq[]; onAsk: (question: string) => void }) {
  if (faqs.length === 0) return <p className={styles.center}>No frequently asked questions yet.</p>
  return (
    <div className={styles.scroll}>
      <p id="parley-faq-hint" className={styles.meta} style={{ marginTop: 0 }}>
        Pick a question to ask it in the chat.
      </p>
      <ul className={styles.list} aria-label="Frequently asked questions">
        {faqs.map((faq) => (
          <li key={faq.id}>
            <button
              type="button"
              className={styles.faqAsk}
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
