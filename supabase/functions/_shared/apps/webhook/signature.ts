// Stripe-style signature: X-Parley-Signature `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
// The timestamp is signed with the body so a receiver can refuse old replays (we document 5 minutes).
import { hmacSha256Hex } from '../../hmac.ts'

export async function signature(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`
}
