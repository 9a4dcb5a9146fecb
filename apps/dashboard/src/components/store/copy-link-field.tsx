'use client'

import { CheckIcon, CopyIcon } from '@radix-ui/react-icons'
import { Flex, IconButton, Text, TextField } from '@radix-ui/themes'
import { useId, useState } from 'react'

/** A read-only link with a copy button; the field is selectable too, for browsers without clipboard access. */
export function CopyLinkField({ url, label }: { url: string; label: string }) {
  const id = useId()
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(url)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the field stays selectable.
      ;(document.getElementById(id) as HTMLInputElement | null)?.select()
    }
  }
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="1" color="gray">
        {label}
      </Text>
      <Flex gap="2" align="center">
        <TextField.Root
          id={id}
          value={url}
          readOnly
          size="2"
          style={{ flex: 1, minWidth: 0 }}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="accept-link"
        />
        <IconButton
          type="button"
          variant="soft"
          onClick={copy}
          aria-label={copied ? 'Link copied' : 'Copy link'}
        >
          {copied ? <CheckIcon /> : <CopyIcon />}
        </IconButton>
      </Flex>
      <span aria-live="polite" className="visually-hidden">
        {copied ? 'Link copied to the clipboard' : ''}
      </span>
    </Flex>
  )
}
