// The vendored contract (contract/contract.json, extracted from stripe-node's types for API 2026-07-29.dahlia):
// which endpoints exist and which parameters each takes. Stripe refuses unknown parameters and enum values
// outside the version's list, so the fake does too: a typo in Parley's calls fails here as it would live.
import { readFileSync } from 'node:fs'

type Schema = {
  $ref?: string
  type?: string
  properties?: Record<string, Schema>
  additionalProperties?: Schema | boolean
  items?: Schema
  anyOf?: Schema[]
  enum?: unknown[]
  'x-known-values'?: string[]
  required?: string[]
}

const contract = JSON.parse(readFileSync(new URL('../contract/contract.json', import.meta.url), 'utf8')) as {
  apiVersion: string
  endpoints: { id: string; method: string; path: string; params?: Schema }[]
  $defs: Record<string, Schema>
}

/** The API version the contract describes: the one the fake answers in and stamps on its events. */
export const apiVersion = contract.apiVersion

export interface ParamError {
  code: 'parameter_unknown' | 'parameter_invalid_empty' | 'parameter_missing' | 'parameter_invalid'
  param: string
  message: string
}

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(contract.$defs[schema.$ref.split('/').pop() ?? ''] ?? {}) : schema

/** The contract's parameter schema for an endpoint id (e.g. `checkout.sessions.create`), if it has one. */
export function paramsSchema(endpointId: string): Schema | undefined {
  const endpoint = contract.endpoints.find((e) => e.id === endpointId)
  return endpoint?.params
}

/** The first way `value` (form-decoded, so leaves are strings) breaks `schema`, or null. */
export function checkParams(schema: Schema, value: unknown, path = ''): ParamError | null {
  const s = resolve(schema)
  if (s.anyOf) {
    const errors = s.anyOf.map((option) => checkParams(option, value, path))
    return errors.some((e) => e === null) ? null : (errors[0] ?? null)
  }
  // "" unsets an emptyable field: Stripe decides per field, the fake accepts it everywhere
  if (value === '') return null
  if (s.type === 'object' || s.properties) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return invalid(path, `Invalid object`)
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}[${key}]` : key
      const childSchema = s.properties?.[key]
      if (childSchema) {
        const error = checkParams(childSchema, child, childPath)
        if (error) return error
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const error = checkParams(s.additionalProperties, child, childPath)
        if (error) return error
      } else if (!s.additionalProperties) {
        return {
          code: 'parameter_unknown',
          param: childPath,
          message: `Received unknown parameter: ${childPath}`,
        }
      }
    }
    for (const key of s.required ?? []) {
      if (!(key in (value as object))) {
        const param = path ? `${path}[${key}]` : key
        return { code: 'parameter_missing', param, message: `Missing required param: ${param}.` }
      }
    }
    return null
  }
  if (s.type === 'array') {
    const items = Array.isArray(value)
      ? value
      : typeof value === 'object' && value
        ? Object.values(value)
        : null
    if (!items) return invalid(path, 'Invalid array')
    for (const [i, item] of items.entries()) {
      const error = checkParams(s.items ?? {}, item, `${path}[${i}]`)
      if (error) return error
    }
    return null
  }
  const known = s['x-known-values'] ?? (s.enum as string[] | undefined)
  if (known && typeof value === 'string' && !known.includes(value))
    return invalid(path, `Invalid ${path}: must be one of ${known.join(', ')}`)
  if (s.type === 'number' && (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)))
    return invalid(path, `Invalid integer: ${String(value)}`)
  if (s.type === 'boolean' && value !== 'true' && value !== 'false')
    return invalid(path, `Invalid boolean: ${String(value)}`)
  return null
}

const invalid = (param: string, message: string): ParamError => ({
  code: 'parameter_invalid',
  param,
  message,
})
