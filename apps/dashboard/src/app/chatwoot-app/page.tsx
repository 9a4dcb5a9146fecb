import type { Metadata } from 'next'
import { AgentContextApp } from '../../components/agent-context/agent-context-app.tsx'
import { supabaseAnonKey, supabaseUrl } from '../../lib/env.ts'

export const metadata: Metadata = { title: 'Parley for Chatwoot', robots: { index: false, follow: false } }

/**
 * The Chatwoot Dashboard App: Chatwoot shows this page in an iframe beside a conversation. The agent signs in
 * to Parley inside the frame; nothing is shown before that (Chatwoot's appContext message is unauthenticated).
 */
export default function ChatwootAppPage() {
  return <AgentContextApp supabaseUrl={supabaseUrl} anonKey={supabaseAnonKey} />
}
