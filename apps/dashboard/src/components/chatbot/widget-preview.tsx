'use client'

import { Box, Card, Flex, Text } from '@radix-ui/themes'
import { useCallback, useEffect, useRef } from 'react'

/**
 * The real widget in preview mode (`/widget/<id>?preview=1`), sent `message` whenever it changes and again
 * when the widget says it is ready (its load event can come before its listener). `reloadKey` reloads it
 * (after a save, for a widget that does not listen).
 */
export function WidgetPreview({
  publicId,
  message,
  reloadKey = 0,
  title,
  height,
  caption,
}: {
  publicId: string
  message: unknown
  reloadKey?: number
  title: string
  height: number
  caption: string
}) {
  const frame = useRef<HTMLIFrameElement>(null)
  const latest = useRef(message)
  latest.current = message
  const post = useCallback(() => {
    frame.current?.contentWindow?.postMessage(latest.current, window.location.origin)
  }, [])

  useEffect(() => {
    frame.current?.contentWindow?.postMessage(message, window.location.origin)
  }, [message])
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== window.location.origin || e.source !== frame.current?.contentWindow) return
      if ((e.data as { type?: string } | null)?.type === 'parley:preview-ready') post()
    }
    window.addEventListener('message', onMessage)
    return () => window.removeEventListener('message', onMessage)
  }, [post])

  return (
    <Flex direction="column" gap="2">
      <Text size="2" weight="medium">
        Preview
      </Text>
      <Card size="1" style={{ padding: 0, overflow: 'hidden' }}>
        <Box style={{ background: 'var(--gray-2)' }}>
          <iframe
            key={reloadKey}
            ref={frame}
            title={title}
            src={`/widget/${encodeURIComponent(publicId)}?preview=1`}
            onLoad={post}
            style={{ display: 'block', width: '100%', height, border: 0 }}
          />
        </Box>
      </Card>
      <Text size="1" color="gray">
        {caption}
      </Text>
    </Flex>
  )
}
