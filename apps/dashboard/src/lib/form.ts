import { z } from 'zod'
import { type ActionState, failure } from './action-state.ts'

type Parsed<T> = { ok: true; data: T } | { ok: false; state: ActionState }

/**
 * Validates a submitted form against a zod schema. On failure returns the state the form shows: one
 * message per field plus the submitted non-secret values so the user does not retype them.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  keep: string[] = [],
): Parsed<z.infer<S>> {
  const raw = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string'))
  const result = schema.safeParse(raw)
  if (result.success) return { ok: true, data: result.data }
  const values = Object.fromEntries(keep.map((k) => [k, String(raw[k] ?? '')]))
  return {
    ok: false,
    state: failure('Please fix the highlighted fields.', {
      fieldErrors: z.flattenError(result.error).fieldErrors as Record<string, string[]>,
      values,
    }),
  }
}
