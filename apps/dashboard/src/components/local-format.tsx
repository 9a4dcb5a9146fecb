'use client'

import { useSyncExternalStore } from 'react'

// Dates and numbers in the admin's own locale (the browser's). The server renders English, which the first
// client render repeats (no hydration mismatch); React then re-renders with the browser's locale.
const subscribe = () => () => {}
const browserLocale = () => navigator.language
const serverLocale = () => 'en'

/** The admin's locale: the browser's, or English while rendering on the server. */
export function useAdminLocale(): string {
  return useSyncExternalStore(subscribe, browserLocale, serverLocale)
}

type DateProps = { value: string | number | Date; options: Intl.DateTimeFormatOptions }

/** A date or time, formatted for the admin's locale. */
export function LocalDate({ value, options }: DateProps) {
  const locale = useAdminLocale()
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return null
  return <time dateTime={date.toISOString()}>{new Intl.DateTimeFormat(locale, options).format(date)}</time>
}

/** A number (or an amount, with currency options), formatted for the admin's locale. */
export function LocalNumber({ value, options }: { value: number; options?: Intl.NumberFormatOptions }) {
  const locale = useAdminLocale()
  return <>{new Intl.NumberFormat(locale, options).format(value)}</>
}
