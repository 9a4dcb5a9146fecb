// Checks a request against an app's vendored contract (contracts/<app>.json): the endpoint exists with
// that method, the auth it wants is there, and the query or body fits the request schema. The result is
// recorded with the request, so tests assert that every request a client sent was a valid one.
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'

interface Endpoint {
  id: string
  method: string
  /** A path, or a template with {parameters} (Google's). */
  path: string
  /** HubSpot's two live path families for the same operation. */
  paths?: { v3: string; dated: string }
  alsoAccepted?: string[]
  /** Slack's; Google's endpoints list `scopes` instead (a bearer token). */
  auth?: { kind: string }
  scopes?: string[]
  request?: { form?: object; query?: object; json?: object }
}

const templateOf = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`)

export interface Contract {
  endpoints: Endpoint[]
}

export function loadContract(app: string): Contract {
  const contract = JSON.parse(
    readFileSync(new URL(`../contracts/${app}.json`, import.meta.url), 'utf8'),
  ) as Contract
  // HubSpot lists two path families per operation: one endpoint per family.
  contract.endpoints = contract.endpoints.flatMap((e) =>
    e.paths
      ? [
          { ...e, path: e.paths.v3 },
          { ...e, path: e.paths.dated },
        ]
      : [e],
  )
  return contract
}

export interface Checked {
  endpoint?: string
  errors: string[]
}

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true })
const compiled = new WeakMap<object, ValidateFunction>()
const validator = (schema: object) => {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

export function checkRequest(
  contract: Contract,
  request: {
    method: string
    path: string
    auth: 'bearer' | 'basic' | 'form-credentials' | 'none'
    fields: Record<string, unknown>
  },
): Checked {
  // the longest matching template wins (`…/{range}:append` before `…/{range}`)
  const endpoint = [...contract.endpoints]
    .sort((a, b) => b.path.length - a.path.length)
    .find(
      (e) =>
        (e.method === request.method || e.alsoAccepted?.includes(request.method) || !e.paths) &&
        (e.path === request.path || templateOf(e.path).test(request.path)),
    )
  if (!endpoint) return { errors: [`no endpoint ${request.path} in the contract`] }
  const errors: string[] = []
  if (request.method !== endpoint.method && !endpoint.alsoAccepted?.includes(request.method))
    errors.push(`${endpoint.id} is ${endpoint.method}, not ${request.method}`)
  const kind = endpoint.auth?.kind ?? (endpoint.scopes ? 'bearer' : 'none')
  if (kind === 'bearer' && request.auth !== 'bearer') errors.push(`${endpoint.id} wants a bearer token`)
  if (kind === 'client-credentials' && request.auth !== 'basic' && request.auth !== 'form-credentials')
    errors.push(`${endpoint.id} wants the client credentials`)
  const schema = endpoint.request?.form ?? endpoint.request?.query ?? endpoint.request?.json
  if (schema) {
    const validate = validator(schema)
    if (!validate(structuredClone(request.fields)))
      for (const e of validate.errors ?? []) errors.push(`${endpoint.id}${e.instancePath} ${e.message}`)
  }
  return { endpoint: endpoint.id, errors }
}
