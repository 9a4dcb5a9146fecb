import { useState } from 'preact/hooks'
import { useStrings } from './i18n/strings.tsx'

/** The chatbot's consent text (`texts`: per language; `text`: its first language's), from `widget_consent`. */
export type ConsentAsk = { required: boolean; text: string; texts?: Record<string, string>; version: number }

/** `text`: the consent text in the visitor's language (visitor-locale.ts). */
type Props = { ask: ConsentAsk; text: string; onAccept: (version: number) => Promise<void> }

/**
 * The chatbot's consent text, shown before anything is stored: the visitor is signed in (which writes this
 * frame's storage) only once they accept, and the function records the version they saw. Shown again when
 * the server refuses with consent_required (the text changed while the chat was open).
 */
export function ConsentScreen({ ask, text, onAccept }: Props) {
  const t = useStrings()
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const accept = () => {
    setBusy(true)
    setFailed(false)
    onAccept(ask.version).catch(() => {
      setBusy(false)
      setFailed(true)
    })
  }
  return (
    <section class="center consent" aria-labelledby="consent-heading" data-testid="consent">
      <h2 id="consent-heading">{t.consentTitle}</h2>
      <p>{text}</p>
      {failed ? <p role="alert">{t.consentFailed}</p> : null}
      <button type="button" class="send-button" disabled={busy} onClick={accept}>
        {t.consentAccept}
      </button>
    </section>
  )
}
