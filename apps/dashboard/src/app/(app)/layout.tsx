import { Container } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { AppHeader } from '../../components/app-header.tsx'

export default function AppLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AppHeader />
      <Container size="4" px="4" py="6">
        <main id="main">{children}</main>
      </Container>
    </>
  )
}
