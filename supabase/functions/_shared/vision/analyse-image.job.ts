// An image a visitor sent is analysed by the store's model (the chatbot's AI settings: OpenAI-compatible or
// Anthropic), or by the fake provider in development and tests (PARLEY_VISION_FAKE=true). The analysis is
// stored with the message's attachment, which fires the `image.uploaded` automation event with it. A model
// that keeps failing leaves `status: 'failed'` (the event still fires, without fields), never a pending
// attachment forever.
import { z } from 'zod'
import { ProviderError } from '../ai/providers/errors.ts'
import type { Json } from '../database.types.ts'
import { must } from '../db.ts'
import { flagEnv } from '../env.ts'
import { defineDestination, defineJob, done, retryLater } from '../jobs/define.ts'
import { analyseWithAnthropic, analyseWithOpenAI, fakeAnalysis, type VisionAnalysis } from './analyse.ts'

const ATTEMPTS = 4

/** The store's image model: its failures retry; the breaker protects nobody else, so it never opens. */
const visionModel = defineDestination({
  name: 'vision',
  label: 'The image model',
  breaker: () => ({ failureThreshold: 1_000_000, cooldownMs: 1000 }),
  classify: (error) =>
    error instanceof ProviderError ? retryLater(`The image model failed: ${error.message}`) : undefined,
})

const attachmentEntry = z.object({ id: z.string(), path: z.string(), name: z.string(), type: z.string() })

export default defineJob({
  topic: 'vision.analyse_image',
  title: "Analyse a visitor's image",
  payload: z.object({
    store_id: z.uuid(),
    session_id: z.uuid(),
    message_id: z.number().int().positive(),
    attachment_id: z.string(),
  }),
  destination: visionModel,
  retry: { attempts: ATTEMPTS, backoff: { first: 5, max: 120 } },
  key: 'vision:{attachment_id}',
  async run(p, { db, job }) {
    const message = must(
      await db
        .from('messages')
        .select('content, attachments, chat_sessions(chatbot_id)')
        .eq('id', p.message_id)
        .eq('store_id', p.store_id)
        .maybeSingle(),
      'reading the message',
    )
    if (!message) return done({ skipped: 'the message is gone' })
    const entry = z
      .array(attachmentEntry.passthrough())
      .catch([])
      .parse(message.attachments)
      .find((a) => a.id === p.attachment_id)
    if (!entry) return done({ skipped: 'the attachment is gone' })

    const store = (analysis: Record<string, unknown>) =>
      db.rpc('store_image_analysis', {
        p_store_id: p.store_id,
        p_message_id: p.message_id,
        p_attachment_id: p.attachment_id,
        // A zod-checked plain object: JSON by construction.
        p_analysis: analysis as Json,
      })

    let analysis: VisionAnalysis | undefined
    const chatbotId = (message.chat_sessions as { chatbot_id: string } | null)?.chatbot_id
    const settings = chatbotId
      ? must(
          await db
            .from('chatbot_ai_settings')
            .select('provider, base_url, model, api_key, timeout_ms')
            .eq('chatbot_id', chatbotId)
            .eq('store_id', p.store_id)
            .maybeSingle(),
          'reading the AI settings',
        )
      : null
    if (settings?.provider && settings.api_key && settings.model) {
      const file = await db.storage.from('attachments').download(entry.path)
      if (file.error || !file.data) return done({ skipped: 'the file is gone' })
      const base64 = encodeBase64(new Uint8Array(await file.data.arrayBuffer()))
      const config = {
        apiKey: settings.api_key,
        model: settings.model,
        baseUrl: settings.base_url,
        timeoutMs: settings.timeout_ms,
      }
      try {
        analysis = await (settings.provider === 'anthropic' ? analyseWithAnthropic : analyseWithOpenAI)(
          config,
          {
            type: entry.type,
            base64,
          },
        )
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        if (job.attempt < ATTEMPTS && error instanceof ProviderError) throw error
        must(await store({ status: 'failed', error: reason.slice(0, 300) }), 'storing the failed analysis')
        return done({ failed: reason.slice(0, 300) })
      }
    } else if (fakeVision()) {
      analysis = fakeAnalysis(entry.name, message.content)
    }
    if (!analysis) {
      must(await store({ status: 'skipped', reason: 'no image model configured' }), 'storing the analysis')
      return done({ skipped: 'no image model configured' })
    }
    must(await store({ status: 'done', ...analysis }), 'storing the analysis')
    return done({ kind: analysis.kind })
  },
})

const fakeVision = () => flagEnv('PARLEY_VISION_FAKE')

function encodeBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
