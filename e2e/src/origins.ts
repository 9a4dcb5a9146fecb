/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */
export function otherOrigin(base: string): string {
  const url = new URL(base)
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
  return url.origin
}
