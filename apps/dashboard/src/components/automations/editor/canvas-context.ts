'use client'

import type { Issue } from '@parley/supabase/automations'
import { createContext, useContext } from 'react'

/** What every step on the canvas reads besides its own data: its problems and a run's path over it. */
export interface CanvasState {
  issues: ReadonlyMap<string, Issue[]>
  /** Steps of the run being watched, by node id: the last status each reached. */
  path: ReadonlyMap<string, string>
  readOnly: boolean
}

export const CanvasContext = createContext<CanvasState>({
  issues: new Map(),
  path: new Map(),
  readOnly: true,
})
export const useCanvas = () => useContext(CanvasContext)
