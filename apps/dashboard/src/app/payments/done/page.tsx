import { Container, Flex, Heading, Text } from '@radix-ui/themes'

// Where a shopper lands after paying a payment request from the chat (unless the store set its own page).
export default function PaymentDone() {
  return (
    <Container size="1" px="4" py="9">
      <Flex asChild direction="column" gap="3" align="start">
        <main id="main">
          <Heading as="h1">Thank you</Heading>
          <Text color="gray">
            Your payment is on its way. You can close this tab: the chat shows when it has gone through.
          </Text>
        </main>
      </Flex>
    </Container>
  )
}
