/** The largest body a server action accepts: a FAQ CSV (900 KB) or a pasted document fits. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024

/**
 * Posts to the dashboard are server actions (with JavaScript, or a plain form post before it loads): those
 * too large, or whose size is not declared, get their 4xx here, before Next reads a byte (past its own limit
 * Next answers 500). Browsers always declare the size of a form post.
 */
export function refuseOversizedPost(request: Request): Response | undefined {
  if (request.method !== 'POST') return undefined
  const declared = request.headers.get('content-length')
  if (declared === null || !/^\d+$/.test(declared)) {
    return new Response('A form submission must declare its size (Content-Length).', { status: 411 })
  }
  if (Number(declared) > SERVER_ACTION_BODY_LIMIT) {
    return new Response(
      `This submission is larger than ${SERVER_ACTION_BODY_LIMIT / 1024 / 1024} MB. Send less at once.`,
      { status: 413 },
    )
  }
  return undefined
}
