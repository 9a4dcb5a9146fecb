'use client'

import type { PartStatus, StoreHealth } from '@parley/supabase/health'
import { FunctionsHttpError } from '@supabase/supabase-js'
import useSWR from 'swr'
import { browserClient } from './realtime.ts'

/** How often an open store page asks again (and on focus, and when the browser comes back online). */
export const HEALTH_POLL_MS = 10_000

/**
 * The store's health from the `health` function (`?store=<id>` as the signed-in member), polled while the
 * page is visible. Every component that reads it shares one request (SWR dedupes by key), so the Chatwoot
 * card and the status panel always show the same answer.
 */
export function useStoreHealth(storeId: string) {
  return useSWR(['store-health', storeId], ([, id]) => fetchStoreHealth(id), {
    refreshInterval: HEALTH_POLL_MS,
    keepPreviousData: true,
    shouldRetryOnError: false, // the next poll is the retry
  })
}

async function fetchStoreHealth(storeId: string): Promise<StoreHealth> {
  const { data, error } = await browserClient().functions.invoke<StoreHealth>(
    `health?store=${encodeURIComponent(storeId)}`,
    { method: 'GET' },
  )
  if (error) {
    const body =
      error instanceof FunctionsHttpError ? await error.context.json().catch(() => undefined) : undefined
    throw new Error(body?.message ?? 'Parley could not be reached. Check your connection.')
  }
  if (!data) throw new Error('The status came back empty.')
  return data
}

/** A status as words and a colour, never a colour alone. */
export const statusWords: Record<PartStatus, { label: string; color: 'green' | 'amber' | 'red' }> = {
  ok: { label: 'Working', color: 'green' },
  degraded: { label: 'Degraded', color: 'amber' },
  down: { label: 'Down', color: 'red' },
}

/** "12 s", "3 min", "2 h": how long something has waited. */
export function waited(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds / 3600)} h`
}

const timeFormat = new Intl.DateTimeFormat('en', { timeStyle: 'medium' })

export const clockTime = (iso: string) => timeFormat.format(new Date(iso))

/** The store's Chatwoot connection in a sentence. */
export function chatwootSentence(chatwoot: StoreHealth['store']['chatwoot']): string {
  const account = chatwoot.account_status
  if (account === 'failed')
    return 'Setting up the Chatwoot account failed: handoffs cannot reach people until it is retried.'
  if (account === 'deleted') return 'The Chatwoot account was deleted.'
  if (account === 'suspended') return 'The Chatwoot account is suspended with the store.'
  if (account === 'pending' || account === 'provisioning' || account === null)
    return 'The Chatwoot account is being set up; human handoff works once it is active.'
  if (chatwoot.reachable === 'down')
    return 'Chatwoot is not answering. Handoffs and messages wait in Parley and are delivered when it is back; visitors are offered your fallback contact meanwhile.'
  if (chatwoot.paused_until)
    return `Chatwoot failed several times in a row, so Parley paused sending to it until ${clockTime(chatwoot.paused_until)}; nothing is lost.`
  if (chatwoot.reachable === 'degraded') return 'Chatwoot answers but reports trouble of its own.'
  return 'Connected: handoffs reach your agents in Chatwoot.'
}
