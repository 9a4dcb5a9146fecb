'use server'

import { redirect } from 'next/navigation'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { parseForm } from '../lib/form.ts'
import { safePath } from '../lib/safe-path.ts'
import { signInSchema, signUpSchema } from '../lib/schemas.ts'
import { createClient } from '../lib/supabase/server.ts'

export async function signIn(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(signInSchema, formData, ['email'])
  if (!parsed.ok) return parsed.state
  const { email, password, next } = parsed.data
  const supabase = await createClient()
  const { error } = await supabase.auth.signInWithPassword({ email, password })
  if (error) return failure(describeError(error, 'Could not sign you in.'), { values: { email } })
  redirect(safePath(next))
}

export async function signUp(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = parseForm(signUpSchema, formData, ['email', 'fullName'])
  if (!parsed.ok) return parsed.state
  const { fullName, email, password, next } = parsed.data
  const supabase = await createClient()
  const { data, error } = await supabase.auth.signUp({
    email,
    password,
    options: { data: { full_name: fullName } },
  })
  if (error) {
    return failure(describeError(error, 'Could not create your account.'), { values: { email, fullName } })
  }
  // With email confirmations on, sign-up returns no session until the address is confirmed.
  if (!data.session) return success(`Almost there: confirm the link we sent to ${email}, then sign in.`)
  redirect(safePath(next))
}

export async function signOut(formData: FormData): Promise<void> {
  const supabase = await createClient()
  // Local scope: signing out here should not end the user's sessions on other devices.
  await supabase.auth.signOut({ scope: 'local' })
  const next = formData.get('next')
  redirect(typeof next === 'string' && next ? `/login?next=${encodeURIComponent(safePath(next))}` : '/login')
}
