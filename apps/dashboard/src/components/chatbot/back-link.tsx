import { ArrowLeftIcon } from '@radix-ui/react-icons'
import { Flex, Link } from '@radix-ui/themes'
import NextLink from 'next/link'

export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link asChild size="2">
      <NextLink href={href}>
        <Flex align="center" gap="1" asChild>
          <span>
            <ArrowLeftIcon aria-hidden /> {children}
          </span>
        </Flex>
      </NextLink>
    </Link>
  )
}
