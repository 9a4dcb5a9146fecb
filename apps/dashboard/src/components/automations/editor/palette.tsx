'use client'

import { Box, Button, Flex, Heading, Text } from '@radix-ui/themes'
import { kindColor, kindLabel, palette } from '../../../lib/automations/node-types.ts'

export const DRAG_TYPE = 'application/x-parley-node'

/**
 * The node types, by kind: drag one onto the canvas, or press it (Enter, Space, a tap on a tablet) to add
 * it in the middle of the view.
 */
export function Palette({ onAdd }: { onAdd: (typeId: string) => void }) {
  return (
    <Flex direction="column" gap="3" asChild>
      <nav aria-label="Steps to add">
        <Text size="1" color="gray">
          Drag a step onto the canvas, or press it to add it.
        </Text>
        {palette.map(({ kind, types }) => (
          <Box key={kind}>
            <Heading as="h3" size="1" color="gray" mb="1" style={{ textTransform: 'uppercase' }}>
              {kindLabel[kind]}
            </Heading>
            <Flex direction="column" gap="1">
              {types.map((t) => (
                <Button key={t.id} asChild size="1" variant="soft" color={kindColor[kind]}>
                  {/* biome-ignore lint/a11y/useSemanticElements: Chromium starts no HTML drag from a <button> */}
                  <div
                    role="button"
                    tabIndex={0}
                    draggable
                    title={t.description}
                    data-node-type={t.id}
                    style={{ justifyContent: 'flex-start', cursor: 'grab' }}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, t.id)
                      e.dataTransfer.effectAllowed = 'move'
                    }}
                    onClick={() => onAdd(t.id)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' && e.key !== ' ') return
                      e.preventDefault()
                      onAdd(t.id)
                    }}
                  >
                    {t.title}
                  </div>
                </Button>
              ))}
            </Flex>
          </Box>
        ))}
      </nav>
    </Flex>
  )
}
