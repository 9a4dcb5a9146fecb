-- Realtime: the publication apps add tables to (empty, as in the Supabase image) and the trigger-based change
-- capture our /realtime/v1 server reads (PGlite has no logical decoding; see src/realtime/README.md).
-- Idempotent: runs on every start.

do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

-- One row per captured row change; the realtime server deletes what it has delivered. Rows become visible to
-- it when their transaction commits, so draining "whatever is there, by id" yields commit order.
create table if not exists realtime.changes (
  id bigint generated always as identity primary key,
  schema_name text not null,
  table_name text not null,
  -- BROADCAST: realtime.send() (record = {topic, event, payload, private})
  type text not null,
  record jsonb,
  old_record jsonb,
  commit_timestamp timestamptz not null default now()
);
alter table realtime.changes drop constraint if exists changes_type_check;
alter table realtime.changes add constraint changes_type_check
  check (type in ('INSERT', 'UPDATE', 'DELETE', 'BROADCAST'));
-- Whether old_record may be shown whole (REPLICA IDENTITY FULL at the time of the change) or only its key.
alter table realtime.changes add column if not exists old_is_full boolean not null default false;
alter table realtime.changes enable row level security;
revoke all on realtime.changes from public, anon, authenticated, service_role;

create or replace function realtime.capture_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into realtime.changes (schema_name, table_name, type, record, old_record, old_is_full)
  values (
    tg_table_schema,
    tg_table_name,
    tg_op,
    case when tg_op <> 'DELETE' then to_jsonb(new) end,
    case when tg_op <> 'INSERT' then to_jsonb(old) end,
    tg_op <> 'INSERT' and (select c.relreplident = 'f' from pg_catalog.pg_class c where c.oid = tg_relid)
  );
  -- one notification per transaction (identical payloads are folded), delivered after commit
  perform pg_notify('realtime_changes', '');
  return null;
end
$$;
revoke execute on function realtime.capture_change() from public;

-- Puts the capture trigger on every table in supabase_realtime and takes it off tables that left it.
-- Cheap when nothing changed (two catalog reads); the realtime server calls it on start and now and then.
create or replace function realtime.sync_capture_triggers()
returns void
language plpgsql
set search_path = ''
as $$
declare
  rel regclass;
begin
  for rel in
    select format('%I.%I', pt.schemaname, pt.tablename)::regclass
    from pg_catalog.pg_publication_tables pt
    -- never our own queue (a FOR ALL TABLES publication would otherwise make every drain a change)
    where pt.pubname = 'supabase_realtime' and pt.schemaname <> 'realtime'
      and not exists (
        select from pg_catalog.pg_trigger t
        where t.tgrelid = format('%I.%I', pt.schemaname, pt.tablename)::regclass
          and t.tgname = 'realtime_capture_changes'
      )
  loop
    execute format(
      'create trigger realtime_capture_changes after insert or update or delete on %s '
      'for each row execute function realtime.capture_change()',
      rel
    );
  end loop;
  for rel in
    select t.tgrelid::regclass
    from pg_catalog.pg_trigger t
    where t.tgname = 'realtime_capture_changes'
      and not exists (
        select from pg_catalog.pg_publication_tables pt
        where pt.pubname = 'supabase_realtime'
          and format('%I.%I', pt.schemaname, pt.tablename)::regclass = t.tgrelid
      )
  loop
    execute format('drop trigger realtime_capture_changes on %s', rel);
  end loop;
end
$$;
revoke execute on function realtime.sync_capture_triggers() from public;

