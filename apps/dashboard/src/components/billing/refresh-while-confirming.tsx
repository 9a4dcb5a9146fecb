'use client'

import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/**
 * Back from Checkout, the plan changes when Stripe's webhook arrives (usually within seconds): the page
 * reloads its data every 2 s for up to a minute until it does.
 */
export function RefreshWhileConfirming() {
  const router = useRouter()
  useEffect(() => {
    const started = Date.now()
    const timer = setInterval(() => {
      if (Date.now() - started > 60_000) clearInterval(timer)
      else router.refresh()
    }, 2000)
    return () => clearInterval(timer)
  }, [router])
  return null
}
