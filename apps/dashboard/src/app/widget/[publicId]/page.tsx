import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { supabaseAnonKey, supabaseUrl } from '../../../lib/env.ts'
import { isPublicId } from '../../../lib/public-id.ts'
import { WidgetApp } from '../../../widget/widget-app.tsx'

export const metadata: Metadata = { title: 'Chat', robots: { index: false, follow: false } }

/** The chat UI that /widget.js opens in an iframe on a store's site (public: no dashboard login). */
export default async function WidgetPage({ params }: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await params
  if (!isPublicId(publicId)) notFound()
  return <WidgetApp publicId={publicId} supabaseUrl={supabaseUrl} anonKey={supabaseAnonKey} />
}
