import type { WidgetBuild } from './src/build-output.ts'

/** Builds the loader and the chat UI in memory, as `node build.mjs` writes them to dist/built.js. */
export function buildWidget(): Promise<WidgetBuild>
