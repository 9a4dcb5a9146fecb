// Which language the widget speaks to a visitor. In order: what the host page asked for with
// `$parley.setLocale`; else the page's `lang` or the browser's languages, the first one the chatbot speaks;
// else the chatbot's first language. The interface has strings for UI_LOCALES (English otherwise).

export const UI_LOCALES = ['en', 'de', 'fr', 'es', 'nl', 'pt', 'ar'] as const
export type UiLocale = (typeof UI_LOCALES)[number]

const RTL = new Set(['ar', 'he', 'fa', 'ur'])

/** 'de-AT' -> 'de'; anything that is not a language tag -> ''. */
export function baseLanguage(tag: string | null | undefined): string {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? ''
  return /^[a-z]{2,3}$/.test(base) ? base : ''
}

export type LocaleInputs = {
  /** `$parley.setLocale(...)` */
  requested?: string | null
  /** the chatbot's languages, first is its main one */
  chatbotLanguages?: readonly string[] | null
  /** the host page's `<html lang>` */
  pageLang?: string | null
  /** navigator.languages */
  browser?: readonly string[] | null
}

/** The visitor's language (ISO 639-1, possibly one the interface has no strings for). */
export function chooseLocale({ requested, chatbotLanguages, pageLang, browser }: LocaleInputs): string {
  const explicit = baseLanguage(requested)
  if (explicit) return explicit
  const spoken = (chatbotLanguages ?? []).map(baseLanguage).filter(Boolean)
  for (const candidate of [pageLang, ...(browser ?? [])]) {
    const base = baseLanguage(candidate)
    if (base && spoken.includes(base)) return base
  }
  return spoken[0] ?? 'en'
}

/** The locale whose interface strings to show. */
export function uiLocale(locale: string): UiLocale {
  return (UI_LOCALES as readonly string[]).includes(locale) ? (locale as UiLocale) : 'en'
}

export function direction(locale: string): 'rtl' | 'ltr' {
  return RTL.has(baseLanguage(locale)) ? 'rtl' : 'ltr'
}
