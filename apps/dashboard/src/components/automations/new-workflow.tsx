'use client'

import type { WorkflowTemplate } from '@parley/supabase/automations'
import { FilePlusIcon, UploadIcon } from '@radix-ui/react-icons'
import { Box, Button, Callout, Card, Flex, Grid, Heading, Text } from '@radix-ui/themes'
import { useRef, useState, useTransition } from 'react'
import { type AutomationResult, createWorkflow, importWorkflowFile } from '../../actions/automations.ts'

type Failure = Extract<AutomationResult, { ok: false }>

/** Create an automation: blank, from one of the templates, or from an exported file. */
export function NewWorkflow({
  storeId,
  templates,
}: {
  storeId: string
  templates: readonly WorkflowTemplate[]
}) {
  const [pending, startTransition] = useTransition()
  const [failure, setFailure] = useState<Failure | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  // On success the actions redirect to the builder, so only failures come back.
  const run = (work: () => Promise<AutomationResult>) =>
    startTransition(async () => {
      setFailure(null)
      const result = await work()
      if (result && !result.ok) setFailure(result)
    })

  const onFile = async (file: File | undefined) => {
    if (!file) return
    if (file.size > 1_000_000) {
      setFailure({ ok: false, error: 'The file is larger than 1 MB.' })
      return
    }
    const text = await file.text()
    run(() => importWorkflowFile(storeId, text))
    if (fileInput.current) fileInput.current.value = ''
  }

  return (
    <Flex direction="column" gap="4">
      <Flex gap="3" wrap="wrap">
        <Button disabled={pending} onClick={() => run(() => createWorkflow(storeId, null))}>
          <FilePlusIcon aria-hidden /> Blank automation
        </Button>
        <Button variant="soft" disabled={pending} onClick={() => fileInput.current?.click()}>
          <UploadIcon aria-hidden /> Import a file
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Workflow file to import"
          data-testid="import-workflow-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </Flex>
      {failure ? (
        <Callout.Root color="red" role="alert">
          <Callout.Text>
            {failure.error}
            {failure.errors?.length ? (
              <Box asChild mt="1">
                <ul>
                  {failure.errors.map((e) => (
                    <li key={`${e.path}:${e.message}`}>
                      {e.path ? <code>{e.path}</code> : null} {e.message}
                    </li>
                  ))}
                </ul>
              </Box>
            ) : null}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      <Heading as="h3" size="3">
        Start from a template
      </Heading>
      <Grid columns={{ initial: '1', sm: '2', md: '3' }} gap="3">
        {templates.map((t) => (
          <Card key={t.id} asChild>
            <button
              type="button"
              disabled={pending}
              onClick={() => run(() => createWorkflow(storeId, t.id))}
              style={{ textAlign: 'left', cursor: 'pointer', font: 'inherit', color: 'inherit' }}
            >
              <Text as="p" weight="medium" size="2">
                {t.name}
              </Text>
              <Text as="p" size="1" color="gray" mt="1">
                {t.description}
              </Text>
            </button>
          </Card>
        ))}
      </Grid>
    </Flex>
  )
}
