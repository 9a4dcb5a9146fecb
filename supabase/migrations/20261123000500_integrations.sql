-- Integrations (credentials encrypted at rest, never readable through the API) and the store's
-- Chatwoot account. Creating a store enqueues its Chatwoot provisioning.

-- ---------------------------------------------------------------------------------------------
create table public.integrations (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  provider text not null check (provider ~ '^[a-z0-9_-]{1,40}$'),
  status text not null default 'disconnected' check (status in ('disconnected', 'connected', 'error')),
  config jsonb not null default '{}',
  -- written by edge functions only (service_role); no API role may select it
  credentials_encrypted text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (store_id, provider)
);
create trigger integrations_set_updated_at before update on public.integrations
  for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------------------------
create table public.chatwoot_accounts (
  store_id uuid primary key references public.stores (id) on delete cascade,
  account_id bigint,
  inbox_id bigint,
  -- public: the widget SDK needs it
  website_token text,
  status text not null default 'pending'
    check (status in ('pending', 'provisioning', 'active', 'failed', 'suspended', 'deleted')),
  last_error text,
  -- secrets, never selectable by API roles
  admin_user_id bigint,
  admin_access_token text,
  hmac_token text,
  webhook_secret text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger chatwoot_accounts_set_updated_at before update on public.chatwoot_accounts
  for each row execute function private.set_updated_at();

-- A new store gets a pending Chatwoot account and a provisioning job; a deleted store a clean-up job
-- (store_id null: the store row is gone, the payload names it).
create or replace function private.store_chatwoot_lifecycle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.chatwoot_accounts (store_id) values (new.id) on conflict (store_id) do nothing;
    perform private.enqueue(new.id, 'chatwoot.provision_account',
      jsonb_build_object('store_id', new.id, 'name', new.name, 'slug', new.slug),
      'chatwoot.provision_account:' || new.id);
  elsif tg_op = 'DELETE' then
    perform private.enqueue(null, 'chatwoot.delete_account',
      jsonb_build_object('store_id', old.id, 'slug', old.slug),
      'chatwoot.delete_account:' || old.id);
  end if;
  return null;
end;
$$;

create trigger stores_chatwoot_lifecycle after insert or delete on public.stores
  for each row execute function private.store_chatwoot_lifecycle();

-- ---------------------------------------------------------------------------------------------
alter table public.integrations enable row level security;
alter table public.chatwoot_accounts enable row level security;

revoke all on public.integrations, public.chatwoot_accounts from anon, authenticated, service_role;
grant all on public.integrations, public.chatwoot_accounts to service_role;

-- integrations: owners and admins manage them, without ever seeing or writing credentials.
grant select (id, store_id, provider, status, config, created_at, updated_at) on public.integrations to authenticated;
grant insert (id, store_id, provider, config) on public.integrations to authenticated;
grant update (config) on public.integrations to authenticated;
grant delete on public.integrations to authenticated;

create policy "integrations: admins select" on public.integrations
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "integrations: admins insert" on public.integrations
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "integrations: admins update" on public.integrations
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "integrations: admins delete" on public.integrations
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- chatwoot_accounts: members see the public part; only service_role writes.
grant select (store_id, account_id, inbox_id, website_token, status, last_error, created_at, updated_at)
  on public.chatwoot_accounts to authenticated;

create policy "chatwoot_accounts: members select" on public.chatwoot_accounts
  for select to authenticated using (store_id in (select private.my_store_ids()));

revoke execute on all functions in schema private from public;
