import { type NextRequest, NextResponse } from 'next/server'
import { refuseOversizedPost } from './lib/request-limits.ts'
import { safePath } from './lib/safe-path.ts'
import { updateSession } from './lib/supabase/proxy.ts'

const signedInOnly = ['/stores', '/invitations']
const signedOutOnly = ['/login', '/signup']

const matches = (path: string, prefixes: string[]) =>
  prefixes.some((p) => path === p || path.startsWith(`${p}/`))

/**
 * Keeps the Supabase session fresh on every page request and sends people to the right side of the login
 * wall. Pages still check the user themselves: this is a convenience, not the security boundary (RLS is).
 */
export async function proxy(request: NextRequest) {
  const refused = refuseOversizedPost(request)
  if (refused) return refused
  const { response, user } = await updateSession(request)
  const { pathname, search } = request.nextUrl

  let target: URL | undefined
  if (!user && matches(pathname, signedInOnly)) {
    target = new URL('/login', request.url)
    target.searchParams.set('next', pathname + search)
  } else if (user && matches(pathname, signedOutOnly)) {
    target = new URL(safePath(request.nextUrl.searchParams.get('next')), request.url)
  }
  if (!target) return response

  // Carry refreshed or cleared auth cookies over to the redirect.
  const redirect = NextResponse.redirect(target)
  for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie)
  return redirect
}

export const config = {
  // Pages only: static assets, images and the favicon need no session; neither do the embeddable widget
  // (/widget.js, /widget/<id>: visitors sign in inside the iframe, never with dashboard cookies) and the
  // demo shop page.
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|widget\\.js$|widget/|sample-shop|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)',
  ],
}
