// Anthropic Messages API: POST {baseUrl}/v1/messages with x-api-key and anthropic-version.
import { ProviderError, postJson } from './errors.ts'
import type { ChatMessage, CompletionRequest, Provider, ProviderConfig } from './types.ts'

/** Anthropic wants user/assistant turns alternating and starting with the user: merge and trim. */
export function alternate(messages: ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const m of messages) {
    const last = out[out.length - 1]
    if (last && last.role === m.role) last.content = `${last.content}\n\n${m.content}`
    else out.push({ ...m })
  }
  while (out[0]?.role === 'assistant') out.shift()
  return out
}

export class AnthropicProvider implements Provider {
  readonly name = 'anthropic'
  constructor(private readonly config: ProviderConfig) {}

  async complete(request: CompletionRequest): Promise<string> {
    const base = (this.config.baseUrl || 'https://api.anthropic.com').replace(/\/+$/, '').replace(/\/v1$/, '')
    const data = (await postJson(
      this.name,
      `${base}/v1/messages`,
      { 'x-api-key': this.config.apiKey, 'anthropic-version': '2023-06-01' },
      {
        model: this.config.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: alternate(request.messages),
      },
      {
        secret: this.config.apiKey,
        timeoutMs: this.config.timeoutMs ?? 20000,
        signal: request.signal,
        allowPrivateNetwork: this.config.allowPrivateNetwork,
        resolveHost: this.config.resolveHost,
      },
    )) as { content?: { type?: string; text?: unknown }[] }
    const text = (data?.content ?? [])
      .filter((block) => block?.type === 'text' && typeof block.text === 'string')
      .map((block) => block.text as string)
      .join('')
      .trim()
    if (!text) throw new ProviderError('bad_response', 'The answer has no text content block', this.name)
    return text
  }
}
