import { randomUUID } from 'node:crypto'

type Meta = Record<string, unknown> & { phx_ref: string }
export type PresenceMap = Record<string, { metas: Meta[] }>
export interface PresenceDiff {
  joins: PresenceMap
  leaves: PresenceMap
}

/**
 * Phoenix.Presence for one node: per topic, who tracks what under which key. Each tracker (a joined channel)
 * holds at most one meta; re-tracking replaces it (a leave of the old meta plus a join with `phx_ref_prev`).
 */
export class PresenceRegistry<Tracker> {
  private readonly topics = new Map<string, Map<Tracker, { key: string; meta: Meta }>>()

  state(topic: string): PresenceMap {
    const state: PresenceMap = {}
    for (const { key, meta } of this.topics.get(topic)?.values() ?? []) {
      const entry = state[key] ?? { metas: [] }
      entry.metas.push(meta)
      state[key] = entry
    }
    return state
  }

  track(topic: string, tracker: Tracker, key: string, fields: Record<string, unknown>): PresenceDiff {
    const entries = this.topics.get(topic) ?? new Map<Tracker, { key: string; meta: Meta }>()
    this.topics.set(topic, entries)
    const previous = entries.get(tracker)
    const meta: Meta = { ...fields, phx_ref: phxRef() }
    if (previous) meta.phx_ref_prev = previous.meta.phx_ref
    entries.set(tracker, { key, meta })
    return {
      joins: { [key]: { metas: [meta] } },
      leaves: previous ? { [previous.key]: { metas: [previous.meta] } } : {},
    }
  }

  /** Removes the tracker's meta; undefined when it tracked nothing. */
  untrack(topic: string, tracker: Tracker): PresenceDiff | undefined {
    const entries = this.topics.get(topic)
    const previous = entries?.get(tracker)
    if (!entries || !previous) return undefined
    entries.delete(tracker)
    if (entries.size === 0) this.topics.delete(topic)
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } }
  }
}

/** Phoenix refs are opaque strings; a short random one is enough to tell metas apart. */
function phxRef(): string {
  return Buffer.from(randomUUID().replaceAll('-', '').slice(0, 16), 'hex').toString('base64url')
}
