import type { WidgetBuild } from './build-output.ts'

/**
 * How the dashboard serves the widget: the iframe page (`/widget/<public id>`, which names the chatbot and
 * the Supabase project for main.tsx) and its assets under /widget/assets/. Asset names carry a content
 * hash, so browsers keep them for a year; the page itself is checked on every open.
 */
export const ASSETS_PATH = '/widget/assets/'

export type PageConfig = { publicId: string; supabaseUrl: string; anonKey: string }

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const asset = (name: string) => escapeHtml(`${ASSETS_PATH}${name}`)

export function widgetPage(build: WidgetBuild, config: PageConfig): string {
  const { script, modules, styles } = build.page
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Chat</title>
${styles.map((name) => `<link rel="stylesheet" href="${asset(name)}">`).join('\n')}
${modules.map((name) => `<link rel="modulepreload" href="${asset(name)}">`).join('\n')}
<script type="module" src="${asset(script)}"></script>
</head>
<body>
<div id="parley" data-public-id="${escapeHtml(config.publicId)}" data-supabase-url="${escapeHtml(config.supabaseUrl)}" data-anon-key="${escapeHtml(config.anonKey)}"></div>
</body>
</html>
`
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}

/** One file of the build by name, or null (an old name after a deploy, or a made-up one). */
export function widgetAsset(build: WidgetBuild, name: string): { body: string; type: string } | null {
  const body = Object.hasOwn(build.assets, name) ? build.assets[name] : undefined
  const type = TYPES[name.split('.').pop() ?? '']
  return body !== undefined && type ? { body, type } : null
}
