'use client'

import { Box, Tabs } from '@radix-ui/themes'
import type { ReactNode } from 'react'

export type Panel = { value: string; label: string; content: ReactNode }

/** Radix tabs whose choice is kept in `?tab=`, so a reload or a shared link opens the same tab. */
export function ChatbotTabs({ panels, initial }: { panels: Panel[]; initial: string }) {
  const start = panels.some((p) => p.value === initial) ? initial : panels[0]?.value
  function remember(value: string) {
    const url = new URL(window.location.href)
    url.searchParams.set('tab', value)
    window.history.replaceState(null, '', url)
  }
  return (
    <Tabs.Root defaultValue={start} onValueChange={remember}>
      <Box style={{ overflowX: 'auto' }}>
        <Tabs.List aria-label="Chatbot settings">
          {panels.map((p) => (
            <Tabs.Trigger key={p.value} value={p.value}>
              {p.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
      </Box>
      {panels.map((p) => (
        <Tabs.Content key={p.value} value={p.value}>
          <Box pt="4">{p.content}</Box>
        </Tabs.Content>
      ))}
    </Tabs.Root>
  )
}
