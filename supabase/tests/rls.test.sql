-- Schema-wide guarantees, read from the catalog so that a table added later cannot forget them:
-- RLS on every table, policies for authenticated only and written with (select auth.uid()), every
-- column a policy filters on indexed, no grants to anon, secret columns closed, helpers locked down.
begin;
create extension if not exists pgtap with schema extensions;
select plan(16);

create temp view public_tables as
  select c.oid, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p');

create temp view public_policies as
  select c.relname, p.polname, p.polrelid, p.polroles,
    coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as expr
  from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public';

select is_empty($$ select t.relname from public_tables t join pg_class c on c.oid = t.oid where not c.relrowsecurity $$,
  'every table in public has row level security enabled');

select is_empty($$ select relname from public_tables t where not exists (select 1 from pg_policy p where p.polrelid = t.oid) $$,
  'every table in public has at least one policy (none is left closed by accident)');

select is_empty($$ select relname || ': ' || polname from public_policies where polroles <> array['authenticated'::regrole::oid] $$,
  'every policy applies to authenticated only');

-- pg_get_expr prints (select auth.uid()) as "( SELECT auth.uid() AS uid)"; any other call is per row.
select is_empty($$ select relname || ': ' || polname from public_policies
  where regexp_replace(expr, 'SELECT auth\.(uid|jwt)\(\) AS \w+', '', 'g') ~ 'auth\.(uid|jwt|role|email)\(' $$,
  'every policy calls auth.uid()/auth.jwt() through an initPlan: (select auth.uid())');

-- Each uuid column (and e-mail) a policy mentions must lead some index.
select is_empty($$
  select distinct pp.relname || '.' || a.attname
  from public_policies pp
  join pg_attribute a on a.attrelid = pp.polrelid and a.attnum > 0 and not a.attisdropped
  where pp.expr ~ ('\m' || a.attname || '\M')
    and (a.atttypid = 'uuid'::regtype or a.attname = 'email')
    and not exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indkey[0] = a.attnum)
$$, 'every column a policy filters on leads an index');

-- ...and so must the columns the private helpers filter on.
select ok(exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indrelid = 'public.memberships'::regclass and a.attname = 'user_id')
  and exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indrelid = 'public.chat_sessions'::regclass and a.attname = 'visitor_id'),
  'memberships.user_id and chat_sessions.visitor_id (used by the private helpers) are indexed');

select is_empty($$
  select conrelid::regclass || ' ' || conname from pg_constraint co
  join pg_namespace n on n.oid = co.connamespace
  where n.nspname = 'public' and co.contype = 'f'
    and not exists (select 1 from pg_index i where i.indrelid = co.conrelid and i.indkey[0] = co.conkey[1])
$$, 'every foreign key leads an index (cascades and joins stay cheap)');

select is_empty($$ select relname from public_tables
  where relname not in ('stores', 'profiles', 'plans') -- plans: a catalog every store chooses from
    and not exists (select 1 from pg_attribute a where a.attrelid = public_tables.oid and a.attname = 'store_id'
      and a.atttypid = 'uuid'::regtype) $$,
  'every tenant table carries store_id');

select is_empty($$ select relname || ' ' || p from public_tables, unnest(array['select', 'insert', 'update', 'delete']) p
  where has_table_privilege('anon', oid, p)
    or case when p = 'delete' then false else has_any_column_privilege('anon', oid, p) end $$,
  'anon has no privilege on any table in public');

-- Secret columns are marked in the schema (comment on column ... is 'secret...', see
-- 20261201700000_secret_columns.sql), so this list is read from the catalog, never kept by hand.
create temp view secret_columns as
  select c.oid as relid, n.nspname || '.' || c.relname || '.' || a.attname as name, a.attname,
    coalesce(substring(col_description(c.oid, a.attnum) from '^secret(?: \([^)]*\))?:'), '') as mark
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    and col_description(c.oid, a.attnum) ~ '^secret\M';

select isnt_empty($$ select name from secret_columns $$, 'the schema marks its secret columns');

-- 'secret:' is the service role's alone; 'secret (write-only):' may be set by signed-in users (RLS says
-- whose rows) but never read; 'secret (shown to its row''s readers):' is read by signed-in users where RLS
-- shows the row. anon never touches any of them, and any other mark is a typo.
select is_empty($$ select name || ' ' || r || ' ' || p || ' (' || mark || ')' from secret_columns,
    unnest(array['anon', 'authenticated']) r, unnest(array['select', 'insert', 'update']) p
  where has_column_privilege(r, relid, attname, p)
    and (r = 'anon' or case mark
      when 'secret:' then true
      when 'secret (write-only):' then p <> 'update'
      when 'secret (shown to its row''s readers):' then p = 'insert'
      else true end)
  union all
  select name || ' has an unknown mark' from secret_columns
  where mark not in ('secret:', 'secret (write-only):', 'secret (shown to its row''s readers):') $$,
  'no API role but service_role can read or write a secret column, beyond what its mark allows');

select is_empty($$ select name from secret_columns
  where not (has_column_privilege('service_role', relid, attname, 'select')
    and has_column_privilege('service_role', relid, attname, 'update')) $$,
  'the service role reads and writes every secret column');

-- A column whose name looks secret is marked, or listed here with the reason it is not a secret.
select is_empty($$ select n.nspname || '.' || c.relname || '.' || a.attname
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
    and (a.attname like '%secret%' or a.attname like '%token%' or a.attname like '%password%'
      or a.attname like '%\_key' or a.attname like '%credentials%')
    and coalesce(col_description(c.oid, a.attnum), '') !~ '^secret\M'
    and n.nspname || '.' || c.relname || '.' || a.attname not in (
      'public.chatwoot_accounts.website_token',     -- Chatwoot's widget token: in every page of the store's site
      'public.chatbot_ai_settings.has_api_key',     -- whether a key is set, not the key
      'public.chatbot_ai_settings.max_tokens',      -- a limit on a reply's length
      'public.outbox.idempotency_key',              -- job keys built from ids in the payload
      'public.outbox.coalesce_key',
      'public.workflow_runs.idempotency_key',       -- a run's key: the workflow and the trigger event's id
      'public.automation_events.dedupe_key',        -- an event's key, built from the row that caused it
      'public.plans.price_lookup_key',              -- Stripe price lookup keys: names of prices, not credentials
      'public.plans.overage_lookup_key'
    ) $$,
  'every column whose name looks secret is marked secret or allowed by name');

select ok(not has_schema_privilege('anon', 'private', 'usage'), 'anon cannot use schema private');

select is_empty($$ select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'private'::regnamespace
    and (has_function_privilege('anon', p.oid, 'execute')
      or exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0)) $$,
  'no private function is executable by anon or PUBLIC');

select is_empty($$ select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace) and p.prosecdef
    and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%') $$,
  'every security definer function pins its search_path');

select * from finish();
rollback;
