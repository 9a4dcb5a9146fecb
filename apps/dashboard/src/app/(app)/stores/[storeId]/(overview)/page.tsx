import { ArrowLeftIcon, LockClosedIcon } from '@radix-ui/react-icons'
import { Callout, Card, Flex, Heading, Link } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { headers } from 'next/headers'
import NextLink from 'next/link'
import { notFound } from 'next/navigation'
import { getRetentionDays } from '../../../../../actions/privacy.ts'
import { getHandoffSettings } from '../../../../../actions/store-settings.ts'
import { LoadError } from '../../../../../components/load-error.tsx'
import { RetentionForm } from '../../../../../components/privacy/retention-form.tsx'
import { ChatwootStatus } from '../../../../../components/store/chatwoot-status.tsx'
import { HandoffSettingsForm } from '../../../../../components/store/handoff-settings-form.tsx'
import { InviteMemberForm } from '../../../../../components/store/invite-member-form.tsx'
import { MembersList } from '../../../../../components/store/members-list.tsx'
import { PendingInvitations } from '../../../../../components/store/pending-invitations.tsx'
import { StoreSummary } from '../../../../../components/store/store-summary.tsx'
import { SystemStatus } from '../../../../../components/store/system-status.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { listStoreInvitations } from '../../../../../lib/data/invitations.ts'
import { listMembers } from '../../../../../lib/data/members.ts'
import { getStore } from '../../../../../lib/data/stores.ts'
import { canManageMembers } from '../../../../../lib/roles.ts'

type Props = { params: Promise<{ storeId: string }> }

export const metadata: Metadata = { title: 'Store' }

/** The origin people will open accept links on: the one this page was served from. */
async function requestOrigin() {
  const h = await headers()
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? '127.0.0.1:3000'
  const proto = h.get('x-forwarded-proto') ?? 'http'
  return `${proto}://${host}`
}

export default async function StorePage({ params }: Props) {
  const { storeId } = await params
  const user = await requireUser(`/stores/${storeId}`)
  const [store, members] = await Promise.all([getStore(storeId), listMembers(storeId)])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()

  const myRole = (members.ok ? members.data : []).find((m) => m.user_id === user.id)?.role
  const canManage = canManageMembers(myRole)
  const invitations = canManage ? await listStoreInvitations(storeId) : undefined
  const [handoff, retentionDays] = await Promise.all([getHandoffSettings(storeId), getRetentionDays(storeId)])

  return (
    <Flex direction="column" gap="6">
      <Link asChild size="2">
        <NextLink href="/stores">
          <Flex align="center" gap="1" asChild>
            <span>
              <ArrowLeftIcon aria-hidden /> All stores
            </span>
          </Flex>
        </NextLink>
      </Link>
      <StoreSummary store={store.data} myRole={myRole} />

      {canManage ? <SystemStatus storeId={storeId} /> : null}
      <ChatwootStatus storeId={storeId} canManage={canManage} />
      {handoff ? (
        <Card size="2" asChild>
          <section aria-labelledby="handoff-heading">
            <Flex direction="column" gap="3">
              <Heading as="h2" size="4" id="handoff-heading">
                Handoff to people
              </Heading>
              {/* Only the owner may update the store row (RLS "stores: owner updates"). */}
              <HandoffSettingsForm storeId={storeId} settings={handoff} canEdit={myRole === 'owner'} />
            </Flex>
          </section>
        </Card>
      ) : null}
      <Card size="2" asChild>
        <section aria-labelledby="privacy-heading">
          <Flex direction="column" gap="3">
            <Heading as="h2" size="4" id="privacy-heading">
              Privacy
            </Heading>
            <RetentionForm storeId={storeId} retentionDays={retentionDays} canEdit={myRole === 'owner'} />
          </Flex>
        </section>
      </Card>
      <Flex asChild direction="column" gap="3">
        <section aria-labelledby="members-heading">
          <Heading as="h2" size="5" id="members-heading">
            Members
          </Heading>
          {members.ok ? (
            <MembersList
              storeId={storeId}
              members={members.data}
              currentUserId={user.id}
              canManage={canManage}
            />
          ) : (
            <LoadError message={members.error} />
          )}
        </section>
      </Flex>

      {canManage ? (
        <>
          <Card size="2" asChild>
            <section aria-labelledby="invite-heading">
              <Flex direction="column" gap="3">
                <Heading as="h2" size="4" id="invite-heading">
                  Invite a member
                </Heading>
                <InviteMemberForm storeId={storeId} />
              </Flex>
            </section>
          </Card>
          <Flex asChild direction="column" gap="3">
            <section aria-labelledby="invitations-heading">
              <Heading as="h2" size="5" id="invitations-heading">
                Pending invitations
              </Heading>
              {invitations && !invitations.ok ? (
                <LoadError message={invitations.error} />
              ) : (
                <PendingInvitations
                  storeId={storeId}
                  invitations={invitations?.data ?? []}
                  origin={await requestOrigin()}
                />
              )}
            </section>
          </Flex>
        </>
      ) : (
        <Callout.Root color="gray" data-testid="read-only-notice">
          <Callout.Icon>
            <LockClosedIcon />
          </Callout.Icon>
          <Callout.Text>
            You are an agent in this store: you can see its members, and only owners and admins can invite or
            remove people.
          </Callout.Text>
        </Callout.Root>
      )}
    </Flex>
  )
}
