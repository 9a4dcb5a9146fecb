-- Durable side effects (outbox) and the audit trail. Only service_role writes either table; owners
-- and admins read their store's rows. Triggers (security definer) write on behalf of users.

-- ---------------------------------------------------------------------------------------------
-- outbox: every outbound side effect goes through here (retries, idempotency, dead letters).
-- store_id is nullable (set null on store deletion) so that clean-up work for a deleted store survives it.
create table public.outbox (
  id bigint generated always as identity primary key,
  store_id uuid references public.stores (id) on delete set null,
  topic text not null check (topic ~ '^[a-z0-9_]+(\.[a-z0-9_]+)+$'),
  payload jsonb not null default '{}',
  idempotency_key text unique,
  status text not null default 'pending' check (status in ('pending', 'processing', 'done', 'dead')),
  attempts int not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  processed_at timestamptz
);
create index outbox_store_id_idx on public.outbox (store_id);
-- The worker's queue scan.
create index outbox_due_idx on public.outbox (next_attempt_at) where status in ('pending', 'processing');

-- Enqueue helper for triggers and SQL functions: an existing idempotency key is a no-op.
create or replace function private.enqueue(
  p_store_id uuid, p_topic text, p_payload jsonb, p_idempotency_key text default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.outbox (store_id, topic, payload, idempotency_key)
  values (p_store_id, p_topic, p_payload, p_idempotency_key)
  on conflict (idempotency_key) do nothing;
$$;

-- ---------------------------------------------------------------------------------------------
-- audit_log: who changed stores, members and invitations.
create table public.audit_log (
  id bigint generated always as identity primary key,
  store_id uuid references public.stores (id) on delete set null,
  actor_id uuid,
  action text not null,
  target text,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_log_store_id_idx on public.audit_log (store_id, created_at desc);

create or replace function private.audit_tenancy()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_row jsonb := to_jsonb(coalesce(new, old));
  v_store uuid;
  v_target text;
  v_details jsonb;
  v_action text := tg_table_name || '.' || case tg_op when 'INSERT' then 'created'
                                                      when 'UPDATE' then 'updated'
                                                      else 'deleted' end;
begin
  if tg_table_name = 'stores' then
    v_store := (v_row ->> 'id')::uuid;
    v_target := 'store:' || (v_row ->> 'id');
    v_details := jsonb_build_object('name', v_row ->> 'name', 'slug', v_row ->> 'slug', 'status', v_row ->> 'status');
  elsif tg_table_name = 'memberships' then
    v_store := (v_row ->> 'store_id')::uuid;
    v_target := 'user:' || (v_row ->> 'user_id');
    v_details := jsonb_build_object('role', v_row ->> 'role');
  else
    v_store := (v_row ->> 'store_id')::uuid;
    v_target := 'invitation:' || (v_row ->> 'id');
    -- never the token
    v_details := jsonb_build_object('email', v_row ->> 'email', 'role', v_row ->> 'role', 'status', v_row ->> 'status');
  end if;
  if tg_op = 'UPDATE' then
    v_details := v_details || jsonb_build_object('old', jsonb_strip_nulls(jsonb_build_object(
      'name', to_jsonb(old) -> 'name', 'slug', to_jsonb(old) -> 'slug',
      'role', to_jsonb(old) -> 'role', 'status', to_jsonb(old) -> 'status')));
  end if;

  -- Rows removed by a store's deletion cascade: the store is gone, only its own deletion is logged.
  if tg_op = 'DELETE' then
    if tg_table_name = 'stores' then
      v_store := null;
      v_details := v_details || jsonb_build_object('store_id', v_row ->> 'id');
    elsif not exists (select 1 from public.stores s where s.id = v_store) then
      return null;
    end if;
  end if;

  insert into public.audit_log (store_id, actor_id, action, target, details)
  values (v_store, auth.uid(), v_action, v_target, v_details);
  return null;
end;
$$;

create trigger audit_stores after insert or update or delete on public.stores
  for each row execute function private.audit_tenancy();
create trigger audit_memberships after insert or update or delete on public.memberships
  for each row execute function private.audit_tenancy();
create trigger audit_invitations after insert or update or delete on public.invitations
  for each row execute function private.audit_tenancy();

-- ---------------------------------------------------------------------------------------------
alter table public.outbox enable row level security;
alter table public.audit_log enable row level security;

revoke all on public.outbox, public.audit_log from anon, authenticated, service_role;
grant all on public.outbox, public.audit_log to service_role;
grant select on public.outbox, public.audit_log to authenticated;

create policy "outbox: admins select" on public.outbox
  for select to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create policy "audit_log: admins select" on public.audit_log
  for select to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

revoke execute on all functions in schema private from public;
grant execute on function private.enqueue(uuid, text, jsonb, text) to service_role;
