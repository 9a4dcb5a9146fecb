'use server'

import { redirect } from 'next/navigation'
import { z } from 'zod'
import { createClient } from '../lib/supabase/server.ts'

const checkoutSchema = z.object({ storeId: z.uuid(), planId: z.string().min(1).max(40) })
const portalSchema = z.object({ storeId: z.uuid() })

/** The billing function's answer: a Stripe page to go to, or a sentence saying why not. */
async function stripePage(body: Record<string, string>): Promise<{ url: string } | { error: string }> {
  const supabase = await createClient()
  const { data, error } = await supabase.functions.invoke<{ url: string }>('billing', { body })
  if (!error && data?.url) return { url: data.url }
  const context = (error as { context?: Response } | null)?.context
  const reply = context ? await context.json().catch(() => null) : null
  return {
    error:
      typeof reply?.message === 'string' ? reply.message : 'Stripe could not be reached. Please try again.',
  }
}

const back = (storeId: string, error: string) =>
  redirect(`/stores/${storeId}/billing?error=${encodeURIComponent(error)}`)

/** Owners: Stripe Checkout for a paid plan (the billing function checks the role). */
export async function startCheckout(formData: FormData): Promise<void> {
  const parsed = checkoutSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return
  const page = await stripePage({
    action: 'checkout',
    store_id: parsed.data.storeId,
    plan_id: parsed.data.planId,
  })
  if ('error' in page) back(parsed.data.storeId, page.error)
  else redirect(page.url)
}

/** Owners: the Stripe Customer Portal (change plan, card, cancel; invoices). */
export async function openPortal(formData: FormData): Promise<void> {
  const parsed = portalSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return
  const page = await stripePage({ action: 'portal', store_id: parsed.data.storeId })
  if ('error' in page) back(parsed.data.storeId, page.error)
  else redirect(page.url)
}
