import { Badge, Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { AiSettingsForm } from '../../../../../../components/chatbot/ai-settings-form.tsx'
import { AppearanceEditor } from '../../../../../../components/chatbot/appearance-editor.tsx'
import { BackLink } from '../../../../../../components/chatbot/back-link.tsx'
import { BotOffersSettings } from '../../../../../../components/chatbot/bot-offers-settings.tsx'
import { ChatbotTabs } from '../../../../../../components/chatbot/chatbot-tabs.tsx'
import { ConsentSettings } from '../../../../../../components/chatbot/consent-settings.tsx'
import { EmbedCode } from '../../../../../../components/chatbot/embed-code.tsx'
import { FaqForm } from '../../../../../../components/chatbot/faq-form.tsx'
import { FaqImport } from '../../../../../../components/chatbot/faq-import.tsx'
import { FaqList } from '../../../../../../components/chatbot/faq-list.tsx'
import {
  KnowledgePasteForm,
  KnowledgeUploadForm,
} from '../../../../../../components/chatbot/knowledge-forms.tsx'
import { KnowledgeList } from '../../../../../../components/chatbot/knowledge-list.tsx'
import { LanguageSettings } from '../../../../../../components/chatbot/language-settings.tsx'
import { LeadFormEditor } from '../../../../../../components/chatbot/lead-form-editor.tsx'
import { ReadOnlyNotice } from '../../../../../../components/chatbot/read-only-notice.tsx'
import { LoadError } from '../../../../../../components/load-error.tsx'
import { requireUser } from '../../../../../../lib/auth.ts'
import { chatbotLanguages } from '../../../../../../lib/chatbot/languages.ts'
import {
  getAiSettings,
  getChatbot,
  getMyRole,
  getOfferApps,
  listConsents,
  listDocuments,
  listFaqs,
  listResponderFailures,
} from '../../../../../../lib/data/chatbots.ts'
import { requestOrigin } from '../../../../../../lib/request-origin.ts'
import { canManageMembers } from '../../../../../../lib/roles.ts'

type Props = {
  params: Promise<{ storeId: string; chatbotId: string }>
  searchParams: Promise<{ tab?: string }>
}

export const metadata: Metadata = { title: 'Chatbot' }

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="2" asChild>
      <section aria-label={title}>
        <Flex direction="column" gap="3">
          <Heading as="h3" size="3">
            {title}
          </Heading>
          {children}
        </Flex>
      </section>
    </Card>
  )
}

export default async function ChatbotPage({ params, searchParams }: Props) {
  const { storeId, chatbotId } = await params
  const { tab } = await searchParams
  const user = await requireUser(`/stores/${storeId}/chatbots/${chatbotId}`)
  const [chatbot, role] = await Promise.all([getChatbot(storeId, chatbotId), getMyRole(storeId, user.id)])
  if (!chatbot.ok) return <LoadError message={chatbot.error} />
  if (!chatbot.data) notFound()
  const bot = chatbot.data
  const canEdit = canManageMembers(role)
  const [faqs, documents, origin, ai, failures, offerApps, consents] = await Promise.all([
    listFaqs(bot.id),
    listDocuments(bot.id),
    requestOrigin(),
    canEdit ? getAiSettings(bot.id) : null,
    canEdit ? listResponderFailures(bot.id) : [],
    getOfferApps(storeId),
    listConsents(bot.id),
  ])
  const ref = { storeId, chatbotId: bot.id }
  const languages = chatbotLanguages(bot.languages)

  return (
    <Flex direction="column" gap="5">
      <BackLink href={`/stores/${storeId}/chatbots`}>Chatbots</BackLink>
      <Flex direction="column" gap="1">
        <Flex align="center" gap="3" wrap="wrap">
          <Heading as="h1" size="7" className="truncate" data-testid="chatbot-heading">
            {bot.name}
          </Heading>
          <Badge variant="soft" color="gray">
            {bot.public_id}
          </Badge>
        </Flex>
        <Text size="2" color="gray">
          Languages: {bot.languages.join(', ') || 'en'}
        </Text>
      </Flex>
      {canEdit ? null : (
        <ReadOnlyNotice>
          You are an agent in this store: you can look at this chatbot; owners and admins change it.
        </ReadOnlyNotice>
      )}
      <ChatbotTabs
        initial={tab ?? 'faqs'}
        panels={[
          {
            value: 'faqs',
            label: `FAQs${faqs.ok ? ` (${faqs.data.length})` : ''}`,
            content: (
              <Flex direction="column" gap="4">
                {faqs.ok ? (
                  <FaqList {...ref} faqs={faqs.data} canEdit={canEdit} languages={languages} />
                ) : (
                  <LoadError message={faqs.error} />
                )}
                {canEdit ? (
                  <>
                    <Section title="Add an FAQ">
                      <FaqForm {...ref} languages={languages} />
                    </Section>
                    <Section title="Import from CSV">
                      <FaqImport {...ref} />
                    </Section>
                  </>
                ) : null}
              </Flex>
            ),
          },
          {
            value: 'knowledge',
            label: 'Knowledge',
            content: (
              <Flex direction="column" gap="4">
                {documents.ok ? (
                  <KnowledgeList
                    {...ref}
                    documents={documents.data}
                    canEdit={canEdit}
                    languages={languages}
                  />
                ) : (
                  <LoadError message={documents.error} />
                )}
                {canEdit && documents.ok ? (
                  <>
                    <Section title="Paste text">
                      <KnowledgePasteForm {...ref} languages={languages} />
                    </Section>
                    <Section title="Upload files">
                      <KnowledgeUploadForm {...ref} languages={languages} />
                    </Section>
                  </>
                ) : null}
              </Flex>
            ),
          },
          {
            value: 'appearance',
            label: 'Appearance',
            content: <AppearanceEditor storeId={storeId} chatbot={bot} canEdit={canEdit} />,
          },
          {
            value: 'lead',
            label: 'Lead form',
            content: <LeadFormEditor storeId={storeId} chatbot={bot} canEdit={canEdit} />,
          },
          {
            value: 'languages',
            label: 'Languages',
            content: <LanguageSettings storeId={storeId} chatbot={bot} canEdit={canEdit} />,
          },
          {
            value: 'offers',
            label: 'Bot offers',
            content: (
              <BotOffersSettings storeId={storeId} chatbot={bot} canEdit={canEdit} connected={offerApps} />
            ),
          },
          {
            value: 'consent',
            label: 'Consent',
            content: (
              <ConsentSettings storeId={storeId} chatbot={bot} canEdit={canEdit} consents={consents} />
            ),
          },
          {
            value: 'embed',
            label: 'Embed',
            content: <EmbedCode {...ref} publicId={bot.public_id} origin={origin} canEdit={canEdit} />,
          },
          ...(ai
            ? [
                {
                  value: 'ai',
                  label: 'AI provider',
                  content: <AiSettingsForm {...ref} settings={ai} failures={failures} />,
                },
              ]
            : []),
        ]}
      />
    </Flex>
  )
}
