import { z } from 'zod'
import type { SealedWith } from '../_shared/secrets.ts'

/** What rpc('secret_values') returns: every encrypted column, and each distinct value stored in one. */
export const SecretValues = z.object({
  columns: z.array(z.string()),
  values: z.array(z.object({ schema: z.string(), table: z.string(), column: z.string(), value: z.string() })),
})

export type StoredSecret = z.infer<typeof SecretValues>['values'][number]

export interface RotationReport {
  /** Every encrypted secret column, "schema.table.column". */
  columns: string[]
  /** Distinct values by the key that opened them before this run ('none': legacy plain text). */
  found: Record<SealedWith | 'unreadable', number>
  /** Rows now encrypted with the current key that were not before. */
  rows_reencrypted: number
  /** Columns holding values neither key opens: they stay as they are, and need setting again. */
  unreadable: string[]
  /** Every value now opens with the current key: PARLEY_ENCRYPTION_KEY_PREVIOUS can go. */
  done: boolean
}

export function rotationReport(
  columns: string[],
  seen: { secret: StoredSecret; sealedWith: SealedWith | 'unreadable' }[],
  rowsReencrypted: number,
): RotationReport {
  const found = { current: 0, previous: 0, none: 0, unreadable: 0 }
  const unreadable = new Set<string>()
  for (const { secret, sealedWith } of seen) {
    found[sealedWith]++
    if (sealedWith === 'unreadable') unreadable.add(`${secret.schema}.${secret.table}.${secret.column}`)
  }
  return {
    columns,
    found,
    rows_reencrypted: rowsReencrypted,
    unreadable: [...unreadable],
    done: unreadable.size === 0,
  }
}
