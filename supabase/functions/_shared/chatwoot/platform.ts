// Platform API (/platform/api/v1), authenticated with a platform app's token (the api_access_token header):
// accounts, users and account users, limited to what this platform app created.
import { type RequestOptions, Transport, type TransportOptions } from './transport.ts'
import type { Account, AccountInput, AccountRole, AccountUser, User, UserInput, UserToken } from './types.ts'

export interface PlatformClientOptions extends TransportOptions {
  platformToken: string
}

const base = '/platform/api/v1'

export class PlatformClient {
  readonly transport: Transport
  private readonly token: string

  constructor(options: PlatformClientOptions | { transport: Transport; platformToken: string }) {
    this.transport = 'transport' in options ? options.transport : new Transport(options)
    this.token = options.platformToken
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    opts?: RequestOptions,
  ): Promise<T> {
    return this.transport.request<T>({ method, path: base + path, token: this.token, body, ...opts })
  }

  readonly accounts = {
    create: (input: AccountInput & { name: string }, opts?: RequestOptions) =>
      this.call<Account>('POST', '/accounts', input, opts),
    /** The server has it, the spec does not: the accounts this platform app created. */
    list: (opts?: RequestOptions) => this.call<Account[]>('GET', '/accounts', undefined, opts),
    get: (accountId: number, opts?: RequestOptions) =>
      this.call<Account>('GET', `/accounts/${id(accountId)}`, undefined, opts),
    update: (accountId: number, input: AccountInput, opts?: RequestOptions) =>
      this.call<Account>('PATCH', `/accounts/${id(accountId)}`, input, opts),
    suspend: (accountId: number, opts?: RequestOptions) =>
      this.call<Account>('PATCH', `/accounts/${id(accountId)}`, { status: 'suspended' }, opts),
    /** Deletion runs asynchronously on the server. */
    delete: (accountId: number, opts?: RequestOptions) =>
      this.call<void>('DELETE', `/accounts/${id(accountId)}`, undefined, opts),
  }

  readonly users = {
    /** Returns the existing user when the email is already known. */
    create: (input: UserInput & { name: string; email: string; password: string }, opts?: RequestOptions) =>
      this.call<User>('POST', '/users', input, opts),
    get: (userId: number, opts?: RequestOptions) =>
      this.call<User>('GET', `/users/${id(userId)}`, undefined, opts),
    /** custom_attributes are merged. */
    update: (userId: number, input: UserInput, opts?: RequestOptions) =>
      this.call<User>('PATCH', `/users/${id(userId)}`, input, opts),
    delete: (userId: number, opts?: RequestOptions) =>
      this.call<void>('DELETE', `/users/${id(userId)}`, undefined, opts),
    /** The server has it, the spec does not: the user's API access token. */
    token: (userId: number, opts?: RequestOptions) =>
      this.call<UserToken>('POST', `/users/${id(userId)}/token`, undefined, opts),
    /** One-time SSO link into the dashboard. */
    loginUrl: (userId: number, opts?: RequestOptions) =>
      this.call<{ url: string }>('GET', `/users/${id(userId)}/login`, undefined, opts),
  }

  readonly accountUsers = {
    list: (accountId: number, opts?: RequestOptions) =>
      this.call<AccountUser[]>('GET', `/accounts/${id(accountId)}/account_users`, undefined, opts),
    /** Upsert: an existing membership gets the new role. */
    create: (accountId: number, input: { user_id: number; role: AccountRole }, opts?: RequestOptions) =>
      this.call<AccountUser>('POST', `/accounts/${id(accountId)}/account_users`, input, opts),
    delete: (accountId: number, userId: number, opts?: RequestOptions) =>
      this.call<void>('DELETE', `/accounts/${id(accountId)}/account_users`, { user_id: userId }, opts),
  }
}

/** Path segments are numeric ids; refuse anything else rather than build a surprising path. */
export function id(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`Not a Chatwoot id: ${value}`)
  return value
}
