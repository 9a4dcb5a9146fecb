import { Badge } from '@radix-ui/themes'
import { type Role, roleLabel } from '../lib/roles.ts'

const colors = { owner: 'amber', admin: 'indigo', agent: 'gray' } as const satisfies Record<Role, string>

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge color={colors[role]} variant="soft" data-role={role}>
      {roleLabel[role]}
    </Badge>
  )
}
