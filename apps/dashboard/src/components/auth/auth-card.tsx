import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** The frame around the sign-in and sign-up forms. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string
  subtitle: string
  children: ReactNode
  footer: ReactNode
}) {
  return (
    <Card size="3" style={{ width: '100%', maxWidth: 420 }}>
      <Flex direction="column" gap="5">
        <Flex direction="column" gap="1">
          <Heading as="h1" size="6">
            {title}
          </Heading>
          <Text color="gray" size="2">
            {subtitle}
          </Text>
        </Flex>
        {children}
        <Text size="2" color="gray" align="center">
          {footer}
        </Text>
      </Flex>
    </Card>
  )
}
