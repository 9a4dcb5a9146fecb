import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useStrings } from './i18n/strings.tsx'

/**
 * A component whose code is a separate chunk, fetched the first time it is shown (or earlier, by
 * `preload`). The FAQ and History tabs are such: the first open of the chat downloads only the Chat tab.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined
  let loading: Promise<unknown> | undefined
  const preload = () => {
    loading ??= load().then(
      (component) => {
        loaded = component
      },
      (error: unknown) => {
        loading = undefined // offline, say: the next attempt fetches it again
        throw error
      },
    )
    return loading
  }
  function Lazy(props: P) {
    const t = useStrings()
    const [failed, setFailed] = useState(false)
    const [, setReady] = useState(false)
    useEffect(() => {
      if (!loaded)
        preload().then(
          () => setReady(true),
          () => setFailed(true),
        )
    }, [])
    if (loaded) {
      const Component = loaded
      return <Component {...props} />
    }
    return (
      <p class="center" role={failed ? 'alert' : undefined}>
        {failed ? t.sectionFailed : t.loading}
      </p>
    )
  }
  return Object.assign(Lazy, { preload })
}
