'use client'

import { useEffect } from 'react'
import { type LiveStatus, useLiveChannel } from '../../lib/realtime.ts'

/**
 * The store's live channel: the database pings `store:<id>` (a broadcast with no content) when facts arrive.
 * Its own module, loaded after the first view: it brings supabase-js, a third of the page's JavaScript.
 */
export function AnalyticsLive({
  storeId,
  onPing,
  onStatus,
}: {
  storeId: string
  /** A fact arrived, or the channel (re)joined after missing some. */
  onPing: () => void
  onStatus: (status: LiveStatus) => void
}) {
  const status = useLiveChannel(
    `store:${storeId}`,
    (channel) => channel.on('broadcast', { event: 'analytics' }, onPing),
    onPing,
  )
  useEffect(() => onStatus(status), [status, onStatus])
  return null
}
