// dist/built.js, made by `node build.mjs`; its type lives in the source so it checks before a build.
import type { WidgetBuild } from './build-output.ts'

declare const build: WidgetBuild
export default build
