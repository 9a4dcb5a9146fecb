'use client'

import { Cross2Icon, PlusIcon } from '@radix-ui/react-icons'
import {
  Box,
  Button,
  Card,
  Checkbox,
  Flex,
  IconButton,
  Select,
  Text,
  TextArea,
  TextField,
} from '@radix-ui/themes'
import { useId, useState } from 'react'
import {
  humanize,
  optionLabel,
  optionsOf,
  reconcileOptions,
} from '../../../lib/automations/dependent-options.ts'
import { listText, parseList } from '../../../lib/automations/list-text.ts'
import type { JsonSchema } from '../../../lib/automations/node-types.ts'

// A form rendered from a node type's config as JSON Schema (zod's toJSONSchema with the `.meta()` hints:
// title, description, widget, placeholder, order). It knows JSON Schema, never a node type, so a new node
// type needs no edit here.

type Change = (value: unknown) => void

export interface FieldProps {
  schema: JsonSchema
  value: unknown
  onChange: Change
  /** The field's path in the config ('when.rules.0.value'), to show the validator's message beside it. */
  path: string
  errors: ReadonlyMap<string, string>
  readOnly: boolean
  label?: string
  /** The object this field sits in (a choice may offer options by its siblings' values). */
  siblings?: Record<string, unknown>
}

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type[0] : schema.type

/** A value for a new item or field: the schema's default, else an empty value of its type. */
export function emptyValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default)
  if (schema.anyOf?.[0]) return emptyValue(schema.anyOf[0])
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? []) {
        const field = schema.properties?.[key]
        if (field) out[key] = field.enum ? field.enum[0] : emptyValue(field)
      }
      return out
    }
    case 'array':
      return []
    case 'number':
    case 'integer':
      return 0
    case 'boolean':
      return false
    default:
      return ''
  }
}

/** Errors under this path (for a card around a nested object: anything inside it). */
const errorAt = (errors: ReadonlyMap<string, string>, path: string) => errors.get(path)

function Labelled({
  id,
  label,
  schema,
  error,
  children,
}: {
  id: string
  label: string
  schema: JsonSchema
  error?: string
  children: React.ReactNode
}) {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children}
      {schema.description ? (
        <Text size="1" color="gray" id={`${id}-help`}>
          {schema.description}
        </Text>
      ) : null}
      {error ? (
        <Text size="1" color="red" role="alert" id={`${id}-error`}>
          {error}
        </Text>
      ) : null}
    </Flex>
  )
}

export function SchemaField(props: FieldProps) {
  const { schema, path } = props
  const type = typeOf(schema)
  if (schema.anyOf) {
    const objects = schema.anyOf.every((v) => typeOf(v) === 'object')
    return objects ? <VariantField {...props} /> : <LooseValueField {...props} />
  }
  if (schema.enum) return <EnumField {...props} />
  if (type === 'object') {
    if (schema.properties) return <ObjectField {...props} />
    return <RecordField {...props} />
  }
  if (type === 'array') {
    const items = schema.items ?? {}
    const itemType = typeOf(items)
    if (itemType === 'object' || items.anyOf) return <ListField {...props} />
    return <ListOfValuesField {...props} />
  }
  if (type === 'boolean') return <BooleanField {...props} />
  if (type === 'number' || type === 'integer') return <NumberField {...props} />
  return <TextFieldControl key={path} {...props} />
}

function fieldLabel(props: FieldProps) {
  const key = props.path.split('.').pop() ?? ''
  return props.label ?? props.schema.title ?? humanize(key)
}

function describedBy(id: string, props: FieldProps) {
  return (
    [props.schema.description ? `${id}-help` : '', errorAt(props.errors, props.path) ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined
  )
}

function TextFieldControl(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  const error = errorAt(errors, path)
  const multiline = schema.widget === 'template' || schema.widget === 'textarea'
  const common = {
    id,
    value: typeof value === 'string' ? value : value == null ? '' : String(value),
    placeholder: schema.placeholder,
    readOnly,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, props),
  }
  return (
    <Labelled id={id} label={fieldLabel(props)} schema={schema} error={error}>
      {multiline ? (
        <TextArea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <TextField.Root
          {...common}
          type={schema.widget === 'url' ? 'url' : schema.widget === 'secret' ? 'password' : 'text'}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {schema.widget === 'template' ? (
        <Text size="1" color="gray">
          Use variables like {'{{contact.name | "there"}}'} or {'{{message.text}}'}.
        </Text>
      ) : null}
    </Labelled>
  )
}

function NumberField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  const error = errorAt(errors, path)
  return (
    <Labelled id={id} label={fieldLabel(props)} schema={schema} error={error}>
      <TextField.Root
        id={id}
        type="number"
        inputMode="decimal"
        value={typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''}
        min={schema.minimum}
        max={schema.maximum !== undefined && schema.maximum < 1e15 ? schema.maximum : undefined}
        step={typeOf(schema) === 'integer' ? 1 : 'any'}
        placeholder={schema.placeholder}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => {
          const text = e.target.value
          onChange(text === '' || Number.isNaN(Number(text)) ? text : Number(text))
        }}
      />
    </Labelled>
  )
}

