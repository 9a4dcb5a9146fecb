import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // `ws` is the realtime transport of server-side supabase clients on Node 20; keep it out of the bundle
  // so its optional native add-ons resolve the way Node expects.
  serverExternalPackages: ['ws'],
  // The generated Database type and its enum values (`Constants`) are TypeScript in the supabase/ package.
  transpilePackages: ['@parley/supabase'],
  // Lets tests run a second dev server next to the developer's without sharing `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The dev badge sits where the widget's message box opens on the sample shop.
  devIndicators: false,
}

export default nextConfig
