// Text a store writes per language (greeting, FAQ, form labels, persona templates): a plain string, or a
// map keyed by language ({"en": "Name", "de": "Name", "fr": "Nom"}). The visitor's language wins, then its
// base ('de' for 'de-AT'), then the fallback language, then any.

export type LocalizedText = string | Readonly<Record<string, string>> | null | undefined

export function localized(value: LocalizedText, locale: string, fallbackLocale = 'en'): string {
  if (typeof value === 'string') return value
  if (!value || typeof value !== 'object') return ''
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? ''
  const pick = (key: string) => {
    const text = value[key]
    return typeof text === 'string' && text.trim() ? text : undefined
  }
  return (
    pick(locale) ??
    pick(base) ??
    pick(fallbackLocale) ??
    Object.values(value).find((v) => typeof v === 'string' && v.trim()) ??
    ''
  )
}
