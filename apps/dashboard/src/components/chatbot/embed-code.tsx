'use client'

import { CheckIcon, CopyIcon, EyeClosedIcon, EyeOpenIcon } from '@radix-ui/react-icons'
import { Box, Button, Callout, Code, Flex, Heading, IconButton, Text } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { revealIdentitySecret } from '../../actions/chatbots.ts'

/** A block of code with a copy button; the text stays selectable where the clipboard is refused. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(code)
      setCopied(true)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      // Insecure origins may not use the clipboard; the text is selectable.
    }
  }
  return (
    <Box position="relative" asChild>
      <figure style={{ margin: 0 }}>
        <figcaption className="visually-hidden">{label}</figcaption>
        <pre
          style={{
            margin: 0,
            padding: 'var(--space-3) var(--space-7) var(--space-3) var(--space-3)',
            background: 'var(--gray-a3)',
            borderRadius: 'var(--radius-3)',
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            fontSize: 'var(--font-size-1)',
            lineHeight: 1.6,
          }}
        >
          <code>{code}</code>
        </pre>
        <Box position="absolute" top="2" right="2">
          <IconButton size="1" variant="soft" onClick={copy} aria-label={copied ? 'Copied' : `Copy ${label}`}>
            {copied ? <CheckIcon /> : <CopyIcon />}
          </IconButton>
        </Box>
        <span aria-live="polite" className="visually-hidden">
          {copied ? 'Copied to the clipboard' : ''}
        </span>
      </figure>
    </Box>
  )
}

type Props = { storeId: string; chatbotId: string; publicId: string; origin: string; canEdit: boolean }

export function EmbedCode({ storeId, chatbotId, publicId, origin, canEdit }: Props) {
  const tag = `<script src="${origin}/widget.js" data-chatbot="${publicId}" async></script>`
  const identify = `<script>
  // After the widget loads, tell it who is signed in on your site. Compute identifier_hash on your server.
  window.addEventListener('load', function () {
    window.$parley && window.$parley.setUser('<your customer id>', {
      identifier_hash: '<identifier_hash from your server>',
      email: 'customer@example.com',
      name: 'Customer Name',
    })
  })
</script>`
  const server = `// On your server (Node.js): the same hash as Chatwoot's identifier_hash.
import { createHmac } from 'node:crypto'

const identifierHash = createHmac('sha256', process.env.PARLEY_IDENTITY_SECRET)
  .update(customer.id)
  .digest('hex')`
  return (
    <Flex direction="column" gap="5">
      <Flex direction="column" gap="2">
        <Heading as="h3" size="3">
          Embed code
        </Heading>
        <Text size="2" color="gray">
          Paste this tag before &lt;/body&gt; on every page of your site where the chat should appear.
        </Text>
        <CodeBlock code={tag} label="embed code" />
      </Flex>
      <Flex direction="column" gap="2">
        <Heading as="h3" size="3">
          Signed-in customers (optional)
        </Heading>
        <Text size="2" color="gray">
          Pass your customer's id with a hash signed by your server, and they get the same conversation
          history on every device. The hash covers the id only: an email address or name never unlocks
          anyone's history or selects another customer's contact in Chatwoot.
        </Text>
        <CodeBlock code={identify} label="setUser snippet" />
        <CodeBlock code={server} label="identifier hash snippet" />
        {canEdit ? (
          <IdentitySecret storeId={storeId} chatbotId={chatbotId} />
        ) : (
          <Text size="2" color="gray">
            Only owners and admins can see the identity secret.
          </Text>
        )}
      </Flex>
    </Flex>
  )
}

function IdentitySecret({ storeId, chatbotId }: { storeId: string; chatbotId: string }) {
  const [secret, setSecret] = useState<string | null>(null)
  const [shown, setShown] = useState(false)
  const [error, setError] = useState('')
  const [pending, startTransition] = useTransition()
  function toggle() {
    if (shown) return setShown(false)
    if (secret) return setShown(true)
    startTransition(async () => {
      const result = await revealIdentitySecret({ storeId, chatbotId })
      if (result.ok) {
        setSecret(result.secret)
        setShown(true)
        setError('')
      } else setError(result.error)
    })
  }
  return (
    <Flex direction="column" gap="2">
      <Text size="2" weight="medium">
        Identity secret
      </Text>
      <Flex gap="2" align="center" wrap="wrap">
        <Code size="2" data-testid="identity-secret" style={{ wordBreak: 'break-all' }}>
          {shown && secret ? secret : '•'.repeat(32)}
        </Code>
        <Button size="1" variant="soft" onClick={toggle} loading={pending} aria-pressed={shown}>
          {shown ? <EyeClosedIcon /> : <EyeOpenIcon />}
          {shown ? 'Hide' : 'Reveal'}
        </Button>
        {shown && secret ? <CopySecret secret={secret} /> : null}
      </Flex>
      <Text size="1" color="gray">
        Keep it on your server (for example as PARLEY_IDENTITY_SECRET); never put it in a web page.
      </Text>
      {error ? (
        <Callout.Root color="red" role="alert" size="1">
          <Callout.Text>{error}</Callout.Text>
        </Callout.Root>
      ) : null}
    </Flex>
  )
}

function CopySecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <IconButton
      size="1"
      variant="soft"
      aria-label={copied ? 'Secret copied' : 'Copy secret'}
      onClick={() =>
        navigator.clipboard.writeText(secret).then(
          () => {
            setCopied(true)
            setTimeout(() => setCopied(false), 2000)
          },
          () => undefined,
        )
      }
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </IconButton>
  )
}
