import { z } from 'zod'
import { defineNode, OUT } from '../../define.ts'

export default defineNode({
  id: 'conversation-started',
  version: 1,
  kind: 'trigger',
  title: 'Conversation started',
  description: 'When a visitor opens a new conversation.',
  icon: 'message-circle-plus',
  config: z.object({}),
  output: z.object({}),
  ports: () => [OUT],
  events: ['conversation.started'],
  match: () => true,
})
