// OpenAI-compatible Chat Completions: POST {baseUrl}/chat/completions (OpenAI, Azure-style gateways,
// OpenRouter, vLLM, Ollama...). baseUrl includes the version path, e.g. https://api.openai.com/v1.
import { ProviderError, postJson } from './errors.ts'
import type { CompletionRequest, Provider, ProviderConfig } from './types.ts'

export class OpenAIProvider implements Provider {
  readonly name = 'openai'
  constructor(private readonly config: ProviderConfig) {}

  async complete(request: CompletionRequest): Promise<string> {
    const base = (this.config.baseUrl || 'https://api.openai.com/v1').replace(/\/+$/, '')
    const body = {
      model: this.config.model,
      max_tokens: request.maxTokens,
      messages: [{ role: 'system', content: request.system }, ...request.messages],
    }
    const data = (await postJson(
      this.name,
      `${base}/chat/completions`,
      { authorization: `Bearer ${this.config.apiKey}` },
      body,
      {
        secret: this.config.apiKey,
        timeoutMs: this.config.timeoutMs ?? 20000,
        signal: request.signal,
        allowPrivateNetwork: this.config.allowPrivateNetwork,
        resolveHost: this.config.resolveHost,
      },
    )) as { choices?: { message?: { content?: unknown } }[] }
    const content = data?.choices?.[0]?.message?.content
    if (typeof content !== 'string' || content.trim() === '') {
      throw new ProviderError('bad_response', 'The answer has no choices[0].message.content', this.name)
    }
    return content.trim()
  }
}
