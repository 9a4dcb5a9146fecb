import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { NextConfig } from 'next'
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from 'next/constants'

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
