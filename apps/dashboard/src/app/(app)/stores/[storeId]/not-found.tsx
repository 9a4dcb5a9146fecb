import { Button, Flex, Heading, Text } from '@radix-ui/themes'
import NextLink from 'next/link'

// RLS hides other tenants' stores, so "does not exist" and "not yours" look the same, on purpose.
export default function StoreNotFound() {
  return (
    <Flex direction="column" gap="3" align="start">
      <Heading as="h1">Store not found</Heading>
      <Text color="gray">This store does not exist, or you are not a member of it.</Text>
      <Button asChild variant="soft">
        <NextLink href="/stores">Back to my stores</NextLink>
      </Button>
    </Flex>
  )
}
