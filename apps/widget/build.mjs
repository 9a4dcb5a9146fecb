#!/usr/bin/env node
// @ts-check
// Builds the widget with esbuild into dist/built.js, the one module the dashboard serves it from:
// the loader (/widget.js, one small script) and the iframe's chat UI (ES modules under /widget/assets/,
// the FAQ and History tabs split into chunks loaded when their tab is opened).
// `node build.mjs` builds once; `node build.mjs --watch` rebuilds on every change (the dev command).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const root = fileURLToPath(new URL('.', import.meta.url))
const distFile = `${root}dist/built.js`

/** @type {esbuild.BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  write: false,
  legalComments: 'none',
  // Syntax up to ES2020 (ES modules, optional chaining), which every browser of the last five years runs.
  target: 'es2020',
  logLevel: 'warning',
}

/** @type {esbuild.BuildOptions} */
const loaderOptions = {
  ...common,
  entryPoints: ['src/loader.ts'],
  format: 'iife',
  outfile: 'dist/widget.js',
}

/** @type {esbuild.BuildOptions} */
const appOptions = {
  ...common,
  entryPoints: ['src/main.tsx'],
  format: 'esm',
  splitting: true,
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
}

/**
 * The build as the dashboard serves it: the loader's source, the iframe page's script, the chunks it
 * imports statically (preloaded) and its styles, and every asset by file name.
 * @param {esbuild.BuildResult} loader
 * @param {esbuild.BuildResult} app
 * @returns {import('./src/build-output.ts').WidgetBuild}
 */
function collect(loader, app) {
  const loaderFile = loader.outputFiles?.[0]
  const meta = app.metafile
  if (!loaderFile || !meta || !app.outputFiles) throw new Error('esbuild produced no output')
  const name = (/** @type {string} */ path) => basename(path)
  const outputs = meta.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint === 'src/main.tsx')
  if (!entry) throw new Error('no output for src/main.tsx')
  // What the page needs before it can draw the Chat tab: the entry and everything it imports statically.
  const modules = new Set()
  const visit = (/** @type {string} */ path) => {
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || modules.has(imported.path)) continue
      modules.add(imported.path)
      visit(imported.path)
    }
  }
  visit(entry)
  const css = outputs[entry]?.cssBundle
  /** @type {Record<string, string>} */
  const assets = {}
  for (const file of app.outputFiles) assets[name(file.path)] = file.text
  return {
    loader: loaderFile.text,
    page: {
      script: name(entry),
      modules: [...modules].map(name),
      styles: css ? [name(css)] : [],
    },
    assets,
  }
}

/** Builds the loader and the chat UI in memory. */
export async function buildWidget() {
  const [loader, app] = await Promise.all([esbuild.build(loaderOptions), esbuild.build(appOptions)])
  return collect(loader, app)
}

/** Writes the build as an ES module; the rename makes a watching dev server never read half a file. */
function write(/** @type {import('./src/build-output.ts').WidgetBuild} */ build) {
  mkdirSync(`${root}dist`, { recursive: true })
  writeFileSync(`${distFile}.tmp`, `export default ${JSON.stringify(build)}\n`)
  renameSync(`${distFile}.tmp`, distFile)
}

/** Rebuilds whenever a source file changes, writing dist/built.js after each good build. */
async function watch() {
  /** @type {Record<string, esbuild.BuildResult | undefined>} */
  const latest = {}
  let first = true
  const onEnd = (/** @type {'loader' | 'app'} */ part) => ({
    name: `write-${part}`,
    setup(/** @type {esbuild.PluginBuild} */ build) {
      build.onEnd((result) => {
        latest[part] = result.errors.length ? undefined : result
        const { loader, app } = latest
        if (!loader || !app) return
        write(collect(loader, app))
        if (first) console.log('widget built; watching apps/widget/src for changes')
        first = false
      })
    },
  })
  const contexts = await Promise.all([
    esbuild.context({ ...loaderOptions, plugins: [onEnd('loader')] }),
    esbuild.context({ ...appOptions, plugins: [onEnd('app')] }),
  ])
  await Promise.all(contexts.map((context) => context.watch()))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--watch')) await watch()
  else write(await buildWidget())
}
