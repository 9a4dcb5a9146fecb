// The chatbot's theme (widget_config's `chatbot.theme`) as the chat UI and the launcher apply it:
// defaults for what is missing, and nothing from the database that could inject CSS or script.
export type Theme = {
  color: string
  /** black or white, whichever reads better on `color` */
  onColor: string
  position: 'left' | 'right'
  title: string
  avatarUrl: string | null
}

export const DEFAULT_COLOR = '#0f766e'

const isHex = (value: unknown): value is string =>
  typeof value === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)

/** Relative luminance (WCAG) of a #rgb or #rrggbb colour. */
function luminance(hex: string): number {
  const digits =
    hex.length === 4 ? [...hex.slice(1)].map((d) => d + d) : [1, 3, 5].map((i) => hex.slice(i, i + 2))
  const [r = 0, g = 0, b = 0] = digits.map((d) => {
    const c = Number.parseInt(d, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** Text colour with the higher contrast on `hex`. */
export function textOn(hex: string): string {
  const l = luminance(hex)
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#111111'
}

/** Only http(s) images: a data: or javascript: URL from the database never reaches an img src. */
function safeImageUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

/**
 * The chatbot's theme with defaults for missing or malformed keys.
 */
export function parseTheme(theme: Record<string, unknown> | null | undefined, fallbackTitle: string): Theme {
  const t = theme ?? {}
  const color = isHex(t.color) ? t.color : DEFAULT_COLOR
  const title = typeof t.title === 'string' && t.title.trim() ? t.title.trim().slice(0, 80) : fallbackTitle
  return {
    color,
    onColor: textOn(color),
    position: t.position === 'left' ? 'left' : 'right',
    title,
    avatarUrl: safeImageUrl(t.avatarUrl),
  }
}
