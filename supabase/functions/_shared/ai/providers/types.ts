export interface ChatMessage {
  role: 'user' | 'assistant'
  content: string
}

export interface CompletionRequest {
  system: string
  messages: ChatMessage[]
  maxTokens: number
  signal?: AbortSignal
}

/** A chat-completion API. */
export interface Provider {
  readonly name: 'openai' | 'anthropic'
  complete(request: CompletionRequest): Promise<string>
}

export interface ProviderConfig {
  apiKey: string
  model: string
  /** Defaults to the vendor's public API. */
  baseUrl?: string | null
  timeoutMs?: number
}
