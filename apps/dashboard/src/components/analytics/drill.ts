import type { Database } from '@parley/supabase/database'

export type FactKind = Database['public']['Enums']['analytics_event_kind']

/** What a click on a chart asks for: the conversations with these facts (on a day, of an intent or agent). */
export type Drill = {
  title: string
  kinds: readonly FactKind[]
  day?: string
  intent?: string
  agent?: string
}

export type OpenDrill = (drill: Drill) => void
