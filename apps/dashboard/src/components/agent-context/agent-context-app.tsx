'use client'

import type { Database } from '@parley/supabase/database'
import { Button, Callout, Flex, Heading, Text } from '@radix-ui/themes'
import { createClient, type Session, type SupabaseClient } from '@supabase/supabase-js'
import { type FormEvent, useEffect, useState } from 'react'
import { TextInput } from '../text-input.tsx'
import {
  type AgentContext,
  agentContextSchema,
  type ConversationRef,
  fetchInfoMessage,
  parseAppContext,
} from './app-context.ts'
import { ContextView } from './context-view.tsx'

let client: SupabaseClient<Database> | undefined

/** One client per frame, its session in this frame's storage: third-party cookies do not reach an iframe. */
function agentClient(url: string, key: string): SupabaseClient<Database> {
  client ??= createClient<Database>(url, key, {
    auth: {
      storageKey: 'parley-chatwoot-app-auth',
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
    },
  })
  return client
}

const couldNotLoad = 'Parley could not load this conversation. Try again.'

type Load =
  | { state: 'idle' | 'loading' }
  | { state: 'none' }
  | { state: 'error'; message: string }
  | {
      state: 'ready'
      context: AgentContext
    }

/**
 * The agent's view of a Chatwoot conversation. Chatwoot's appContext only names the conversation; what is
 * shown comes from agent_context() with the agent's own Parley session, which answers only for stores they
 * belong to. Signed out, the page shows the sign-in form and nothing else.
 */
export function AgentContextApp({ supabaseUrl, anonKey }: { supabaseUrl: string; anonKey: string }) {
  const [supabase] = useState(() => agentClient(supabaseUrl, anonKey))
  const [session, setSession] = useState<Session | null | undefined>(undefined)
  const [conversation, setConversation] = useState<ConversationRef | undefined>()
  const [load, setLoad] = useState<Load>({ state: 'idle' })

  useEffect(() => {
    void supabase.auth.getSession().then(({ data }) => setSession(data.session))
    const { data } = supabase.auth.onAuthStateChange((_event, next) => setSession(next))
    return () => data.subscription.unsubscribe()
  }, [supabase])

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return
      const ref = parseAppContext(event.data)
      if (ref) setConversation(ref)
    }
    window.addEventListener('message', onMessage)
    if (window.parent !== window) window.parent.postMessage(fetchInfoMessage, '*')
    return () => window.removeEventListener('message', onMessage)
  }, [])

  const userId = session?.user.id
  useEffect(() => {
    if (!userId || !conversation) return
    let cancelled = false
    setLoad({ state: 'loading' })
    void supabase
      .rpc('agent_context', {
        p_chatwoot_account_id: conversation.accountId,
        p_conversation_id: conversation.conversationId,
      })
      .then(({ data, error }) => {
        if (cancelled) return
        const context = data ? agentContextSchema.safeParse(data) : undefined
        if (error || context?.success === false) setLoad({ state: 'error', message: couldNotLoad })
        else if (!context) setLoad({ state: 'none' })
        else setLoad({ state: 'ready', context: context.data })
      })
    return () => {
      cancelled = true
    }
  }, [supabase, userId, conversation])

  return (
    <main id="main" style={{ padding: 12, maxWidth: 480 }}>
      {session === undefined ? null : !session ? (
        <SignIn supabase={supabase} />
      ) : (
        <Flex direction="column" gap="3">
          <Flex justify="between" align="center">
            <Text size="1" color="gray" data-testid="signed-in-as">
              {session.user.email}
            </Text>
            <Button size="1" variant="ghost" onClick={() => void supabase.auth.signOut()}>
              Sign out
            </Button>
          </Flex>
          {!conversation ? (
            <Text size="2" color="gray">
              Open a conversation in Chatwoot to see what Parley knows about it.
            </Text>
          ) : load.state === 'ready' ? (
            <ContextView context={load.context} client={supabase} />
          ) : load.state === 'none' ? (
            <Text size="2" color="gray" data-testid="no-context">
              Parley has nothing for this conversation in your stores.
            </Text>
          ) : load.state === 'error' ? (
            <Callout.Root color="red" role="alert">
              <Callout.Text>{load.message}</Callout.Text>
            </Callout.Root>
          ) : (
            <Text size="2" color="gray">
              Loading…
            </Text>
          )}
        </Flex>
      )}
    </main>
  )
}

function SignIn({ supabase }: { supabase: SupabaseClient<Database> }) {
  const [error, setError] = useState<string | undefined>()
  const [pending, setPending] = useState(false)
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    setPending(true)
    setError(undefined)
    const { error } = await supabase.auth.signInWithPassword({
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    })
    setPending(false)
    if (error)
      setError(error.message === 'Invalid login credentials' ? 'Wrong email or password.' : error.message)
  }
  return (
    <form onSubmit={submit} noValidate>
      <Flex direction="column" gap="3">
        <Heading as="h1" size="4">
          Sign in to Parley
        </Heading>
        <Text size="2" color="gray">
          Sign in with your Parley account to see the visitor's context for this conversation.
        </Text>
        {error && (
          <Callout.Root color="red" role="alert">
            <Callout.Text>{error}</Callout.Text>
          </Callout.Root>
        )}
        <TextInput name="email" label="Email" type="email" autoComplete="email" required />
        <TextInput
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
        <Button type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </Flex>
    </form>
  )
}
