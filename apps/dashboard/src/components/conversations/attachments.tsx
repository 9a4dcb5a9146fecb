'use client'

import type { Json } from '@parley/supabase/database'
import { Badge, Box, Flex, Link, Text } from '@radix-ui/themes'
import { useEffect, useState } from 'react'
import { browserClient } from '../../lib/realtime.ts'

/** An entry of `messages.attachments` as the chat function writes it, with the vision job's analysis. */
type Attachment = {
  id: string
  path: string
  name: string
  type: string
  analysis?: {
    status?: string
    kind?: string
    description?: string
    fields?: Record<string, string>
    error?: string
  }
}

const isAttachment = (a: unknown): a is Attachment =>
  !!a &&
  typeof a === 'object' &&
  typeof (a as Attachment).path === 'string' &&
  typeof (a as Attachment).name === 'string'

export function attachmentsOf(value: Json | undefined): Attachment[] {
  return Array.isArray(value) ? value.filter(isAttachment) : []
}

const kindLabel: Record<string, string> = {
  product: 'Product photo',
  damage: 'Damage',
  receipt: 'Receipt or invoice',
  other: 'Other',
}
const fieldLabel: Record<string, string> = {
  order_number: 'Order',
  invoice_number: 'Invoice',
  amount: 'Amount',
  currency: 'Currency',
  date: 'Date',
}

/**
 * A visitor's file as agents see it: the photo (a signed link made with the agent's own rights: store members
 * read their store's files) and what the image model saw in it. The model's words are shown as text, never
 * followed.
 */
export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    void browserClient()
      .storage.from('attachments')
      .createSignedUrl(attachment.path, 60 * 60)
      .then(({ data }) => {
        if (!live) return
        if (data?.signedUrl) setUrl(data.signedUrl)
        else setFailed(true)
      })
    return () => {
      live = false
    }
  }, [attachment.path])

  const analysis = attachment.analysis
  const fields = Object.entries(analysis?.fields ?? {}).filter(([, v]) => v)
  return (
    <Flex direction="column" gap="1" data-testid="transcript-attachment">
      {url && attachment.type.startsWith('image/') ? (
        <Link href={url} target="_blank" rel="noopener noreferrer">
          {/* biome-ignore lint/performance/noImgElement: a signed Storage link, not an asset next/image can optimise */}
          <img
            src={url}
            alt={attachment.name}
            style={{ display: 'block', maxWidth: '100%', maxHeight: 240, borderRadius: 'var(--radius-3)' }}
          />
        </Link>
      ) : url ? (
        <Link href={url} target="_blank" rel="noopener noreferrer">
          {attachment.name}
        </Link>
      ) : (
        <Text size="2">
          {attachment.name}
          {failed ? ' (the file could not be opened)' : ''}
        </Text>
      )}
      {analysis ? (
        <Box data-testid="attachment-analysis">
          {analysis.status === 'pending' ? (
            <Text size="1" color="gray">
              Analysing the image…
            </Text>
          ) : analysis.status === 'done' ? (
            <Flex direction="column" gap="1">
              <Flex gap="2" align="center" wrap="wrap">
                <Badge size="1" color={analysis.kind === 'damage' ? 'red' : 'gray'}>
                  {kindLabel[analysis.kind ?? 'other'] ?? 'Other'}
                </Badge>
                {fields.map(([k, v]) => (
                  <Badge key={k} size="1" variant="outline">
                    {fieldLabel[k] ?? k}: {v}
                  </Badge>
                ))}
              </Flex>
              {analysis.description ? (
                <Text size="1" color="gray">
                  {analysis.description}
                </Text>
              ) : null}
            </Flex>
          ) : (
            <Text size="1" color="gray">
              {analysis.status === 'failed'
                ? 'The image could not be analysed.'
                : 'Not analysed (no image model).'}
            </Text>
          )}
        </Box>
      ) : null}
    </Flex>
  )
}
