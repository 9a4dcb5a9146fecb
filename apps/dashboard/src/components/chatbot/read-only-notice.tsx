import { LockClosedIcon } from '@radix-ui/react-icons'
import { Callout } from '@radix-ui/themes'

export function ReadOnlyNotice({ children }: { children: string }) {
  return (
    <Callout.Root color="gray" data-testid="read-only-notice">
      <Callout.Icon>
        <LockClosedIcon />
      </Callout.Icon>
      <Callout.Text>{children}</Callout.Text>
    </Callout.Root>
  )
}
