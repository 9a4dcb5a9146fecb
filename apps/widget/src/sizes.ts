import { gzipSync } from 'node:zlib'
import type { WidgetBuild } from './build-output.ts'
import { widgetPage } from './serve.ts'

/** What a shopper may download: the loader on every page view, the chat UI when they first open it. */
export const LOADER_BUDGET = 3 * 1024
export const FIRST_OPEN_BUDGET = 50 * 1024

export type Download = { name: string; bytes: number }

const gzipped = (text: string) => gzipSync(text, { level: 9 }).length

/**
 * Everything the iframe downloads on the chat's first open, gzipped as a server would send it: the page,
 * its styles, its script and the chunks that script imports statically. The FAQ and History chunks load
 * only when their tab is opened, so they are not part of it.
 */
export function firstOpen(build: WidgetBuild, page: Parameters<typeof widgetPage>[1]): Download[] {
  const { script, modules, styles } = build.page
  return [
    { name: 'page /widget/<public id>', bytes: gzipped(widgetPage(build, page)) },
    ...[...styles, script, ...modules].map((name) => ({ name, bytes: gzipped(build.assets[name] ?? '') })),
  ]
}

export const loaderBytes = (build: WidgetBuild) => gzipped(build.loader)

/** One asset of the build, gzipped (a chunk fetched later, when used). */
export const assetBytes = (build: WidgetBuild, name: string) => gzipped(build.assets[name] ?? '')

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
