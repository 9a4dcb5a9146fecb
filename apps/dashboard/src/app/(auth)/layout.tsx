import { Flex } from '@radix-ui/themes'
import type { ReactNode } from 'react'

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Flex asChild justify="center" align="center" px="4" py="8" style={{ minHeight: '100dvh' }}>
      <main id="main">{children}</main>
    </Flex>
  )
}
