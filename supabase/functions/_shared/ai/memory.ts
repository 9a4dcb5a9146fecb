// Conversation memory for providers: the last turns verbatim, older ones folded into a running summary.
// The summary is extractive (no extra provider call): the visitor's earlier questions and the topics the
// bot answered, newest kept when it grows too long.
import { clip } from './text.ts'
import type { Turn } from './types.ts'

export interface MemoryWindow {
  recent: Turn[]
  /** Turns that fell out of the window, oldest first. */
  dropped: Turn[]
}

export function memoryWindow(history: Turn[], size = 10): MemoryWindow {
  const usable = history.filter((t) => t.sender !== 'system' && t.content.trim() !== '')
  return { recent: usable.slice(-size), dropped: usable.slice(0, Math.max(0, usable.length - size)) }
}

/** Folds dropped turns into the running summary, at most `max` characters (older lines go first). */
export function summarize(previous: string, dropped: Turn[], max = 1200): string {
  const lines = previous ? previous.split('\n').filter(Boolean) : []
  for (const turn of dropped) {
    const who = turn.sender === 'customer' ? 'Visitor' : turn.sender === 'agent' ? 'Agent' : 'Bot'
    const line = `${who}: ${clip(turn.content.replace(/\s+/g, ' ').trim(), 160)}`
    if (!lines.includes(line)) lines.push(line)
  }
  while (lines.join('\n').length > max && lines.length > 1) lines.shift()
  return lines.join('\n')
}
