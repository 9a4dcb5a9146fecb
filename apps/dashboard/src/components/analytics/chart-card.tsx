import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** A titled panel; `empty` replaces the chart with a sentence when there is nothing to draw. */
export function ChartCard({
  title,
  hint,
  empty,
  children,
}: {
  title: string
  hint?: string
  empty?: string | null
  children: ReactNode
}) {
  return (
    <Card>
      <Flex direction="column" gap="2">
        <Heading as="h3" size="3">
          {title}
        </Heading>
        {hint ? (
          <Text size="1" color="gray">
            {hint}
          </Text>
        ) : null}
        {empty ? (
          <Text size="2" color="gray" my="4" align="center">
            {empty}
          </Text>
        ) : (
          children
        )}
      </Flex>
    </Card>
  )
}
