import type { ComponentChildren } from 'preact'
import { useRef } from 'preact/hooks'

export type TabSpec = {
  id: string
  label: string
  content: () => ComponentChildren
  /** kept in the page while another tab shows (the Chat tab keeps its draft and live channel) */
  keepMounted?: boolean
}

type Props = {
  tabs: TabSpec[]
  selected: string
  onSelect: (id: string) => void
  /** the pointer or focus is on a tab: a good moment to fetch its code */
  onIntent?: (id: string) => void
  label: string
}

/**
 * Tabs as the ARIA authoring practices describe them: one tab stop, arrow keys, Home and End move and
 * select, each panel labelled by its tab. Panels other than the selected one are not rendered.
 */
export function Tabs({ tabs, selected, onSelect, onIntent, label }: Props) {
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === selected)
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1
    const tab = tabs[next]
    if (!tab) return
    event.preventDefault()
    onSelect(tab.id)
    list.current?.querySelector<HTMLElement>(`#parley-tab-${tab.id}`)?.focus()
  }
  return (
    <div class="tabs">
      <div class="tablist" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`parley-tab-${tab.id}`}
            aria-selected={tab.id === selected}
            aria-controls={`parley-panel-${tab.id}`}
            tabIndex={tab.id === selected ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            onPointerEnter={() => onIntent?.(tab.id)}
            onFocus={() => onIntent?.(tab.id)}
          >
            <span>{tab.label}</span>
          </button>
        ))}
      </div>
      {tabs.map((tab) =>
        tab.id === selected || tab.keepMounted ? (
          <div
            key={tab.id}
            class="panel"
            role="tabpanel"
            id={`parley-panel-${tab.id}`}
            aria-labelledby={`parley-tab-${tab.id}`}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel is a tab stop (ARIA practices), so an empty or loading one is reachable
            tabIndex={0}
            hidden={tab.id !== selected}
          >
            {tab.content()}
          </div>
        ) : null,
      )}
    </div>
  )
}
