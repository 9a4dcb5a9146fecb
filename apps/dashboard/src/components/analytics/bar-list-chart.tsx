'use client'

import { Button, Flex, Text } from '@radix-ui/themes'
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { ChartCard } from './chart-card.tsx'

export type BarItem = { label: string; value: number; note?: string; onClick?: () => void }

/**
 * A horizontal bar per item (a funnel step, an intent, a sentiment bucket); a clickable bar opens its
 * conversations. Each bar is listed as a button too, for keyboards and screen readers.
 */
export function BarListChart({
  title,
  hint,
  items,
  empty,
  color = 'var(--accent-9)',
  testId,
}: {
  title: string
  hint?: string
  items: BarItem[]
  empty: string
  color?: string
  testId?: string
}) {
  const nothing = items.every((i) => i.value === 0)
  return (
    <ChartCard title={title} hint={hint} empty={nothing ? empty : null}>
      <div style={{ width: '100%', height: Math.max(120, items.length * 36) }} data-testid={testId}>
        <ResponsiveContainer>
          <BarChart data={items} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} fontSize={11} />
            <YAxis type="category" dataKey="label" width={120} fontSize={11} />
            <Tooltip
              formatter={(value, _name, entry) => [
                `${value}${entry.payload.note ? ` (${entry.payload.note})` : ''}`,
                '',
              ]}
            />
            <Bar
              dataKey="value"
              isAnimationActive={false}
              onClick={(_data, index) => items[index]?.onClick?.()}
            >
              {items.map((item) => (
                <Cell key={item.label} fill={color} cursor={item.onClick ? 'pointer' : 'default'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Flex gap="3" wrap="wrap" role="list" aria-label={title}>
        {items.map((item) => (
          <Text key={item.label} size="1" role="listitem">
            {item.onClick ? (
              <Button size="1" variant="ghost" onClick={item.onClick}>
                {item.label}: {item.value}
              </Button>
            ) : (
              `${item.label}: ${item.value}`
            )}
            {item.note ? <Text color="gray"> ({item.note})</Text> : null}
          </Text>
        ))}
      </Flex>
    </ChartCard>
  )
}
