import { ChatApiError, NetworkError } from '../chat-api.ts'
import type { Strings } from './en.ts'

type ErrorKey = keyof Strings['errors']

// Codes the chat function answers with that read the same to a visitor.
const SAME: Record<string, ErrorKey> = {
  wrong_file_type: 'unsupported_type',
  upload_missing: 'upload_failed',
  consent_outdated: 'consent_required',
  unknown_chatbot: 'not_available',
  session_not_found: 'not_available',
  not_found: 'not_available',
  invalid_text: 'invalid_request',
  invalid_json: 'invalid_request',
}

/** Thrown by the widget itself when the bytes could not reach Storage. */
export class UploadFailed extends Error {}

/**
 * What to tell the visitor about a failed request, in their language: the widget maps the chat API's codes
 * to its own strings (the server's sentences are English); a code it does not know reads by its status.
 */
export function errorText(error: unknown, t: Strings): string {
  if (error instanceof NetworkError) return t.errors.network
  if (error instanceof UploadFailed) return t.errors.upload_failed
  if (!(error instanceof ChatApiError)) return t.errors.generic
  const key = SAME[error.code] ?? error.code
  if (key in t.errors) return t.errors[key as ErrorKey]
  if (error.status === 429) return t.errors.rate_limited
  if (error.status >= 500) return t.errors.unavailable
  if (error.status === 413) return t.errors.payload_too_large
  return t.errors.generic
}