function BooleanField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="2">
        <Flex gap="2" align="center">
          <Checkbox
            id={id}
            checked={value === true}
            disabled={readOnly}
            onCheckedChange={(checked) => onChange(checked === true)}
          />
          {fieldLabel(props)}
        </Flex>
      </Text>
      {schema.description ? (
        <Text size="1" color="gray">
          {schema.description}
        </Text>
      ) : null}
      {errorAt(errors, path) ? (
        <Text size="1" color="red" role="alert">
          {errorAt(errors, path)}
        </Text>
      ) : null}
    </Flex>
  )
}

function EnumField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  const options = optionsOf(schema, props.siblings)
  const current = value === undefined || value === null ? '' : String(value)
  return (
    <Labelled id={id} label={fieldLabel(props)} schema={schema} error={errorAt(errors, path)}>
      <Select.Root value={current || undefined} onValueChange={(v) => onChange(v)} disabled={readOnly}>
        <Select.Trigger id={id} placeholder="Choose…" aria-describedby={describedBy(id, props)} />
        <Select.Content>
          {options.map((o) => (
            <Select.Item key={o} value={o}>
              {optionLabel(schema, o)}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Labelled>
  )
}

/** A value that may be text, a number or a list (a rule's value): typed as text, commas make a list. */
function LooseValueField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  const types = new Set((schema.anyOf ?? []).map(typeOf))
  const text = Array.isArray(value) ? value.join(', ') : value == null ? '' : String(value)
  return (
    <Labelled id={id} label={fieldLabel(props)} schema={schema} error={errorAt(errors, path)}>
      <TextField.Root
        id={id}
        value={text}
        readOnly={readOnly}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => {
          const raw = e.target.value
          const toValue = (s: string) =>
            types.has('number') && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s
          if (types.has('array') && raw.includes(',')) onChange(raw.split(',').map((s) => toValue(s.trim())))
          else onChange(raw === '' ? undefined : toValue(raw))
        }}
      />
      {types.has('array') ? (
        <Text size="1" color="gray">
          Separate several values with commas.
        </Text>
      ) : null}
    </Labelled>
  )
}

function ListOfValuesField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly, errors, path } = props
  const list = Array.isArray(value) ? value : []
  const numeric = ['number', 'integer'].includes(typeOf(schema.items ?? {}) ?? '')
  // Controlled, so an undo shows the list the step holds again; the draft keeps a trailing comma.
  const [draft, setDraft] = useState(() => list.join(', '))
  return (
    <Labelled id={id} label={fieldLabel(props)} schema={schema} error={errorAt(errors, path)}>
      <TextField.Root
        id={id}
        value={listText(draft, list, numeric)}
        placeholder={schema.placeholder ?? 'Separate values with commas'}
        readOnly={readOnly}
        aria-describedby={describedBy(id, props)}
        onChange={(e) => {
          setDraft(e.target.value)
          onChange(parseList(e.target.value, numeric))
        }}
      />
    </Labelled>
  )
}

