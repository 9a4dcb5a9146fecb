import { Link } from '@radix-ui/themes'
import type { Metadata } from 'next'
import NextLink from 'next/link'
import { AuthCard } from '../../../components/auth/auth-card.tsx'
import { SignUpForm } from '../../../components/auth/sign-up-form.tsx'
import { safePath } from '../../../lib/safe-path.ts'

export const metadata: Metadata = { title: 'Create an account' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  const returnPath = next ? safePath(next) : undefined
  const loginHref = returnPath ? `/login?next=${encodeURIComponent(returnPath)}` : '/login'
  return (
    <AuthCard
      title="Create your Parley account"
      subtitle={
        returnPath?.startsWith('/invitations/')
          ? 'Create an account with the email your invitation was sent to.'
          : 'Set up a store and invite your team in a minute.'
      }
      footer={
        <>
          Already have an account?{' '}
          <Link asChild>
            <NextLink href={loginHref}>Sign in</NextLink>
          </Link>
        </>
      }
    >
      <SignUpForm next={returnPath} />
    </AuthCard>
  )
}
