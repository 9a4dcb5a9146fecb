// Whether the chatbot's pre-chat form comes before this conversation, read from widget_config without the
// form's schema (zod loads with the form itself, only when it is shown).
export type PrechatPlan = { due: boolean; blocking: boolean }

export function prechatPlan(stored: unknown, visitor: { returning: boolean }): PrechatPlan {
  const form = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
  const hasFields = Array.isArray(form.fields) && form.fields.length > 0
  const show = form.show ?? (form.enabled === true ? 'always' : 'never')
  const due = hasFields && (show === 'always' || (show === 'new_visitors' && !visitor.returning))
  return { due, blocking: form.blocking !== false }
}