function ObjectField(props: FieldProps) {
  const { schema, value, onChange, path, errors, readOnly } = props
  const object = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
    string,
    unknown
  >
  const fields = Object.entries(schema.properties ?? {}).sort(
    ([, a], [, b]) => (a.order ?? 1000) - (b.order ?? 1000),
  )
  const error = errorAt(errors, path)
  return (
    <Flex direction="column" gap="3">
      {fields.map(([key, field]) => (
        <SchemaField
          key={key}
          schema={field}
          value={object[key] ?? (field.default !== undefined ? field.default : undefined)}
          path={path ? `${path}.${key}` : key}
          errors={errors}
          readOnly={readOnly}
          siblings={object}
          onChange={(v) => {
            const next = { ...object }
            if (v === undefined) delete next[key]
            else next[key] = v
            onChange(reconcileOptions(schema, next, key))
          }}
        />
      ))}
      {error ? (
        <Text size="1" color="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Flex>
  )
}

/** A field whose value is one of several kinds of object (a rule or a nested group): pick the kind. */
function VariantField(props: FieldProps) {
  const id = useId()
  const { schema, value, onChange, readOnly } = props
  const variants = schema.anyOf ?? []
  const keys = value && typeof value === 'object' ? Object.keys(value) : []
  // The variant whose required keys the value has, the most specific first.
  const index = Math.max(
    0,
    variants.findIndex((v) => (v.required ?? []).every((k) => keys.includes(k))),
  )
  const variant = variants[index] ?? {}
  return (
    <Flex direction="column" gap="2">
      {variants.length > 1 ? (
        <Flex gap="2" align="center">
          <Text as="label" size="1" color="gray" htmlFor={id}>
            Kind
          </Text>
          <Select.Root
            value={String(index)}
            disabled={readOnly}
            onValueChange={(v) => onChange(emptyValue(variants[Number(v)] ?? {}))}
          >
            <Select.Trigger id={id} variant="ghost" />
            <Select.Content>
              {variants.map((v, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: variants are fixed by the schema
                <Select.Item key={i} value={String(i)}>
                  {v.title ?? `Option ${i + 1}`}
                </Select.Item>
              ))}
            </Select.Content>
          </Select.Root>
        </Flex>
      ) : null}
      <ObjectField {...props} schema={variant} label={undefined} />
    </Flex>
  )
}

function ListField(props: FieldProps) {
  const { schema, value, onChange, path, errors, readOnly } = props
  const list = Array.isArray(value) ? value : []
  const items = schema.items ?? {}
  const canAdd = !readOnly && (schema.maxItems === undefined || list.length < schema.maxItems)
  const canRemove = !readOnly && list.length > (schema.minItems ?? 0)
  const label = fieldLabel(props)
  return (
    <Flex direction="column" gap="2" role="group" aria-label={label}>
      <Text size="2" weight="medium">
        {label}
      </Text>
      {schema.description ? (
        <Text size="1" color="gray">
          {schema.description}
        </Text>
      ) : null}
      {list.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no ids of their own
        <Card key={i} size="1" variant="surface">
          <Flex gap="2" align="start">
            <Box flexGrow="1" minWidth="0">
              <SchemaField
                schema={items}
                value={item}
                path={`${path}.${i}`}
                errors={errors}
                readOnly={readOnly}
                label={`${items.title ?? 'Item'} ${i + 1}`}
                onChange={(v) => onChange(list.map((old, j) => (j === i ? v : old)))}
              />
            </Box>
            {canRemove ? (
              <IconButton
                size="1"
                variant="ghost"
                color="gray"
                aria-label={`Remove ${(items.title ?? 'item').toLowerCase()} ${i + 1}`}
                onClick={() => onChange(list.filter((_, j) => j !== i))}
              >
                <Cross2Icon />
              </IconButton>
            ) : null}
          </Flex>
        </Card>
      ))}
      {errorAt(errors, path) ? (
        <Text size="1" color="red" role="alert">
          {errorAt(errors, path)}
        </Text>
      ) : null}
      {canAdd ? (
        <Box>
          <Button
            size="1"
            variant="soft"
            onClick={() => onChange([...list, emptyValue(items.anyOf?.[0] ?? items)])}
          >
            <PlusIcon aria-hidden /> Add {(items.anyOf?.[0]?.title ?? items.title ?? 'item').toLowerCase()}
          </Button>
        </Box>
      ) : null}
    </Flex>
  )
}

/** Free-form keys to text values (webhook headers and extra fields). */
function RecordField(props: FieldProps) {
  const { schema, value, onChange, path, errors, readOnly } = props
  const entries = Object.entries((value && typeof value === 'object' ? value : {}) as Record<string, string>)
  const label = fieldLabel(props)
  const set = (next: [string, string][]) => onChange(Object.fromEntries(next))
  return (
    <Flex direction="column" gap="2" role="group" aria-label={label}>
      <Text size="2" weight="medium">
        {label}
      </Text>
      {schema.description ? (
        <Text size="1" color="gray">
          {schema.description}
        </Text>
      ) : null}
      {entries.map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a key being typed changes, its row does not
        <Flex key={i} gap="2" align="center">
          <TextField.Root
            aria-label={`${label}: name ${i + 1}`}
            value={k}
            readOnly={readOnly}
            style={{ flex: 1 }}
            onChange={(e) => set(entries.map(([ok, ov], j) => (j === i ? [e.target.value, ov] : [ok, ov])))}
          />
          <TextField.Root
            aria-label={`${label}: value ${i + 1}`}
            value={String(v)}
            readOnly={readOnly}
            type={schema.widget === 'secret' ? 'password' : 'text'}
            style={{ flex: 2 }}
            onChange={(e) => set(entries.map(([ok, ov], j) => (j === i ? [ok, e.target.value] : [ok, ov])))}
          />
          {!readOnly ? (
            <IconButton
              size="1"
              variant="ghost"
              color="gray"
              aria-label={`Remove ${k || `row ${i + 1}`}`}
              onClick={() => set(entries.filter((_, j) => j !== i))}
            >
              <Cross2Icon />
            </IconButton>
          ) : null}
        </Flex>
      ))}
      {errorAt(errors, path) ? (
        <Text size="1" color="red" role="alert">
          {errorAt(errors, path)}
        </Text>
      ) : null}
      {!readOnly ? (
        <Box>
          <Button
            size="1"
            variant="soft"
            onClick={() => set([...entries, [`name${entries.length + 1}`, '']])}
          >
            <PlusIcon aria-hidden /> Add
          </Button>
        </Box>
      ) : null}
    </Flex>
  )
}
