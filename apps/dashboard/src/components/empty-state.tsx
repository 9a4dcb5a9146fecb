import { Card, Flex, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** What a list shows when it has nothing in it: say so, and say what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Card variant="surface">
      <Flex direction="column" gap="1" py="3" align="center" style={{ textAlign: 'center' }}>
        <Text weight="medium">{title}</Text>
        {children ? (
          <Text size="2" color="gray">
            {children}
          </Text>
        ) : null}
      </Flex>
    </Card>
  )
}
