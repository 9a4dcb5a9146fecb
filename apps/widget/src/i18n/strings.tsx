import { createContext } from 'preact'
import { useContext, useEffect, useState } from 'preact/hooks'
import { en, type Strings } from './en.ts'
import { loadStrings } from './load.ts'
import { type UiLocale, uiLocale } from './locale.ts'

export const StringsContext = createContext<Strings>(en)

/** The interface strings of the current language (in every component under the widget). */
export const useStrings = () => useContext(StringsContext)

/**
 * Loads the strings for `locale`, keeping the previous language's on screen meanwhile (and English when the
 * chunk cannot be fetched: the chat works in any language).
 */
export function useLoadedStrings(locale: string): { strings: Strings; loaded: UiLocale } {
  const wanted = uiLocale(locale)
  const [state, setState] = useState<{ strings: Strings; loaded: UiLocale }>({ strings: en, loaded: 'en' })
  useEffect(() => {
    let live = true
    loadStrings(wanted).then(
      (strings) => live && setState({ strings, loaded: wanted }),
      () => live && setState({ strings: en, loaded: 'en' }),
    )
    return () => {
      live = false
    }
  }, [wanted])
  return state
}
