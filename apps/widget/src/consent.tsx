import { useState } from 'preact/hooks'

export type ConsentAsk = { required: boolean; text: string; version: number }

type Props = { ask: ConsentAsk; onAccept: (version: number) => Promise<void> }

/**
 * The chatbot's consent text, shown before anything is stored: the visitor is signed in (which writes this
 * frame's storage) only once they accept, and the function records the version they saw.
 */
export function ConsentScreen({ ask, onAccept }: Props) {
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
    <section class="center consent" aria-labelledby="consent-heading">
      <h2 id="consent-heading">Before we chat</h2>
      <p>{ask.text}</p>
      {failed ? <p role="alert">Your answer could not be saved. Please try again.</p> : null}
      <button type="button" class="send-button" disabled={busy} onClick={accept}>
        Accept and chat
      </button>
    </section>
  )
}
