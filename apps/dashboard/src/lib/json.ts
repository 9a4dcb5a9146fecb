import type { Json } from '@parley/supabase/database'

/** The keys of a jsonb value that should hold an object; anything else (old or hand-edited data) has none. */
export const jsonObject = (value: Json | undefined): { [key: string]: Json | undefined } =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {}
