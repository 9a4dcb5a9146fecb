// Parley's own model key: chatbots without a key of their own answer with it when the deployment sets one
// (PARLEY_AI_PROVIDER, PARLEY_AI_API_KEY, PARLEY_AI_MODEL, optional PARLEY_AI_BASE_URL). Those answers count
// against the plan's AI answers (chat_take_ai_answer); over the cap the retrieval responder answers instead.
import { z } from 'zod'

const parleyAiSchema = z.object({
  provider: z.enum(['openai', 'anthropic']),
  api_key: z.string().min(1),
  model: z.string().min(1),
  base_url: z.url().nullable(),
  timeout_ms: z.number().int().min(1000).max(120_000),
  max_tokens: z.number().int().min(16).max(8192),
})

export type ParleyAi = z.infer<typeof parleyAiSchema>

function read(): ParleyAi | null {
  const env = (name: string) => Deno.env.get(name)?.trim() || null
  if (!env('PARLEY_AI_API_KEY')) return null
  const parsed = parleyAiSchema.safeParse({
    provider: env('PARLEY_AI_PROVIDER') ?? 'openai',
    api_key: env('PARLEY_AI_API_KEY'),
    model: env('PARLEY_AI_MODEL'),
    base_url: env('PARLEY_AI_BASE_URL'),
    timeout_ms: Number(env('PARLEY_AI_TIMEOUT_MS') ?? 20_000),
    max_tokens: Number(env('PARLEY_AI_MAX_TOKENS') ?? 512),
  })
  if (!parsed.success) {
    console.error(`[chat] PARLEY_AI_* is set but invalid, so Parley's model is off: ${parsed.error.message}`)
    return null
  }
  return parsed.data
}

/** Read once per worker. */
export const parleyAi: ParleyAi | null = read()
