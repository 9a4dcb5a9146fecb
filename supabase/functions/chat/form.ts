// POST /chat/form: the pre-chat form's answers. chat_form_context gives the chatbot's form and lead rules;
// the answers are checked with the same schema the widget used (_shared/leads), scored, and
// chat_submit_form stores them as contact attributes with the lead, and the first time opens the
// conversation with the persona tier's message.
import {
  type Answers,
  answerErrors,
  answersSchema,
  openingMessage,
  readForm,
} from '../_shared/leads/index.ts'
import { ClientError, type Visitor } from './context.ts'
import { rpc } from './db.ts'
import { assessLead, type Lead, type LeadFacts } from './lead.ts'
import { chatLimits } from './limits.ts'
import type { MessageRow } from './messages.ts'
import type { FormInput } from './schemas.ts'

export interface Submitted {
  message: MessageRow | null
  lead: { score: number; tier: string | null }
}

interface FormContext extends LeadFacts {
  language: string | null
  customer_messages: number
}

export async function submitForm(input: FormInput, visitor: Visitor): Promise<Submitted> {
  const context = await rpc<FormContext>('chat_form_context', {
    p_visitor: visitor.id,
    p_session_id: input.session_id,
  })
  const form = readForm(context.form)
  if (form.fields.length === 0) {
    throw new ClientError(409, 'no_form', 'This chatbot has no pre-chat form')
  }
  const checked = answersSchema(form).safeParse(input.answers)
  if (!checked.success) {
    // A code per field (not English): the widget shows its own words for it, in the visitor's language.
    throw new ClientError(
      400,
      'invalid_answers',
      'Some answers are missing or not valid',
      answerErrors(checked.error),
    )
  }
  const answers: Answers = checked.data
  const { lead, tier } = assessLead(context, { answers, customerMessages: context.customer_messages })
  const locale = input.locale ?? context.language ?? 'en'
  const content = tier && openingMessage(tier, locale, { ...answers, score: lead.score })
  return rpc<Submitted>('chat_submit_form', {
    p_visitor: visitor.id,
    p_session_id: input.session_id,
    p_answers: answers,
    p_lead: lead satisfies Lead,
    p_opening: content ? { content, metadata: { kind: 'opening', tier: tier?.name } } : null,
    p_limits: chatLimits,
  })
}
