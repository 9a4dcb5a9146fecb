import { en, type Strings } from './en.ts'
import type { UiLocale } from './locale.ts'

// One chunk per language, fetched only when a visitor gets that language.
const modules: Record<Exclude<UiLocale, 'en'>, () => Promise<{ strings: Strings }>> = {
  de: () => import('./locales/de.ts'),
  fr: () => import('./locales/fr.ts'),
  es: () => import('./locales/es.ts'),
  nl: () => import('./locales/nl.ts'),
  pt: () => import('./locales/pt.ts'),
  ar: () => import('./locales/ar.ts'),
}

export async function loadStrings(locale: UiLocale): Promise<Strings> {
  if (locale === 'en') return en
  return (await modules[locale]()).strings
}
