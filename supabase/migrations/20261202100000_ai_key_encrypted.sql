-- The chatbot's AI provider key is encrypted at rest like the Chatwoot tokens ("v1.<iv>.<data>", AES-256-GCM
-- with PARLEY_ENCRYPTION_KEY, supabase/functions/_shared/secrets.ts). The key exists only in the functions'
-- environment, so owners and admins no longer write the column through PostgREST: the chatbot-secrets
-- function checks who they are (RLS, with their JWT), encrypts, and stores it as the service role.
-- Values stored in plain text before this are encrypted by the chat function the first time it uses them, or
-- all at once by the rotate-secrets function.

revoke update (api_key) on public.chatbot_ai_settings from authenticated;

-- An encrypted 500-character key is about 700 characters.
alter table public.chatbot_ai_settings drop constraint chatbot_ai_settings_api_key_check;
alter table public.chatbot_ai_settings
  add constraint chatbot_ai_settings_api_key_check check (char_length(api_key) between 1 and 1000);

comment on column public.chatbot_ai_settings.api_key is
  'secret: the store''s key for its AI provider (encrypted), set through the chatbot-secrets function; has_api_key tells the dashboard whether one is set';

-- ---------------------------------------------------------------------------------------------
-- Rotation. The encrypted columns are found from the schema, not a list: a text column whose comment starts
-- with "secret" (20261201700000_secret_columns.sql) and says "(encrypted)".
create or replace function private.encrypted_secret_columns()
returns table (schema_name text, table_name text, column_name text)
language sql
stable
security definer
set search_path = ''
as $$
  select n.nspname::text, c.relname::text, a.attname::text
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    and a.atttypid = 'pg_catalog.text'::pg_catalog.regtype
    and pg_catalog.col_description(c.oid, a.attnum) ~ '^secret'
    and pg_catalog.col_description(c.oid, a.attnum) ~ '\(encrypted\)'
  order by 1, 2, 3;
$$;

-- Every distinct stored value of every encrypted column: { columns: ['schema.table.column'], values:
-- [{ schema, table, column, value }] }. One JSON value, so no row limit of the API cuts it short.
create or replace function public.secret_values()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_column record;
  v_found jsonb;
  v_values jsonb := '[]';
  v_columns jsonb := '[]';
begin
  for v_column in select * from private.encrypted_secret_columns() loop
    v_columns := v_columns || to_jsonb(format('%s.%s.%s', v_column.schema_name, v_column.table_name,
      v_column.column_name));
    execute format(
      'select coalesce(jsonb_agg(jsonb_build_object(''schema'', %L, ''table'', %L, ''column'', %L, ''value'', v)), ''[]'')
         from (select distinct t.%I as v from %I.%I t where t.%I is not null) d',
      v_column.schema_name, v_column.table_name, v_column.column_name,
      v_column.column_name, v_column.schema_name, v_column.table_name, v_column.column_name)
    into v_found;
    v_values := v_values || v_found;
  end loop;
  return jsonb_build_object('columns', v_columns, 'values', v_values);
end;
$$;

-- Replaces stored values with their re-encrypted form: p_changes = [{ schema, table, column, old, new }].
-- Compare-and-set: a row whose value changed meanwhile (someone set a new key) keeps its new value.
-- Returns how many rows changed. Only encrypted secret columns can be named.
create or replace function public.replace_secret_values(p_changes jsonb)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_column record;
  v_count int;
  v_total int := 0;
begin
  if exists (
    select 1 from jsonb_to_recordset(p_changes) as c(schema text, "table" text, "column" text)
    where not exists (select 1 from private.encrypted_secret_columns() e
                      where e.schema_name = c.schema and e.table_name = c."table" and e.column_name = c."column")
  ) then
    raise exception 'only encrypted secret columns can be replaced' using errcode = '22023';
  end if;
  for v_column in
    select distinct c.schema, c."table", c."column"
    from jsonb_to_recordset(p_changes) as c(schema text, "table" text, "column" text)
  loop
    execute format(
      'update %I.%I t set %I = c.new
         from jsonb_to_recordset($1) as c(schema text, "table" text, "column" text, old text, new text)
        where c.schema = %L and c."table" = %L and c."column" = %L and t.%I = c.old',
      v_column.schema, v_column."table", v_column."column",
      v_column.schema, v_column."table", v_column."column", v_column."column")
    using p_changes;
    get diagnostics v_count = row_count;
    v_total := v_total + v_count;
  end loop;
  return v_total;
end;
$$;

revoke all on function private.encrypted_secret_columns() from public, anon, authenticated;
revoke all on function public.secret_values() from public, anon, authenticated;
revoke all on function public.replace_secret_values(jsonb) from public, anon, authenticated;
grant execute on function public.secret_values() to service_role;
grant execute on function public.replace_secret_values(jsonb) to service_role;
