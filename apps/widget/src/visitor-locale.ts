// The visitor's language in the iframe (see i18n/locale.ts for the order of choice), applied to the frame's
// document (lang, and dir so the layout mirrors for Arabic), and the store's content in that language.
import { useEffect, useMemo } from 'preact/hooks'
import { baseLanguage, chooseLocale, direction } from './i18n/locale.ts'
import { localized } from './i18n/localized.ts'
import type { Faq, WidgetConfig } from './rows.ts'

export function useVisitorLocale(
  chatbotLanguages: readonly string[] | null | undefined,
  host: { requested?: string | undefined; pageLang?: string | undefined },
): string {
  const locale = useMemo(
    () =>
      chooseLocale({
        requested: host.requested,
        chatbotLanguages,
        pageLang: host.pageLang,
        browser: typeof navigator === 'undefined' ? [] : navigator.languages,
      }),
    [chatbotLanguages, host.requested, host.pageLang],
  )
  useEffect(() => {
    document.documentElement.lang = locale
    document.documentElement.dir = direction(locale)
  }, [locale])
  return locale
}

/** The greeting in the visitor's language; `greeting` is the one in the chatbot's first language. */
export function greetingFor(chatbot: WidgetConfig['chatbot'], locale: string): string {
  const main = baseLanguage(chatbot.languages[0]) || 'en'
  const greetings = (chatbot.greetings ?? {}) as Record<string, string>
  return localized({ ...greetings, [main]: chatbot.greeting }, locale, main)
}

/** The consent text in the visitor's language; `text` is the one in the chatbot's first language. */
export function consentTextFor(
  ask: { text: string; texts?: Record<string, string> },
  locale: string,
  languages: readonly string[],
): string {
  const main = baseLanguage(languages[0]) || 'en'
  return localized({ ...(ask.texts ?? {}), [main]: ask.text }, locale, main)
}

/** The FAQs written in the visitor's language, or those in the chatbot's first language when there are none. */
export function faqsFor(faqs: Faq[], locale: string, languages: readonly string[]): Faq[] {
  const own = faqs.filter((f) => baseLanguage(f.language) === locale)
  if (own.length) return own
  const main = baseLanguage(languages[0]) || 'en'
  return faqs.filter((f) => !f.language || baseLanguage(f.language) === main)
}
