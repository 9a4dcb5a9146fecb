// Slack's Web API, the calls Parley makes: conversations.list (paged), chat.postMessage, auth.test.
// Slack answers method errors with HTTP 200 and {ok:false, error}, so every answer's `ok` is read; its
// error codes become the app errors every job understands (expired token, reconnect, retry, refusal).
import type { CircuitBreaker } from '../../breaker.ts'
import { AppHttpError, AppReconnectError, AppTokenExpiredError } from '../errors.ts'
import { send } from '../transport.ts'

const RECONNECT = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'missing_scope',
])
const SLACK_TROUBLE = new Set(['fatal_error', 'internal_error', 'service_unavailable', 'request_timeout'])

/** Sentences for the refusals a store owner can fix. */
const WORDS: Record<string, string> = {
  channel_not_found:
    'channel_not_found (the channel does not exist, or it is private and the app is not in it)',
  not_in_channel: 'not_in_channel (invite the Parley app to the channel)',
  is_archived: 'is_archived (the channel is archived)',
  msg_too_long: 'msg_too_long (the message is too long)',
  invalid_blocks: 'invalid_blocks (the message layout was refused)',
}

export interface SlackChannel {
  id: string
  name: string
  is_private: boolean
  is_archived?: boolean
}

export interface PostMessage {
  channel: string
  text: string
  blocks?: unknown[]
  thread_ts?: string
  metadata?: { event_type: string; event_payload: Record<string, unknown> }
}

export class SlackClient {
  constructor(
    private readonly options: {
      token: string
      baseUrl: string
      breaker?: CircuitBreaker
      fetch?: typeof fetch
      timeoutMs?: number
    },
  ) {}

  private async call(method: string, init: { query?: Record<string, string>; json?: unknown }) {
    const query = init.query ? `?${new URLSearchParams(init.query)}` : ''
    const response = await send(
      {
        app: 'Slack',
        baseUrl: `${this.options.baseUrl.replace(/\/$/, '')}/api`,
        breaker: this.options.breaker,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
      },
      `/${method}${query}`,
      init.json === undefined
        ? { method: 'GET', headers: { Authorization: `Bearer ${this.options.token}` } }
        : {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${this.options.token}`,
              'Content-Type': 'application/json; charset=utf-8',
            },
            body: JSON.stringify(init.json),
          },
    )
    const body = (await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }))) as {
      ok?: boolean
      error?: string
    } & Record<string, unknown>
    if (body.ok) return body
    const error = body.error ?? 'unknown_error'
    if (error === 'token_expired') throw new AppTokenExpiredError('Slack')
    if (RECONNECT.has(error)) throw new AppReconnectError('Slack', error)
    // chat.postMessage's per-channel limit comes as HTTP 200 without Retry-After: wait a little.
    if (error === 'rate_limited' || error === 'ratelimited') throw new AppHttpError('Slack', 429, error, 2)
    if (SLACK_TROUBLE.has(error)) throw new AppHttpError('Slack', 503, error)
    throw new AppHttpError('Slack', 400, WORDS[error] ?? error)
  }

  /** One page of channels; Slack may return short or empty pages that still have a next cursor. */
  async listChannels(cursor?: string): Promise<{ channels: SlackChannel[]; nextCursor: string }> {
    const body = await this.call('conversations.list', {
      query: {
        types: 'public_channel,private_channel',
        exclude_archived: 'true',
        limit: '200',
        ...(cursor ? { cursor } : {}),
      },
    })
    const meta = body.response_metadata as { next_cursor?: string } | undefined
    return { channels: (body.channels as SlackChannel[]) ?? [], nextCursor: meta?.next_cursor ?? '' }
  }

  async postMessage(message: PostMessage): Promise<{ channel: string; ts: string }> {
    const body = await this.call('chat.postMessage', { json: message })
    return { channel: String(body.channel), ts: String(body.ts) }
  }

  async authTest(): Promise<{ team: string; team_id: string }> {
    const body = await this.call('auth.test', { json: {} })
    return { team: String(body.team ?? ''), team_id: String(body.team_id ?? '') }
  }
}

/** The message: a line of text (the notification), then a section with a button back to the conversation. */
export function conversationBlocks(text: string, conversationUrl: string | null): unknown[] {
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }]
  if (conversationUrl)
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open the conversation' }, url: conversationUrl },
      ],
    })
  return blocks
}

/** Slack's mrkdwn treats &, < and > as control characters: visitors' text must not become links or mentions. */
export const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
