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

-- Which subscribers may see changed rows, as Supabase Realtime decides it (realtime.apply_rls), for a batch of
-- changes in one round trip: p_checks = [{ table, record, subscribers: [{ id, role, claims }], check_rows }].
-- Per subscriber, with its role and JWT claims set for the transaction: can it SELECT the row by primary key?
-- Answers, in the same order, { visible: [subscriber ids], columns: { role: [columns it may SELECT] } }.
-- check_rows is false for DELETE (the row is gone; Realtime skips the check and shows only the key). Runs as
-- the caller (a superuser), so the role switches are allowed; they are transaction-local and undone before
-- returning.
create or replace function realtime.visible_subscribers_batch(p_checks jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  chk jsonb;
  sub jsonb;
  tbl regclass;
  info jsonb;
  infos jsonb := '{}';
  cols jsonb := '{}';
  role_cols jsonb;
  visible jsonb;
  answers jsonb[] := '{}';
  check_rows boolean;
  ok boolean;
  checker text;
  pk_cond text;
  pk_cols text[];
begin
  for chk in select value from jsonb_array_elements(p_checks) loop
    tbl := (chk ->> 'table')::regclass;
    -- read once per batch, never cached longer: a table that just got RLS must not leak in between
    info := infos -> (tbl::oid::text);
    if info is null then
      select string_agg(format('t.%1$I = (p ->> %1$L)::%2$s', a.attname, format_type(a.atttypid, a.atttypmod)), ' and '),
             array_agg(a.attname::text)
      into pk_cond, pk_cols
      from pg_catalog.pg_index i
      join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
      where i.indrelid = tbl and i.indisprimary;
      -- The check runs as each subscriber, so RLS decides. Each table gets its own function with the query
      -- written out (named after the table and its key), so the query is planned once per connection
      -- rather than for every subscriber of every change.
      checker := null;
      if pk_cond is not null then
        checker := format('row_visible_%s_%s', tbl::oid, left(md5(pk_cond), 8));
        if to_regprocedure(format('realtime.%I(jsonb)', checker)) is null then
          execute format(
            'create or replace function realtime.%I(p jsonb) returns boolean language plpgsql stable '
            'set search_path = %L as $f$ '
            'begin return exists (select 1 from %s t where %s); end $f$', checker, '', tbl, pk_cond);
          execute format('grant execute on function realtime.%I(jsonb) to public', checker);
        end if;
      end if;
      info := jsonb_build_object('checker', checker, 'pk_cols', to_jsonb(pk_cols),
        'rls', (select c.relrowsecurity from pg_catalog.pg_class c where c.oid = tbl));
      infos := infos || jsonb_build_object(tbl::oid::text, info);
    end if;
    check_rows := (chk ->> 'check_rows')::boolean and (info ->> 'rls')::boolean;
    visible := '[]';
    for sub in select value from jsonb_array_elements(chk -> 'subscribers') loop
      begin
        role_cols := cols -> (tbl::oid::text || '/' || (sub ->> 'role'));
        if role_cols is null then
          select coalesce(jsonb_agg(a.attname order by a.attnum), '[]') into role_cols
          from pg_catalog.pg_attribute a
          where a.attrelid = tbl and a.attnum > 0 and not a.attisdropped
            and has_column_privilege(sub ->> 'role', tbl, a.attnum, 'SELECT');
          cols := cols || jsonb_build_object(tbl::oid::text || '/' || (sub ->> 'role'), role_cols);
        end if;
        -- no primary key, or one the role may not read: nothing is delivered (Realtime sends 400/401 errors)
        if info ->> 'checker' is null or not (role_cols @> (info -> 'pk_cols')) then
          continue;
        end if;
        if check_rows then
          perform set_config('role', sub ->> 'role', true);
          perform set_config('request.jwt.claims', sub ->> 'claims', true);
          execute format('select realtime.%I($1)', info ->> 'checker') into ok using chk -> 'record';
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
    answers := answers || jsonb_build_object('visible', visible, 'columns',
      (select coalesce(jsonb_object_agg(split_part(k, '/', 2), v), '{}') from jsonb_each(cols) e (k, v)
       where split_part(k, '/', 1) = tbl::oid::text));
  end loop;
  perform set_config('request.jwt.claims', '', true);
  return to_jsonb(answers);
end
$$;
revoke execute on function realtime.visible_subscribers_batch(jsonb) from public;

-- The same for one change.
create or replace function realtime.visible_subscribers(
  p_table regclass,
  p_record jsonb,
  p_subscribers jsonb,
  p_check_rows boolean
)
returns jsonb
language sql
set search_path = ''
as $$
  select realtime.visible_subscribers_batch(jsonb_build_array(jsonb_build_object(
    'table', p_table::text, 'record', p_record, 'subscribers', p_subscribers, 'check_rows', p_check_rows))) -> 0;
$$;
revoke execute on function realtime.visible_subscribers(regclass, jsonb, jsonb, boolean) from public;

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

-- What a subscriber may do on a private topic, found out the way Supabase Realtime does it
-- (Realtime.Tenants.Authorization): the caller's role, JWT claims, request headers and the topic are set for the
-- transaction (`role`, `request.jwt.claims`, `request.headers`, `realtime.topic`), then
-- - read: one probe row per extension ('broadcast', 'presence') is inserted as the owner, and the caller may
--   read an extension when RLS lets it SELECT that row;
-- - write: the caller may write an extension when RLS lets it INSERT a row of it.
-- Both answer {"broadcast": bool, "presence": bool}. Everything is undone: probe rows and settings live in a block
-- that always ends in an exception. A policy that fails counts as a refusal, as it does upstream.
drop function if exists realtime.authorize(text, text, text);

create or replace function realtime.act_as(p_topic text, p_role text, p_claims text, p_headers text)
returns void
language sql
set search_path = ''
as $$
  select set_config('role', p_role, true), set_config('realtime.topic', p_topic, true),
         set_config('request.jwt.claims', p_claims, true), set_config('request.headers', p_headers, true);
$$;
revoke execute on function realtime.act_as(text, text, text, text) from public;

create or replace function realtime.read_policies(p_topic text, p_role text, p_claims text, p_headers text)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_broadcast uuid;
  v_presence uuid;
  v_can jsonb := '{"broadcast": false, "presence": false}';
begin
  begin
    insert into realtime.messages (topic, extension) values (p_topic, 'broadcast') returning id into v_broadcast;
    insert into realtime.messages (topic, extension) values (p_topic, 'presence') returning id into v_presence;
    perform realtime.act_as(p_topic, p_role, p_claims, p_headers);
    begin
      v_can := jsonb_build_object(
        'broadcast', exists (select 1 from realtime.messages m where m.topic = p_topic and m.id = v_broadcast),
        'presence', exists (select 1 from realtime.messages m where m.topic = p_topic and m.id = v_presence));
    exception when others then
      v_can := '{"broadcast": false, "presence": false}';
    end;
    raise exception 'undo' using errcode = 'P0001';
  exception when others then
    null;
  end;
  return v_can;
end
$$;
revoke execute on function realtime.read_policies(text, text, text, text) from public;

create or replace function realtime.write_policies(p_topic text, p_role text, p_claims text, p_headers text)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_can jsonb := '{"broadcast": false, "presence": false}';
  v_extension text;
begin
  begin
    perform realtime.act_as(p_topic, p_role, p_claims, p_headers);
    foreach v_extension in array array['broadcast', 'presence'] loop
      begin
        insert into realtime.messages (topic, extension) values (p_topic, v_extension);
        v_can := v_can || jsonb_build_object(v_extension, true);
      exception when others then
        v_can := v_can || jsonb_build_object(v_extension, false);
      end;
    end loop;
    raise exception 'undo' using errcode = 'P0001';
  exception when others then
    null;
  end;
  return v_can;
end
$$;
revoke execute on function realtime.write_policies(text, text, text, text) from public;

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
