import {
  BarChartIcon,
  CardStackIcon,
  ChatBubbleIcon,
  DashboardIcon,
  LightningBoltIcon,
  Link2Icon,
  MixerHorizontalIcon,
} from '@radix-ui/react-icons'
import type { ComponentType } from 'react'

/**
 * The store's sections, in the order the navigation shows them: a new page of a store adds one line here.
 * `segment` is the path under /stores/<id> ('' for the overview).
 */
export const storeSections: readonly {
  segment: string
  label: string
  icon: ComponentType<{ 'aria-hidden'?: boolean }>
}[] = [
  { segment: '', label: 'Overview', icon: DashboardIcon },
  { segment: 'conversations', label: 'Conversations', icon: ChatBubbleIcon },
  { segment: 'chatbots', label: 'Chatbots', icon: MixerHorizontalIcon },
  { segment: 'automations', label: 'Automations', icon: LightningBoltIcon },
  { segment: 'integrations', label: 'Integrations', icon: Link2Icon },
  { segment: 'analytics', label: 'Analytics', icon: BarChartIcon },
  { segment: 'billing', label: 'Billing', icon: CardStackIcon },
]

export const sectionHref = (storeId: string, segment: string) =>
  segment ? `/stores/${storeId}/${segment}` : `/stores/${storeId}`

/** The section a path is in: the longest segment that prefixes it (the overview matches only itself). */
export function activeSection(storeId: string, pathname: string): string | undefined {
  const base = `/stores/${storeId}`
  if (pathname === base || pathname === `${base}/`) return ''
  const rest = pathname.startsWith(`${base}/`) ? pathname.slice(base.length + 1) : ''
  return storeSections.find((s) => s.segment && (rest === s.segment || rest.startsWith(`${s.segment}/`)))
    ?.segment
}
