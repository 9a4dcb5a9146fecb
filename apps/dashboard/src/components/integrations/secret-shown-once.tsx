'use client'

import { Button, Callout, Dialog, Flex, TextField } from '@radix-ui/themes'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

/**
 * The signing secret Parley made, in a dialog the user closes once it is copied: it is never shown again,
 * so closing it refreshes the page to the connected card.
 */
export function SecretShownOnce({ name, secret }: { name: string; secret: string }) {
  const router = useRouter()
  const [copied, setCopied] = useState<boolean | null>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }
  return (
    <Dialog.Root defaultOpen onOpenChange={(open) => (open ? undefined : router.refresh())}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{name} connected</Dialog.Title>
        <Dialog.Description size="2" mb="3">
          This is your signing secret. Parley shows it only this once: copy it to your server now, which
          checks each delivery's X-Parley-Signature with it.
        </Dialog.Description>
        <Flex direction="column" gap="3">
          <TextField.Root
            readOnly
            value={secret}
            aria-label="Signing secret"
            onFocus={(e) => e.currentTarget.select()}
            style={{ fontFamily: 'var(--code-font-family)' }}
          />
          {copied === false ? (
            <Callout.Root color="orange" size="1">
              <Callout.Text>
                The browser refused to copy: select the secret and copy it yourself.
              </Callout.Text>
            </Callout.Root>
          ) : null}
          <Flex gap="3" justify="end" wrap="wrap">
            <Button variant="soft" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <Dialog.Close>
              <Button>Done</Button>
            </Dialog.Close>
          </Flex>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
