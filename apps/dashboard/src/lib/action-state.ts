/** What every form's server action returns to its form: a message for the form and one per field. */
export type ActionState = {
  status: 'idle' | 'error' | 'success'
  message?: string
  fieldErrors?: Record<string, string[] | undefined>
  /** Non-secret values to put back into the form after a failed submit (never passwords). */
  values?: Record<string, string>
  /** A secret Parley made for the user, shown by the form this once and never sent again. */
  oneTimeSecret?: string
}

export const idle: ActionState = { status: 'idle' }

export const failure = (
  message: string,
  extra: Omit<ActionState, 'status' | 'message'> = {},
): ActionState => ({
  status: 'error',
  message,
  ...extra,
})

export const success = (message: string): ActionState => ({ status: 'success', message })
