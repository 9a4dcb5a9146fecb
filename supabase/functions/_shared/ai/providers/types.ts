import type { ResolveHost } from '../../network.ts'

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
  /** Private and loopback targets (default: PARLEY_ALLOW_PRIVATE_NETWORK where the functions run). */
  allowPrivateNetwork?: boolean
  /** How the base URL's host is looked up before each call (default: Deno's resolver). */
  resolveHost?: ResolveHost
}
