import './widget.css'
import { render } from 'preact'
import { createBackend } from './backend.ts'
import { browserStorage } from './outbox.ts'
import { Widget } from './widget.tsx'

// The iframe page (serve.ts) names the chatbot and the Supabase project on its root element.
const root = document.getElementById('parley')
const { publicId, supabaseUrl, anonKey } = root?.dataset ?? {}
if (root && publicId && supabaseUrl && anonKey) {
  const storage = browserStorage()
  render(
    <Widget publicId={publicId} backend={createBackend(supabaseUrl, anonKey, storage)} storage={storage} />,
    root,
  )
}
