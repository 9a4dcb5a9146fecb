'use client'

import { Button, Card, Checkbox, Flex, Heading, Switch, Text } from '@radix-ui/themes'
import { useState, useTransition } from 'react'
import { saveReportSchedule, sendLastReport } from '../../actions/report-schedules.ts'
import type { ActionState } from '../../lib/action-state.ts'
import type { ReportSchedule } from '../../lib/data/analytics.ts'
import type { Member } from '../../lib/types.ts'
import { FormMessage } from '../form-message.tsx'

type Cadence = ReportSchedule['cadence']

/**
 * Weekly (Monday to Sunday) and monthly reports by email, with the PDF attached, in the store's time zone,
 * to the members chosen here. Owners and admins change them; other members see who gets what.
 */
export function ReportSchedules({
  storeId,
  timeZone,
  schedules,
  members,
  canEdit,
}: {
  storeId: string
  timeZone: string
  schedules: ReportSchedule[]
  members: Member[]
  canEdit: boolean
}) {
  return (
    <Card>
      <Heading as="h3" size="3">
        Email reports
      </Heading>
      <Text as="p" size="1" color="gray" mb="3">
        Sent when each week (Monday to Sunday) or month ends in {timeZone}, with the PDF report attached.
      </Text>
      <Flex direction={{ initial: 'column', sm: 'row' }} gap="5">
        {(['weekly', 'monthly'] as const).map((cadence) => (
          <ScheduleForm
            key={cadence}
            storeId={storeId}
            cadence={cadence}
            schedule={schedules.find((s) => s.cadence === cadence)}
            members={members}
            canEdit={canEdit}
          />
        ))}
      </Flex>
    </Card>
  )
}

function ScheduleForm({
  storeId,
  cadence,
  schedule,
  members,
  canEdit,
}: {
  storeId: string
  cadence: Cadence
  schedule: ReportSchedule | undefined
  members: Member[]
  canEdit: boolean
}) {
  const [enabled, setEnabled] = useState(schedule?.enabled ?? false)
  const [recipients, setRecipients] = useState<string[]>(schedule?.recipients ?? [])
  const [state, setState] = useState<ActionState>({ status: 'idle' })
  const [pending, startTransition] = useTransition()
  const label = cadence === 'weekly' ? 'Weekly report' : 'Monthly report'
  const save = (next: { enabled: boolean; recipients: string[] }) =>
    startTransition(async () => setState(await saveReportSchedule({ storeId, cadence, ...next })))
  return (
    <Flex direction="column" gap="2" style={{ flex: 1 }} role="group" aria-label={label}>
      <Text as="label" size="2" weight="medium">
        <Flex gap="2" align="center">
          <Switch
            checked={enabled}
            disabled={!canEdit || pending}
            onCheckedChange={(on) => {
              setEnabled(on)
              save({ enabled: on, recipients })
            }}
          />
          {label}
        </Flex>
      </Text>
      <Flex direction="column" gap="1" pl="1">
        {members.map((m) => (
          <Text as="label" size="2" key={m.user_id}>
            <Flex gap="2" align="center">
              <Checkbox
                checked={recipients.includes(m.user_id)}
                disabled={!canEdit || pending}
                onCheckedChange={(checked) => {
                  const next = checked
                    ? [...recipients, m.user_id]
                    : recipients.filter((id) => id !== m.user_id)
                  setRecipients(next)
                  if (enabled) save({ enabled, recipients: next })
                }}
              />
              {m.profile?.full_name || m.profile?.email || 'A member'}
            </Flex>
          </Text>
        ))}
      </Flex>
      {canEdit && schedule?.enabled ? (
        <Flex>
          <Button
            size="1"
            variant="soft"
            disabled={pending}
            onClick={() =>
              startTransition(async () =>
                setState(await sendLastReport({ storeId, scheduleId: schedule.id })),
              )
            }
          >
            Send the last {cadence === 'weekly' ? 'week' : 'month'}'s report now
          </Button>
        </Flex>
      ) : null}
      <FormMessage state={state} />
    </Flex>
  )
}
