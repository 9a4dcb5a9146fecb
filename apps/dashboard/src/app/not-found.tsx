import { Button, Container, Flex, Heading, Text } from '@radix-ui/themes'
import NextLink from 'next/link'

export default function NotFound() {
  return (
    <Container size="1" px="4" py="9">
      <Flex asChild direction="column" gap="3" align="start">
        <main id="main">
          <Heading as="h1">Page not found</Heading>
          <Text color="gray">There is nothing at this address.</Text>
          <Button asChild variant="soft">
            <NextLink href="/stores">Go to my stores</NextLink>
          </Button>
        </main>
      </Flex>
    </Container>
  )
}
