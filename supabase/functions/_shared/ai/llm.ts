// A responder backed by a chat-completion provider: persona + instructions + running summary + the
// retrieved passages as the system prompt; the recent turns and the new message as the conversation.
// Failures propagate as ProviderError: the caller keeps the visitor's message and stores a fallback.
import { imagesSection } from './images.ts'
import { memoryWindow } from './memory.ts'
import { AnthropicProvider } from './providers/anthropic.ts'
import { OpenAIProvider } from './providers/openai.ts'
import type { ChatMessage, Provider, ProviderConfig } from './providers/types.ts'
import { score } from './retrieval.ts'
import { baseLanguage, clip } from './text.ts'
import type { Responder, ResponderInput, ResponderResult, Turn } from './types.ts'

const languageNames: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
  pt: 'Portuguese',
  ar: 'Arabic',
}

export function systemPrompt(input: ResponderInput): string {
  const language = languageNames[baseLanguage(input.language)] ?? input.language
  const passages = input.hits
    .slice(0, 5)
    .map(
      (hit, i) =>
        `[${i + 1}] ${hit.kind === 'faq' ? 'FAQ' : 'Document'}: ${hit.title}\n${clip(hit.content, 1500)}`,
    )
    .join('\n\n')
  return [
    input.persona.trim() || `You are ${input.botName}, the assistant of ${input.storeName}.`,
    `You chat with a visitor of the online store ${input.storeName} in a small website chat window.`,
    `Reply in ${language}, briefly (at most a few sentences), in plain text without markdown headings.`,
    'Answer only from the store information below and the conversation. If the answer is not there, say so ' +
      'and offer to connect the visitor with a person from the team. Never invent prices, dates or policies.',
    input.summary ? `Earlier in this conversation:\n${input.summary}` : '',
    passages ? `Store information:\n${passages}` : 'Store information: none found for this question.',
    imagesSection(input.images),
  ]
    .filter(Boolean)
    .join('\n\n')
}

export function conversation(history: Turn[], text: string, windowSize = 10): ChatMessage[] {
  const { recent } = memoryWindow(history, windowSize)
  return [
    ...recent.map(
      (t): ChatMessage =>
        t.sender === 'customer'
          ? { role: 'user', content: t.content }
          : { role: 'assistant', content: t.sender === 'agent' ? `(team member) ${t.content}` : t.content },
    ),
    { role: 'user', content: text },
  ]
}

export interface LlmOptions {
  maxTokens?: number
  windowSize?: number
}

export class LlmResponder implements Responder {
  readonly name: string
  constructor(
    private readonly provider: Provider,
    private readonly options: LlmOptions = {},
  ) {
    this.name = provider.name
  }

  async respond(input: ResponderInput, signal?: AbortSignal): Promise<ResponderResult> {
    const content = await this.provider.complete({
      system: systemPrompt(input),
      messages: conversation(input.history, input.text, this.options.windowSize),
      maxTokens: this.options.maxTokens ?? 512,
      ...(signal ? { signal } : {}),
    })
    const best = input.hits[0]
    return {
      content,
      kind: 'answer',
      handoff: false,
      confidence: best ? Math.min(1, score(best)) : 0,
      sources: input.hits.slice(0, 5).map((h) => h.id),
      responder: this.name,
    }
  }
}

export function createProvider(name: 'openai' | 'anthropic', config: ProviderConfig): Provider {
  return name === 'anthropic' ? new AnthropicProvider(config) : new OpenAIProvider(config)
}
