/**
 * The visitor's messages that are not stored yet, kept in localStorage so that a message written offline
 * (or while the page was closing) is sent when the widget is back online. Each carries the client id the
 * chat function deduplicates on, so a retry after a lost response is stored exactly once.
 */
export type Outgoing = { client_id: string; content: string; created_at: string }

export class Outbox {
  private memory: Outgoing[] = []

  constructor(
    private readonly storage: Storage | null,
    private readonly key: string,
  ) {}

  list(): Outgoing[] {
    if (!this.storage) return this.memory
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]')
      return Array.isArray(parsed) ? parsed.filter(isOutgoing) : []
    } catch {
      return []
    }
  }

  add(item: Outgoing) {
    this.write([...this.list().filter((m) => m.client_id !== item.client_id), item])
  }

  remove(clientId: string) {
    this.write(this.list().filter((m) => m.client_id !== clientId))
  }

  private write(items: Outgoing[]) {
    this.memory = items
    try {
      if (items.length) this.storage?.setItem(this.key, JSON.stringify(items))
      else this.storage?.removeItem(this.key)
    } catch {
      // Storage full or blocked: the in-memory copy still sends them while the page stays open.
    }
  }
}

function isOutgoing(value: unknown): value is Outgoing {
  const v = value as Outgoing
  return typeof v?.client_id === 'string' && typeof v.content === 'string' && typeof v.created_at === 'string'
}

/** localStorage when the browser lets this (third-party) frame use it, else null. */
export function browserStorage(): Storage | null {
  try {
    const s = window.localStorage
    s.setItem('parley:probe', '1')
    s.removeItem('parley:probe')
    return s
  } catch {
    return null
  }
}
