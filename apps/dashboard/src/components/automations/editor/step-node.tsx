'use client'

import { nodeType } from '@parley/supabase/automations'
import { Badge, Card, Flex, Text } from '@radix-ui/themes'
import { Handle, type NodeProps, Position } from '@xyflow/react'
import { runStatusColor } from '../../../lib/automations/format.ts'
import { kindColor, portsOf } from '../../../lib/automations/node-types.ts'
import { useCanvas } from './canvas-context.ts'
import type { StepNodeType } from './graph-state.ts'

/**
 * One step on the canvas: its kind and title, what is wrong with it (from the validator), an entry
 * handle (not on a trigger) and one exit handle per port, and the status a watched run left on it.
 */
export function StepNode({ id, data, type, selected }: NodeProps<StepNodeType>) {
  const { issues, path } = useCanvas()
  const definition = nodeType(type)
  const kind = definition?.kind ?? 'action'
  const own = issues.get(id) ?? []
  const errors = own.filter((i) => i.severity === 'error')
  const ports = definition ? portsOf({ type, data }) : []
  const ran = path.get(id)
  const ranColor = ran ? (runStatusColor[ran] ?? 'gray') : undefined
  const outline = ranColor
    ? `3px solid var(--${ranColor}-9)`
    : selected
      ? '2px solid var(--accent-9)'
      : errors.length
        ? '1px solid var(--red-8)'
        : undefined
  // The handles sit outside the card (which clips its content) and after it, so they stay on top.
  return (
    <>
      <Card
        size="1"
        data-testid="step-node"
        data-node-id={id}
        data-run-status={ran ?? undefined}
        data-invalid={errors.length ? 'true' : undefined}
        style={{ width: 220, outline, outlineOffset: 2 }}
        aria-label={`${data.label || definition?.title || type}${errors.length ? `, ${errors.length} problem${errors.length > 1 ? 's' : ''}` : ''}${ran ? `, run ${ran}` : ''}`}
      >
        <Flex direction="column" gap="1">
          <Flex justify="between" align="center" gap="2">
            <Badge size="1" color={kindColor[kind]} variant="soft">
              {kind}
            </Badge>
            {ran ? (
              <Badge size="1" color={ranColor}>
                {ran}
              </Badge>
            ) : errors.length ? (
              <Badge size="1" color="red" title={errors.map((e) => e.message).join('\n')}>
                {errors.length} to fix
              </Badge>
            ) : null}
          </Flex>
          <Text size="2" weight="medium" className="truncate">
            {data.label || definition?.title || `Unknown step "${type}"`}
          </Text>
          {errors[0] ? (
            <Text size="1" color="red" className="truncate" title={errors[0].message}>
              {errors[0].message}
            </Text>
          ) : null}
        </Flex>
        {ports.length > 1 ? (
          <Flex justify="between" mt="2" gap="1">
            {ports.map((p) => (
              <Text key={p.id} size="1" color="gray" style={{ flex: 1, textAlign: 'center' }}>
                {p.label}
                {data.ended?.includes(p.id) ? ' (end)' : ''}
              </Text>
            ))}
          </Flex>
        ) : data.ended?.includes(ports[0]?.id ?? 'out') ? (
          <Text size="1" color="gray">
            Ends here
          </Text>
        ) : null}
      </Card>
      {kind !== 'trigger' ? (
        <Handle type="target" position={Position.Top} aria-label="Entry" style={{ width: 12, height: 12 }} />
      ) : null}
      {ports.map((p, i) => (
        <Handle
          key={p.id}
          type="source"
          id={p.id}
          position={Position.Bottom}
          aria-label={`Exit: ${p.label}`}
          style={{ left: `${((i + 1) / (ports.length + 1)) * 100}%`, width: 12, height: 12 }}
        />
      ))}
    </>
  )
}
