// A store owner's way to Stripe (verify_jwt = true):
//   POST /functions/v1/billing {action: 'checkout', store_id, plan_id} -> {url}  Stripe Checkout for a plan
//   POST /functions/v1/billing {action: 'portal', store_id}            -> {url}  the Customer Portal
// Only owners (admins see the billing page read-only). Checkout is in subscription mode, reuses the store's
// Stripe customer (made once, under an idempotency key, and remembered), and carries the store as
// client_reference_id and subscription metadata, which is how stripe-webhook finds the store. A store that
// already pays is sent to the Portal to change plans, so it never holds two subscriptions.
import { z } from 'zod'
import { stripeClient } from '../_shared/billing/stripe.ts'
import { dashboardUrl } from '../_shared/dashboard-url.ts'
import { errorResponse, json, preflight } from '../_shared/http.ts'
import { clientForCaller, serviceClient } from '../_shared/supabase.ts'

const Input = z.discriminatedUnion('action', [
  z.object({ action: z.literal('checkout'), store_id: z.uuid(), plan_id: z.string().min(1).max(40) }),
  z.object({ action: z.literal('portal'), store_id: z.uuid() }),
])
const Overview = z.object({ role: z.enum(['owner', 'admin']) })

async function handle(req: Request): Promise<Response> {
  if (req.method === 'OPTIONS') return preflight()
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST only')
  let raw: unknown
  try {
    raw = await req.json()
  } catch {
    return errorResponse(400, 'invalid_json', 'The request body is not valid JSON')
  }
  const input = Input.safeParse(raw)
  if (!input.success) return errorResponse(400, 'invalid_request', z.prettifyError(input.error))
  const storeId = input.data.store_id

  // Who is asking: billing_overview runs as the caller and answers only owners and admins of the store.
  const overview = await clientForCaller(req).rpc('billing_overview', { p_store: storeId })
  const role = Overview.safeParse(overview.data)
  if (overview.error || !role.success) return errorResponse(404, 'not_found', 'No such store among yours')
  if (role.data.role !== 'owner')
    return errorResponse(403, 'owners_only', 'Only the store’s owners can change its plan or billing')

  const stripe = stripeClient((name) => Deno.env.get(name))
  if (!stripe) return errorResponse(503, 'not_configured', 'Billing is not configured (STRIPE_SECRET_KEY)')
  const db = serviceClient()
  const sub = await db
    .from('store_subscriptions')
    .select('plan_id, status, stripe_customer_id, stripe_subscription_id')
    .eq('store_id', storeId)
    .single()
  if (sub.error) throw new Error(`reading the subscription: ${sub.error.message}`)
  const returnUrl = `${dashboardUrl()}/stores/${storeId}/billing`

  if (input.data.action === 'portal') {
    if (!sub.data.stripe_customer_id)
      return errorResponse(
        409,
        'no_customer',
        'This store has not subscribed through Stripe yet: choose a plan first',
      )
    const portal = await stripe.billingPortal.sessions.create({
      customer: sub.data.stripe_customer_id,
      return_url: returnUrl,
    })
    return json({ url: portal.url })
  }

  const paying =
    sub.data.stripe_subscription_id && ['active', 'trialing', 'past_due'].includes(sub.data.status)
  if (paying)
    return errorResponse(
      409,
      'already_subscribed',
      'This store already has a subscription: change plans under Manage billing',
    )
  const plan = await db
    .from('plans')
    .select('id, name, price_lookup_key')
    .eq('id', input.data.plan_id)
    .eq('active', true)
    .maybeSingle()
  if (plan.error) throw new Error(`reading the plan: ${plan.error.message}`)
  if (!plan.data?.price_lookup_key) return errorResponse(400, 'invalid_plan', 'Choose a paid plan')
  const prices = await stripe.prices.list({ lookup_keys: [plan.data.price_lookup_key], active: true })
  const price = prices.data[0]
  if (!price)
    return errorResponse(
      503,
      'price_missing',
      `Stripe has no active price with the lookup key ${plan.data.price_lookup_key}`,
    )

  let customer = sub.data.stripe_customer_id
  if (!customer) {
    const store = await db.from('stores').select('name').eq('id', storeId).single()
    if (store.error) throw new Error(`reading the store: ${store.error.message}`)
    // Checkout asks for the customer's email and will not go on without one: the owner's, filled in.
    const token = (req.headers.get('Authorization') ?? '').replace(/^Bearer\s+/i, '')
    const caller = await clientForCaller(req).auth.getUser(token)
    const email = caller.data.user?.email
    // one customer per store, however many clicks race here
    const created = await stripe.customers.create(
      { name: store.data.name, ...(email ? { email } : {}), metadata: { store_id: storeId } },
      { idempotencyKey: `customer:${storeId}` },
    )
    const saved = await db
      .from('store_subscriptions')
      .update({ stripe_customer_id: created.id })
      .eq('store_id', storeId)
      .is('stripe_customer_id', null)
    if (saved.error) throw new Error(`saving the customer: ${saved.error.message}`)
    customer = created.id
  }
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: storeId,
    line_items: [{ price: price.id, quantity: 1 }],
    subscription_data: { metadata: { store_id: storeId, plan_id: plan.data.id } },
    metadata: { store_id: storeId, plan_id: plan.data.id },
    success_url: `${returnUrl}?checkout=success`,
    cancel_url: `${returnUrl}?checkout=canceled`,
  })
  return json({ url: session.url })
}

Deno.serve(async (req) => {
  try {
    return await handle(req)
  } catch (error) {
    console.error(error)
    return errorResponse(
      502,
      'stripe_unavailable',
      'Stripe could not be reached. Please try again in a minute.',
    )
  }
})
