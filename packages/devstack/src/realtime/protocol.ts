/**
 * Phoenix wire formats as realtime-js speaks them (its default vsn is 2.0.0): vsn 2.0.0 text frames are
 * `[join_ref, ref, topic, event, payload]`, client broadcasts arrive as binary kind-3 frames and raw-binary
 * broadcasts leave as kind-4 frames; vsn 1.0.0 uses JSON objects both ways.
 */

export type Vsn = '1.0.0' | '2.0.0'

export interface Message {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  payload: unknown
}

/** A client broadcast, from a kind-3 frame or a text `broadcast` push. */
export interface BroadcastPush {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  /** JSON value, or the raw bytes when the client sent an ArrayBuffer. */
  payload: unknown
  binary: boolean
}

const KIND_USER_BROADCAST_PUSH = 3
const KIND_USER_BROADCAST = 4
const ENCODING_BINARY = 0

export function decodeText(vsn: Vsn, text: string): Message {
  const parsed: unknown = JSON.parse(text)
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length !== 5)
      throw new Error('expected [join_ref, ref, topic, event, payload]')
    const [joinRef, ref, topic, event, payload] = parsed as [unknown, unknown, unknown, unknown, unknown]
    return { joinRef: str(joinRef), ref: str(ref), topic: String(topic), event: String(event), payload }
  }
  const o = parsed as Record<string, unknown>
  return {
    joinRef: str(o.join_ref),
    ref: str(o.ref),
    topic: String(o.topic),
    event: String(o.event),
    payload: o.payload,
  }
}

/** Decodes a kind-3 "user broadcast push"; anything else is not a frame realtime-js sends. */
export function decodeBinary(frame: Buffer): BroadcastPush {
  if (frame.length < 7 || frame[0] !== KIND_USER_BROADCAST_PUSH) throw new Error('unsupported binary frame')
  const lengths = [frame[1], frame[2], frame[3], frame[4], frame[5]] as number[]
  const encoding = frame[6]
  let offset = 7
  const [joinRef, ref, topic, event] = lengths.slice(0, 4).map((len) => {
    const part = frame.toString('utf8', offset, offset + len)
    offset += len
    return part
  }) as [string, string, string, string]
  offset += lengths[4] as number // meta: only "persist", which we do not store
  const body = frame.subarray(offset)
  const binary = encoding === ENCODING_BINARY
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event,
    payload: binary ? new Uint8Array(body) : body.length ? JSON.parse(body.toString('utf8')) : {},
    binary,
  }
}

export function encode(vsn: Vsn, m: Message): string {
  if (vsn === '2.0.0') return JSON.stringify([m.joinRef, m.ref, m.topic, m.event, m.payload])
  return JSON.stringify({
    join_ref: m.joinRef,
    ref: m.ref,
    topic: m.topic,
    event: m.event,
    payload: m.payload,
  })
}

/** A broadcast to a subscriber: text unless the payload is raw bytes on vsn 2.0.0 (kind 4). */
export function encodeBroadcast(
  vsn: Vsn,
  topic: string,
  event: string,
  payload: unknown,
  binary: boolean,
): string | Buffer {
  if (binary && payload instanceof Uint8Array && vsn === '2.0.0') {
    const t = Buffer.from(topic)
    const e = Buffer.from(event)
    const header = Buffer.from([KIND_USER_BROADCAST, t.length, e.length, 0, ENCODING_BINARY])
    return Buffer.concat([header, t, e, payload])
  }
  const value = payload instanceof Uint8Array ? Array.from(payload) : payload
  return encode(vsn, {
    joinRef: null,
    ref: null,
    topic,
    event: 'broadcast',
    payload: { type: 'broadcast', event, payload: value },
  })
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v)
}
