import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from 'next/constants'
import { SERVER_ACTION_BODY_LIMIT } from './src/lib/request-limits.ts'

/**
 * Who may show a page in a frame. Everything is `'none'` (clickjacking) except the two pages made to be
 * framed: the widget's chat iframe, by the store websites that embed it (any site: stores paste the tag
 * wherever they like, and the iframe carries no dashboard session, only its own visitor sign-in), and the
 * Chatwoot Dashboard App, by the Chatwoot the stores use (CHATWOOT_URL). In development any loopback page may
 * frame it too: the dev command's fake Chatwoot and the journeys' stand-ins run on spare local ports.
 */
function frameAncestors(): { widget: string; chatwootApp: string } {
  const chatwoot = process.env.CHATWOOT_URL ? originOf(process.env.CHATWOOT_URL) : undefined
  const development =
    process.env.NODE_ENV !== 'production' ? ['http://127.0.0.1:*', 'http://localhost:*'] : []
  return {
    widget: 'frame-ancestors http: https:',
    chatwootApp: ['frame-ancestors', "'self'", ...(chatwoot ? [chatwoot] : []), ...development].join(' '),
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    throw new Error(`CHATWOOT_URL is not a URL: ${url}`)
  }
}

const nextConfig: NextConfig = {
  // `ws` is the realtime transport of server-side supabase clients on Node 20; keep it out of the bundle
  // so its optional native add-ons resolve the way Node expects.
  serverExternalPackages: ['ws'],
  // Workspace TypeScript compiled with the app: the chat widget (apps/widget, its build served as data) and
  // the generated Database type with its enum values (`Constants`) from the supabase/ package.
  transpilePackages: ['@parley/supabase', '@parley/widget'],
  // Lets tests run a second dev server next to the developer's without sharing `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The dev badge sits where the widget's message box opens on the sample shop.
  devIndicators: false,
  // The proxy answers 413 for anything larger before Next reads it (src/proxy.ts).
  experimental: {
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT },
    // Turbopack's on-disk dev cache panicked mid-run ("Failed to restore data ... .sst: No such file") and
    // took the whole dev command down; a cold compile is a few seconds slower and never crashes.
    turbopackFileSystemCacheForDev: false,
  },
  async headers() {
    const frames = frameAncestors()
    const everywhere = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ]
    return [
      { source: '/:path*', headers: everywhere },
      // Every page but the two framed ones: no frames at all (X-Frame-Options for browsers without CSP 2).
      {
        source: '/((?!widget/[^/]+$|chatwoot-app$).*)',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
      { source: '/widget/:publicId', headers: [{ key: 'Content-Security-Policy', value: frames.widget }] },
      { source: '/chatwoot-app', headers: [{ key: 'Content-Security-Policy', value: frames.chatwootApp }] },
    ]
  },
}

export default function config(phase: string): NextConfig {
  // The widget's loader and chat UI are served from its own build (apps/widget/dist/built.js), made here
  // so that `next dev` and `next build` always serve the current source; `pnpm dev` watches it instead.
  const serves = phase === PHASE_DEVELOPMENT_SERVER || phase === PHASE_PRODUCTION_BUILD
  if (serves && !process.env.PARLEY_WIDGET_WATCHED) {
    // Next compiles this file to CommonJS, where import.meta.resolve answers a path instead of a URL.
    const build = import.meta.resolve('@parley/widget/build')
    execFileSync(process.execPath, [build.startsWith('file:') ? fileURLToPath(build) : build], {
      stdio: 'inherit',
    })
  }
  return nextConfig
}
