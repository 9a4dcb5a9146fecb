import { Link } from '@radix-ui/themes'
import type { Metadata } from 'next'
import NextLink from 'next/link'
import { AuthCard } from '../../../components/auth/auth-card.tsx'
import { SignInForm } from '../../../components/auth/sign-in-form.tsx'
import { safePath } from '../../../lib/safe-path.ts'

export const metadata: Metadata = { title: 'Sign in' }

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  const returnPath = next ? safePath(next) : undefined
  const signupHref = returnPath ? `/signup?next=${encodeURIComponent(returnPath)}` : '/signup'
  return (
    <AuthCard
      title="Sign in to Parley"
      subtitle={
        returnPath?.startsWith('/invitations/') ? 'Sign in to accept your invitation.' : 'Welcome back.'
      }
      footer={
        <>
          New here?{' '}
          <Link asChild>
            <NextLink href={signupHref}>Create an account</NextLink>
          </Link>
        </>
      }
    >
      <SignInForm next={returnPath} />
    </AuthCard>
  )
}
