// Undo and redo for the builder: snapshots of the graph at each change the admin made (a step added,
// moved, configured, linked or removed). Moves while dragging and selection are not changes.

export interface History<T> {
  past: T[]
  present: T
  future: T[]
}

const LIMIT = 100

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] })

/** A change: the present becomes undoable, and what was undone cannot be redone any more. */
export function commit<T>(h: History<T>, next: T): History<T> {
  if (Object.is(next, h.present)) return h
  return { past: [...h.past, h.present].slice(-LIMIT), present: next, future: [] }
}

/** Replaces the present without a history entry (a drag in progress, a measurement). */
export const replace = <T>(h: History<T>, next: T): History<T> => ({ ...h, present: next })

/** Marks the present as a point to come back to before a change made of many updates (a drag). */
export const checkpoint = <T>(h: History<T>): History<T> => ({
  past: [...h.past, h.present].slice(-LIMIT),
  present: h.present,
  future: [],
})

export function undo<T>(h: History<T>): History<T> {
  const previous = h.past.at(-1)
  if (previous === undefined) return h
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] }
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future
  if (next === undefined) return h
  return { past: [...h.past, h.present], present: next, future: rest }
}
