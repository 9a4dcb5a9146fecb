/** What build.mjs writes to dist/built.js: the widget as the dashboard serves it. */
export type WidgetBuild = {
  /** /widget.js */
  loader: string
  /** what the iframe page links (file names of `assets`) */
  page: {
    /** the entry module */
    script: string
    /** chunks the entry imports statically, preloaded so they download in parallel */
    modules: string[]
    styles: string[]
  }
  /** every file of the chat UI by name (served under /widget/assets/), lazy chunks included */
  assets: Record<string, string>
}
