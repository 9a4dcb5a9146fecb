import '@radix-ui/themes/styles.css'
import './globals.css'
import { Theme } from '@radix-ui/themes'
import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'

export const metadata: Metadata = {
  title: { default: 'Parley', template: '%s · Parley' },
  description: 'Chatbots for online stores, with human handoff.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Theme accentColor="indigo" grayColor="slate" radius="medium">
          <a href="#main" className="skip-link">
            Skip to content
          </a>
          {children}
        </Theme>
      </body>
    </html>
  )
}
