import { Flex, Radio, Text } from '@radix-ui/themes'
import type { InviteRole } from '../../lib/roles.ts'

const choices: { value: InviteRole; label: string; hint: string }[] = [
  { value: 'agent', label: 'Agent', hint: 'answers conversations; read-only settings' },
  { value: 'admin', label: 'Admin', hint: 'manages chatbots, members and invitations' },
]

/** Native radio inputs (styled by Radix), so arrow keys, Space and form submission behave as browsers do. */
export function RoleChoice({
  defaultValue,
  errors,
}: {
  defaultValue: InviteRole
  errors?: string[] | undefined
}) {
  return (
    <fieldset
      style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}
      aria-describedby={errors?.length ? 'role-error' : undefined}
    >
      <Text asChild size="2" weight="medium">
        <legend style={{ padding: 0, marginBottom: 'var(--space-2)' }}>Role</legend>
      </Text>
      <Flex direction="column" gap="2">
        {choices.map((choice) => (
          <Text as="label" size="2" key={choice.value}>
            <Flex gap="2" align="start">
              <Radio name="role" value={choice.value} defaultChecked={choice.value === defaultValue} />
              <span>
                <strong>{choice.label}</strong>: {choice.hint}
              </span>
            </Flex>
          </Text>
        ))}
      </Flex>
      {errors?.length ? (
        <Text id="role-error" size="1" color="red">
          {errors.join(' ')}
        </Text>
      ) : null}
    </fieldset>
  )
}