-- Which subscribers may see a changed row, as Supabase Realtime decides it (realtime.apply_rls): per subscriber,
-- with its role and JWT claims set for the transaction, can it SELECT the row by primary key? Also returns the
-- columns each role may SELECT. p_subscribers: [{ id, role, claims }]. p_check_rows is false for DELETE (the
-- row is gone; Realtime skips the check and shows only the key). Runs as the caller (a superuser), so the
-- role switches are allowed; they are transaction-local and undone before returning.
create or replace function realtime.visible_subscribers(
  p_table regclass,
  p_record jsonb,
  p_subscribers jsonb,
  p_check_rows boolean
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  sub jsonb;
  pk_cond text;
  pk_cols text[];
  cols jsonb := '{}';
  role_cols jsonb;
  visible jsonb := '[]';
  ok boolean;
begin
  select string_agg(format('t.%1$I = r.%1$I', a.attname), ' and '),
         array_agg(a.attname::text)
  into pk_cond, pk_cols
  from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
  where i.indrelid = p_table and i.indisprimary;
  -- read live, never cached: a table that just got RLS must not leak in between
  p_check_rows := p_check_rows and (select c.relrowsecurity from pg_catalog.pg_class c where c.oid = p_table);

  for sub in select * from jsonb_array_elements(p_subscribers)
  loop
    begin
      if not cols ? (sub ->> 'role') then
        select coalesce(jsonb_agg(a.attname order by a.attnum), '[]')
        into role_cols
        from pg_catalog.pg_attribute a
        where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
          and has_column_privilege(sub ->> 'role', p_table, a.attnum, 'SELECT');
        cols := cols || jsonb_build_object(sub ->> 'role', role_cols);
      end if;
      role_cols := cols -> (sub ->> 'role');
      -- no primary key, or one the role may not read: nothing is delivered (Realtime sends 400/401 errors)
      if pk_cond is null or not (role_cols @> to_jsonb(pk_cols)) then
        continue;
      end if;
      if p_check_rows then
        perform set_config('role', sub ->> 'role', true);
        perform set_config('request.jwt.claims', sub ->> 'claims', true);
        execute format(
          'select exists (select 1 from %s t, jsonb_populate_record(null::%s, $1) r where %s)',
          p_table, p_table, pk_cond
        ) into ok using p_record;
        perform set_config('role', 'none', true);
      else
        ok := true;
      end if;
      if ok then
        visible := visible || jsonb_build_array(sub -> 'id');
      end if;
    exception when others then
      -- unknown role, permission denied...: this subscriber sees nothing (the failed block undid the switch)
      null;
    end;
  end loop;
  perform set_config('request.jwt.claims', '', true);
  return jsonb_build_object('visible', visible, 'columns', cols);
end
$$;
revoke execute on function realtime.visible_subscribers(regclass, jsonb, jsonb, boolean) from public;

-- visible_subscribers for a batch of changes in one round trip: p_checks = [{ table, record, subscribers,
-- check_rows }], answers in the same order.
create or replace function realtime.visible_subscribers_batch(p_checks jsonb)
returns jsonb
language sql
set search_path = ''
as $$
  select coalesce(jsonb_agg(realtime.visible_subscribers((c ->> 'table')::regclass, c -> 'record', c -> 'subscribers',
    (c ->> 'check_rows')::boolean) order by n), '[]')
  from jsonb_array_elements(p_checks) with ordinality as t (c, n);
$$;
revoke execute on function realtime.visible_subscribers_batch(jsonb) from public;

-- Private channels (config.private): authorised by RLS policies on realtime.messages, as on Supabase. Apps write
-- policies using realtime.topic() and the caller's claims; `extension` is 'broadcast' or 'presence'.
create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid() primary key,
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now()
);
alter table realtime.messages enable row level security;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;

create or replace function realtime.topic()
returns text
language sql
stable
as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;
grant execute on function realtime.topic() to anon, authenticated, service_role;

-- What a subscriber may do on a private topic, as Realtime finds out: with probe rows in place (so SELECT
-- policies have something to see), as the subscriber's role and claims, can it read them and insert its own?
-- Everything is undone: the probe rows and the role switch live in a block that always ends in an exception.
create or replace function realtime.authorize(p_topic text, p_role text, p_claims text)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  can_read boolean := false;
  can_write boolean := false;
begin
  begin
    insert into realtime.messages (topic, extension, private, event, payload)
    values (p_topic, 'broadcast', true, 'authorization', '{}'), (p_topic, 'presence', true, 'authorization', '{}');
    perform set_config('role', p_role, true);
    perform set_config('request.jwt.claims', p_claims, true);
    perform set_config('realtime.topic', p_topic, true);
    begin
      select exists (select 1 from realtime.messages where topic = p_topic and private) into can_read;
    exception when others then
      can_read := false;
    end;
    begin
      insert into realtime.messages (topic, extension, private, event, payload)
      values (p_topic, 'broadcast', true, 'authorization', '{}');
      can_write := true;
    exception when others then
      can_write := false;
    end;
    raise exception 'undo' using errcode = 'P0001';
  exception when others then
    null;
  end;
  return jsonb_build_object('read', can_read, 'write', can_write);
end
$$;
revoke execute on function realtime.authorize(text, text, text) from public;

-- Broadcast from the database, as Supabase's realtime.send(): delivered to the topic's subscribers after commit,
-- through the same queue as row changes (not kept in realtime.messages: there is no replay here). For triggers:
-- call it from a security definer function, as Supabase's docs do.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into realtime.changes (schema_name, table_name, type, record)
  values ('realtime', 'messages', 'BROADCAST',
    jsonb_build_object('topic', topic, 'event', event, 'payload', payload, 'private', private));
  perform pg_notify('realtime_changes', '');
end
$$;
revoke execute on function realtime.send(jsonb, text, text, boolean) from public;
grant execute on function realtime.send(jsonb, text, text, boolean) to service_role;

-- Supabase's helper for broadcasting row changes from a trigger (payload as Realtime builds it).
create or replace function realtime.broadcast_changes(
  topic_name text,
  event_name text,
  operation text,
  table_name text,
  table_schema text,
  new record,
  old record,
  level text default 'ROW'
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(
    jsonb_build_object(
      'schema', table_schema,
      'table', table_name,
      'operation', operation,
      'record', case when new is null then null else to_jsonb(new) end,
      'old_record', case when old is null then null else to_jsonb(old) end
    ),
    event_name,
    topic_name,
    true
  );
end
$$;
revoke execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  from public;
grant execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  to service_role;
