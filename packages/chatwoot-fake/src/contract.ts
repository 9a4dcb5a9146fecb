// Request validation against the vendored Chatwoot 4.14.2 OpenAPI files, corrected where the real server
// differs from them (the fake follows the server there): conversation create needs no source_id, contact
// create no inbox_id, webhooks answer {payload:{webhook}} and take inbox_created/inbox_updated, and some
// operations the server has are missing from the spec (EXTRA below).
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'

type Json = Record<string, unknown>
type Schema = Json

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: Schema
}

export interface Operation {
  method: string
  path: string
  operationId: string
  security: string[]
  parameters: Parameter[]
  bodySchema?: Schema
  bodyRequired: boolean
  /** Set for operations the spec lacks but the server has. */
  notInSpec?: true
  spec: 'platform' | 'application'
}

export interface ValidationResult {
  ok: boolean
  operation?: Operation
  errors: string[]
}

export interface RequestToValidate {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

function load(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../contract/${name}`, import.meta.url), 'utf8'))
}

const clone = <T>(v: T): T => structuredClone(v)

/** Where the server differs from the spec, applied to the loaded copies (the vendored files stay byte-identical to upstream). */
function patchSchemas(schemas: Record<string, Schema>) {
  const without = (list: unknown, key: string) => (Array.isArray(list) ? list.filter((k) => k !== key) : list)
  const conv = schemas.conversation_create_payload
  // inbox_id + contact_id is enough on the server; source_id is optional then.
  if (conv) conv.required = without(conv.required, 'source_id')
  const contact = schemas.contact_create_payload
  if (contact) {
    contact.required = without(contact.required, 'inbox_id')
    ;(contact.properties as Json).source_id = { type: 'string' }
  }
  const hook = schemas.webhook_create_update_payload
  if (hook) {
    const items = ((hook.properties as Json).subscriptions as Json).items as Json
    items.enum = [...(items.enum as string[]), 'inbox_created', 'inbox_updated']
    ;(hook.properties as Json).inbox_id = { type: ['integer', 'null'] }
  }
  const cad = schemas.custom_attribute_create_update_payload
  if (cad) {
    // The server also takes the enum names, not only the integers.
    const props = cad.properties as Json
    props.attribute_display_type = {
      anyOf: [
        { type: 'integer', minimum: 0, maximum: 7 },
        { enum: ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'] },
      ],
    }
    props.attribute_model = {
      anyOf: [
        { type: 'integer', minimum: 0, maximum: 2 },
        { enum: ['conversation_attribute', 'contact_attribute', 'company_attribute'] },
      ],
    }
  }
  // Platform accounts: `features{}` is accepted though not in the spec.
  const account = schemas.account_create_update_payload
  if (account)
    (account.properties as Json).features = { type: 'object', additionalProperties: { type: 'boolean' } }
}

/** Ajv does not support discriminator.mapping: turn such oneOf into if/then on the discriminator value. */
function rewriteDiscriminators(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteDiscriminators(item)
    return
  }
  if (!node || typeof node !== 'object') return
  const obj = node as Json
  const disc = obj.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined
  if (disc?.mapping && Array.isArray(obj.oneOf)) {
    const prop = disc.propertyName
    obj.type = 'object'
    obj.required = [prop]
    obj.properties = { [prop]: { enum: Object.keys(disc.mapping) } }
    obj.allOf = Object.entries(disc.mapping).map(([value, ref]) => ({
      if: { properties: { [prop]: { const: value } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword
      then: { $ref: ref },
    }))
    delete obj.oneOf
    delete obj.discriminator
  }
  for (const value of Object.values(obj)) rewriteDiscriminators(value)
}

/** Operations the server has that the spec lacks. */
const EXTRA: Omit<Operation, 'parameters' | 'bodyRequired' | 'spec'>[] & Partial<Operation>[] = [
  // ApiController#index: the installation's version and whether its Redis and Postgres answer; no token.
  { method: 'GET', path: '/api', operationId: 'x-installation-status', security: [] },
  {
    method: 'GET',
    path: '/platform/api/v1/accounts',
    operationId: 'x-list-accounts',
    security: ['platformAppApiKey'],
  },
  {
    method: 'POST',
    path: '/platform/api/v1/users/{id}/token',
    operationId: 'x-create-user-token',
    security: ['platformAppApiKey'],
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
  },
  {
    method: 'GET',
    path: '/api/v1/accounts/{account_id}/dashboard_apps',
    operationId: 'x-list-dashboard-apps',
    security: ['userApiKey'],
  },
  {
    method: 'POST',
    path: '/api/v1/accounts/{account_id}/dashboard_apps',
    operationId: 'x-create-dashboard-app',
    security: ['userApiKey'],
    bodyRequired: true,
    bodySchema: {
      type: 'object',
      required: ['title', 'content'],
      properties: {
        title: { type: 'string' },
        content: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['type', 'url'],
            properties: { type: { const: 'frame' }, url: { type: 'string' } },
          },
        },
      },
    },
  },
]

const accountIdParam: Parameter = {
  name: 'account_id',
  in: 'path',
  required: true,
  schema: { type: 'integer' },
}

class Contract {
  readonly operations: Operation[] = []
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
  private readonly validators = new Map<Operation, ValidateFunction>()
  private readonly routes: { op: Operation; regex: RegExp; literals: number }[] = []

  constructor() {
    for (const [spec, file] of [
      ['platform', 'platform_swagger.json'],
      ['application', 'application_swagger.json'],
    ] as const) {
      const doc = clone(load(file))
      const components = doc.components as Json
      patchSchemas(components.schemas as Record<string, Schema>)
      rewriteDiscriminators(components)
      rewriteDiscriminators(doc.paths)
      this.ajv.addSchema({ $id: spec, components }, spec)
      const params = (components.parameters ?? {}) as Record<string, Parameter>
      const resolve = (p: Json): Parameter =>
        typeof p.$ref === 'string'
          ? (params[p.$ref.split('/').pop() as string] as Parameter)
          : (p as unknown as Parameter)
      for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
        const shared = ((item.parameters ?? []) as Json[]).map(resolve)
        for (const [method, raw] of Object.entries(item)) {
          if (method === 'parameters') continue
          const op = raw as Json
          const own = ((op.parameters ?? []) as Json[]).map(resolve)
          const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined
          const json = body?.['application/json']?.schema as Schema | undefined
          this.add({
            method: method.toUpperCase(),
            path,
            operationId: String(op.operationId),
            security: ((op.security ?? []) as Json[]).flatMap((s) => Object.keys(s)),
            parameters: [...shared, ...own].filter(Boolean),
            bodySchema: json ? rebase(json, spec) : undefined,
            bodyRequired: Boolean((op.requestBody as Json | undefined)?.required),
            spec,
          })
        }
      }
    }
    for (const extra of EXTRA) {
      const spec = extra.path?.startsWith('/platform') ? 'platform' : 'application'
      this.add({
        parameters: extra.path?.includes('{account_id}') ? [accountIdParam] : [],
        bodyRequired: false,
        notInSpec: true,
        spec,
        ...extra,
      } as Operation)
    }
    // The spec gives DELETE account_users no body; the server reads user_id from it.
    const deleteAccountUser = this.find('DELETE', '/platform/api/v1/accounts/{account_id}/account_users')
    if (deleteAccountUser) {
      deleteAccountUser.bodySchema = {
        type: 'object',
        required: ['user_id'],
        properties: { user_id: { type: 'integer' } },
      }
      deleteAccountUser.bodyRequired = true
    }
    // toggle_status without `status` toggles open<->resolved on the server.
    const toggle = this.find(
      'POST',
      '/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status',
    )
    if (toggle?.bodySchema) toggle.bodySchema = { ...toggle.bodySchema, required: [] }
    // The server lists every definition when attribute_model is absent.
    const cadList = this.find('GET', '/api/v1/accounts/{account_id}/custom_attribute_definitions')
    if (cadList)
      cadList.parameters = cadList.parameters.map((p) =>
        p.name === 'attribute_model' ? { ...p, required: false, schema: { enum: ['0', '1', '2'] } } : p,
      )
    this.routes.sort((a, b) => b.literals - a.literals)
  }

  find(method: string, path: string): Operation | undefined {
    return this.operations.find((o) => o.method === method && o.path === path)
  }

  private add(op: Operation) {
    this.operations.push(op)
    const segments = op.path.split('/').filter(Boolean)
    const regex = new RegExp(
      `^/${segments.map((s) => (s.startsWith('{') ? `(?<${s.slice(1, -1)}>[^/]+)` : escapeRegex(s))).join('/')}/?$`,
    )
    this.routes.push({ op, regex, literals: segments.filter((s) => !s.startsWith('{')).length })
  }

  match(method: string, path: string): { op: Operation; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.op.method !== method) continue
      const m = route.regex.exec(path)
      if (m) return { op: route.op, params: { ...m.groups } }
    }
    return undefined
  }

  validate(req: RequestToValidate): ValidationResult {
    const found = this.match(req.method.toUpperCase(), req.path)
    if (!found)
      return { ok: false, errors: [`${req.method} ${req.path} is not an operation of the contract`] }
    const { op, params } = found
    const errors: string[] = []
    if (op.security.length > 0 && !req.headers.api_access_token)
      errors.push('missing api_access_token header')
    for (const p of op.parameters) {
      const value = p.in === 'path' ? params[p.name] : p.in === 'query' ? req.query[p.name] : undefined
      if (p.in === 'header') continue
      if (value === undefined || value === '') {
        if (p.required) errors.push(`${p.in} parameter ${p.name} is required`)
        continue
      }
      const problem = checkScalar(value, p.schema)
      if (problem) errors.push(`${p.in} parameter ${p.name}: ${problem}`)
    }
    if (op.bodySchema) {
      if (req.body === undefined) {
        if (op.bodyRequired) errors.push('request body is required')
      } else {
        let validator = this.validators.get(op)
        if (!validator) {
          validator = this.ajv.compile(op.bodySchema)
          this.validators.set(op, validator)
        }
        if (!validator(req.body))
          for (const e of validator.errors ?? [])
            errors.push(`body${e.instancePath} ${e.message ?? 'invalid'}`)
      }
    }
    return { ok: errors.length === 0, operation: op, errors }
  }
}

function rebase(schema: Schema, spec: string): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${spec}#/`))
}

function escapeRegex(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function checkScalar(value: string, schema: Schema | undefined): string | undefined {
  if (!schema) return undefined
  const type = schema.type
  if ((type === 'integer' || type === 'number') && !/^-?\d+(\.\d+)?$/.test(value))
    return `expected ${type}, got "${value}"`
  if (type === 'integer' && !/^-?\d+$/.test(value)) return `expected integer, got "${value}"`
  if (type === 'boolean' && value !== 'true' && value !== 'false') return `expected boolean, got "${value}"`
  if (Array.isArray(schema.enum) && !schema.enum.map(String).includes(value))
    return `"${value}" is not one of ${schema.enum.join(', ')}`
  return undefined
}

let contract: Contract | undefined

/** Validates one request against the vendored contract, corrected where the server differs from it. */
export function validateRequest(req: RequestToValidate): ValidationResult {
  contract ??= new Contract()
  return contract.validate(req)
}

export function contractOperations(): Operation[] {
  contract ??= new Contract()
  return contract.operations
}
