'use client'

import type { Issue } from '@parley/supabase/automations'
import { nodeType } from '@parley/supabase/automations'
import { TrashIcon } from '@radix-ui/react-icons'
import { Badge, Button, Callout, Checkbox, Flex, Heading, Text, TextField } from '@radix-ui/themes'
import { useId } from 'react'
import { descriptions, type JsonSchema, kindColor, portsOf } from '../../../lib/automations/node-types.ts'
import type { StepData, StepNodeType } from './graph-state.ts'
import { SchemaField } from './schema-form.tsx'

type Props = {
  node: StepNodeType
  issues: Issue[]
  /** Ports that have an edge leaving them. */
  wiredPorts: ReadonlySet<string>
  readOnly: boolean
  onChange: (data: StepData) => void
  onDelete: () => void
}

/** The selected step's settings: its form (from the node type's schema), its loose ends, its problems. */
export function ConfigPanel({ node, issues, wiredPorts, readOnly, onChange, onDelete }: Props) {
  const labelId = useId()
  const type = node.type ?? ''
  const definition = nodeType(type)
  const description = descriptions.get(type)
  const errors = new Map(issues.filter((i) => i.field).map((i) => [i.field as string, i.message]))
  const general = issues.filter((i) => !i.field)
  const ports = portsOf({ type, data: node.data })
  const loose = ports.filter((p) => !wiredPorts.has(p.id))

  return (
    <Flex direction="column" gap="4" data-testid="config-panel">
      <Flex direction="column" gap="1">
        <Flex gap="2" align="center">
          {definition ? (
            <Badge color={kindColor[definition.kind]} variant="soft">
              {definition.kind}
            </Badge>
          ) : null}
          <Heading as="h2" size="3">
            {definition?.title ?? type}
          </Heading>
        </Flex>
        {definition ? (
          <Text size="1" color="gray">
            {definition.description}
          </Text>
        ) : null}
      </Flex>
      {general.length ? (
        <Callout.Root color="red" size="1" role="alert">
          <Callout.Text>
            {general.map((i) => (
              <span key={`${i.code}:${i.message}`} style={{ display: 'block' }}>
                {i.message}
              </span>
            ))}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      <Flex direction="column" gap="1">
        <Text as="label" htmlFor={labelId} size="2" weight="medium">
          Name on the canvas
        </Text>
        <TextField.Root
          id={labelId}
          value={node.data.label ?? ''}
          placeholder={definition?.title}
          maxLength={120}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...node.data, label: e.target.value || undefined })}
        />
      </Flex>
      {description ? (
        <SchemaField
          schema={description.configSchema as JsonSchema}
          value={node.data.config}
          path=""
          errors={errors}
          readOnly={readOnly}
          label=""
          onChange={(config) => onChange({ ...node.data, config: config as Record<string, unknown> })}
        />
      ) : null}
      {loose.length ? (
        <Flex direction="column" gap="1">
          <Text size="2" weight="medium">
            Loose ends
          </Text>
          <Text size="1" color="gray">
            Link each exit to a next step, or end the workflow there.
          </Text>
          {loose.map((p) => (
            <Text as="label" size="2" key={p.id}>
              <Flex gap="2" align="center">
                <Checkbox
                  disabled={readOnly}
                  checked={node.data.ended.includes(p.id)}
                  onCheckedChange={(checked) =>
                    onChange({
                      ...node.data,
                      ended: checked
                        ? [...node.data.ended, p.id]
                        : node.data.ended.filter((id) => id !== p.id),
                    })
                  }
                />
                End after “{p.label}”
              </Flex>
            </Text>
          ))}
        </Flex>
      ) : null}
      {definition?.kind === 'action' ? (
        <Text size="1" color="gray">
          {definition.idempotency}
        </Text>
      ) : null}
      {!readOnly ? (
        <Flex>
          <Button color="red" variant="soft" onClick={onDelete}>
            <TrashIcon aria-hidden /> Remove this step
          </Button>
        </Flex>
      ) : null}
    </Flex>
  )
}
