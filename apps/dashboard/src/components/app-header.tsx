import { Box, Container, Flex, Link, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import { signOut } from '../actions/auth.ts'
import { getCurrentUser } from '../lib/auth.ts'
import { SubmitButton } from './submit-button.tsx'

export async function AppHeader() {
  const user = await getCurrentUser()
  const name = (user?.user_metadata?.full_name as string | undefined) || user?.email
  return (
    <Box asChild px="4" py="3" style={{ borderBottom: '1px solid var(--gray-a5)' }}>
      <header>
        <Container size="4">
          <Flex align="center" justify="between" gap="3" wrap="wrap">
            <Link asChild weight="bold" size="4" underline="none" highContrast>
              <NextLink href="/stores">Parley</NextLink>
            </Link>
            {user ? (
              <Flex align="center" gap="3">
                <Text size="2" color="gray" className="truncate" data-testid="signed-in-as">
                  {name}
                </Text>
                <form action={signOut}>
                  <SubmitButton variant="soft" color="gray" size="2">
                    Sign out
                  </SubmitButton>
                </form>
              </Flex>
            ) : null}
          </Flex>
        </Container>
      </header>
    </Box>
  )
}
