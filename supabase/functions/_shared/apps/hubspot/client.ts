// HubSpot's CRM API (v3 paths), the calls Parley makes: upsert a contact by e-mail (batch/upsert is
// idempotent), create a deal and a note associated with it. Property values are strings both ways. HubSpot
// asks apps to refresh before expiry rather than on 401, but a 401 still means "refresh and try once more".
import type { CircuitBreaker } from '../../breaker.ts'
import { AppHttpError, AppTokenExpiredError } from '../errors.ts'
import { detailOf, send } from '../transport.ts'

/** HUBSPOT_DEFINED association type ids. */
const DEAL_TO_CONTACT = 3
const NOTE_TO_CONTACT = 202
const NOTE_TO_DEAL = 214

const associate = (id: string, typeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
})

/** Every property value as a string, as HubSpot wants them; empty ones left out. */
export function hubspotProperties(values: Record<string, string | number | boolean | null | undefined>) {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  )
}

export class HubSpotClient {
  constructor(
    private readonly options: {
      token: string
      baseUrl: string
      breaker?: CircuitBreaker
      fetch?: typeof fetch
      timeoutMs?: number
    },
  ) {}

  private async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await send(
      {
        app: 'HubSpot',
        baseUrl: this.options.baseUrl,
        breaker: this.options.breaker,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
      },
      path,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.options.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    )
    if (response.status === 401) {
      await response.body?.cancel()
      throw new AppTokenExpiredError('HubSpot')
    }
    if (!response.ok && response.status !== 207)
      throw new AppHttpError('HubSpot', response.status, await detailOf(response))
    if (response.status === 204) return {}
    return (await response.json()) as Record<string, unknown>
  }

  /** The contact with this e-mail, created or updated (idempotent); its id. */
  async upsertContact(
    email: string,
    properties: Record<string, string>,
  ): Promise<{ id: string; created: boolean }> {
    const body = await this.post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        {
          id: email.toLowerCase(),
          idProperty: 'email',
          properties: { ...properties, email: email.toLowerCase() },
        },
      ],
    })
    const errors = body.errors as { message?: string }[] | undefined
    if (errors?.length)
      throw new AppHttpError('HubSpot', 400, errors[0]?.message ?? 'the contact was refused')
    const [result] = (body.results as { id: string; new?: boolean }[]) ?? []
    if (!result) throw new AppHttpError('HubSpot', 502, 'no contact in the answer')
    return { id: result.id, created: Boolean(result.new) }
  }

  async createDeal(contactId: string, properties: Record<string, string>): Promise<string> {
    const body = await this.post('/crm/v3/objects/deals', {
      properties,
      associations: [associate(contactId, DEAL_TO_CONTACT)],
    })
    return String(body.id)
  }

  async createNote(text: string, contactId: string, dealId?: string): Promise<string> {
    const body = await this.post('/crm/v3/objects/notes', {
      properties: { hs_timestamp: new Date().toISOString(), hs_note_body: text.slice(0, 65_000) },
      associations: [
        associate(contactId, NOTE_TO_CONTACT),
        ...(dealId ? [associate(dealId, NOTE_TO_DEAL)] : []),
      ],
    })
    return String(body.id)
  }

  /**
   * Deletes the contact with this e-mail permanently, with its history (HubSpot's GDPR delete: 204, also
   * when no contact has the address, which HubSpot then blocks from coming back).
   */
  async gdprDeleteContact(email: string): Promise<void> {
    await this.post('/crm/v3/objects/contacts/gdpr-delete', {
      objectId: email.toLowerCase(),
      idProperty: 'email',
    })
  }
}
