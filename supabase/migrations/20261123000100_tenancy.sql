-- Tenancy: profiles, stores, memberships, invitations, and the helpers every policy uses.
--
-- Conventions for every migration in this folder:
-- * RLS is enabled on every table; grants are explicit (Supabase's default "grant all to anon,
--   authenticated, service_role" is revoked first, so a table is closed until a grant opens it).
-- * Policies are `to authenticated` and use `(select auth.uid())` so the value is computed once per
--   statement; membership look-ups go through security-definer helpers in schema `private`
--   (not exposed by PostgREST) that return sets, used as `store_id in (select private....)`.
-- * Every column a policy filters on is the leading column of an index.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Generic trigger: keep updated_at current.
create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- profiles: one row per auth user, kept in sync by a trigger on auth.users.
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text,
  created_at timestamptz not null default now()
);

create or replace function private.handle_auth_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, full_name)
  values (new.id, new.email, new.raw_user_meta_data ->> 'full_name')
  on conflict (id) do update
    set email = excluded.email,
        full_name = coalesce(excluded.full_name, public.profiles.full_name);
  return null;
end;
$$;

create trigger on_auth_user_changed
  after insert or update of email, raw_user_meta_data on auth.users
  for each row execute function private.handle_auth_user();

-- Users created before this migration get their profile too.
insert into public.profiles (id, email, full_name)
select u.id, u.email, u.raw_user_meta_data ->> 'full_name' from auth.users u
on conflict (id) do nothing;

-- ---------------------------------------------------------------------------------------------
-- stores (tenants)
create table public.stores (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 80),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
  status text not null default 'active' check (status in ('active', 'suspended')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index stores_created_by_idx on public.stores (created_by);

create trigger stores_set_updated_at before update on public.stores
  for each row execute function private.set_updated_at();

-- memberships: who works for which store, and as what.
create table public.memberships (
  store_id uuid not null references public.stores (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'agent')),
  created_at timestamptz not null default now(),
  primary key (store_id, user_id)
);
create index memberships_user_id_idx on public.memberships (user_id);

-- invitations: an admin invites an e-mail address with a role; the invitee accepts with the token.
create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  email text not null check (email = lower(email) and email like '%_@_%'),
  role text not null check (role in ('admin', 'agent')),
  token text not null unique default encode(extensions.gen_random_bytes(24), 'hex'),
  invited_by uuid references public.profiles (id) on delete set null default auth.uid(),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  expires_at timestamptz not null default now() + interval '14 days'
);
create index invitations_store_id_idx on public.invitations (store_id);
create index invitations_email_idx on public.invitations (email);
create index invitations_invited_by_idx on public.invitations (invited_by);

create or replace function private.normalize_invitation()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.email := lower(btrim(new.email));
  return new;
end;
$$;

create trigger invitations_normalize before insert or update of email on public.invitations
  for each row execute function private.normalize_invitation();

-- ---------------------------------------------------------------------------------------------
-- Helpers for policies. Security definer so they read memberships without recursing into its RLS.
create or replace function private.my_store_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.store_id from public.memberships m where m.user_id = (select auth.uid());
$$;

create or replace function private.my_store_ids_with_role(p_roles text[])
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.store_id from public.memberships m
  where m.user_id = (select auth.uid()) and m.role = any (p_roles);
$$;

-- Everyone who shares at least one store with the caller (the caller included).
create or replace function private.my_co_member_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct other.user_id
  from public.memberships mine
  join public.memberships other on other.store_id = mine.store_id
  where mine.user_id = (select auth.uid());
$$;

-- Stores that invited the caller (pending, unexpired, to the e-mail in their token): the invitee may read
-- the store's row, so that "Acme Outdoor invited you" can be shown before accepting.
create or replace function private.my_invited_store_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select i.store_id from public.invitations i
  where i.status = 'pending' and i.expires_at > now()
    and i.email = lower((select auth.jwt()) ->> 'email');
$$;

-- Functions are executable by PUBLIC by default; helpers are opened only to the roles that need them.
revoke execute on all functions in schema private from public;
grant execute on function private.my_invited_store_ids() to authenticated, service_role;
grant execute on function private.my_store_ids() to authenticated, service_role;
grant execute on function private.my_store_ids_with_role(text[]) to authenticated, service_role;
grant execute on function private.my_co_member_ids() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Grants and policies
alter table public.profiles enable row level security;
alter table public.stores enable row level security;
alter table public.memberships enable row level security;
alter table public.invitations enable row level security;

revoke all on public.profiles, public.stores, public.memberships, public.invitations
  from anon, authenticated, service_role;
grant all on public.profiles, public.stores, public.memberships, public.invitations to service_role;

-- profiles: see yourself and your co-members; edit only your own name.
grant select on public.profiles to authenticated;
grant update (full_name) on public.profiles to authenticated;

create policy "profiles: select self and co-members" on public.profiles
  for select to authenticated
  using (id = (select auth.uid()) or id in (select private.my_co_member_ids()));

create policy "profiles: update self" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- stores: created through create_store(); members read; the owner renames or deletes.
grant select, delete on public.stores to authenticated;
grant update (name, slug) on public.stores to authenticated;

create policy "stores: members select" on public.stores
  for select to authenticated
  using (id in (select private.my_store_ids()));

create policy "stores: invitees select" on public.stores
  for select to authenticated
  using (id in (select private.my_invited_store_ids()));

create policy "stores: owner updates" on public.stores
  for update to authenticated
  using (id in (select private.my_store_ids_with_role('{owner}')))
  with check (id in (select private.my_store_ids_with_role('{owner}')));

create policy "stores: owner deletes" on public.stores
  for delete to authenticated
  using (id in (select private.my_store_ids_with_role('{owner}')));

-- memberships: created by create_store() and accept_invitation(); the owner changes other members'
-- roles; owners and admins remove non-owners; anyone but an owner may leave.
grant select, delete on public.memberships to authenticated;
grant update (role) on public.memberships to authenticated;

create policy "memberships: members select" on public.memberships
  for select to authenticated
  using (store_id in (select private.my_store_ids()));

create policy "memberships: owner changes roles of others" on public.memberships
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner}')) and user_id <> (select auth.uid()))
  with check (store_id in (select private.my_store_ids_with_role('{owner}')) and user_id <> (select auth.uid()));

create policy "memberships: admins remove non-owners, members leave" on public.memberships
  for delete to authenticated
  using (
    role <> 'owner'
    and (
      store_id in (select private.my_store_ids_with_role('{owner,admin}'))
      or user_id = (select auth.uid())
    )
  );

-- invitations: owners and admins manage them; the invitee sees pending invitations to their e-mail.
grant select, delete on public.invitations to authenticated;
grant insert (store_id, email, role, expires_at) on public.invitations to authenticated;
grant update (status) on public.invitations to authenticated;

create policy "invitations: admins select" on public.invitations
  for select to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create policy "invitations: invitee selects pending" on public.invitations
  for select to authenticated
  using (status = 'pending' and email = lower((select auth.jwt()) ->> 'email'));

create policy "invitations: admins insert" on public.invitations
  for insert to authenticated
  with check (
    store_id in (select private.my_store_ids_with_role('{owner,admin}'))
    and invited_by = (select auth.uid())
    and status = 'pending'
  );

create policy "invitations: admins revoke" on public.invitations
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')) and status = 'pending')
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')) and status in ('pending', 'revoked'));

create policy "invitations: admins delete" on public.invitations
  for delete to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- ---------------------------------------------------------------------------------------------
-- RPC: create a store and become its owner in one step.
create or replace function public.create_store(p_name text)
returns public.stores
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_name text := btrim(p_name);
  v_base text;
  v_slug text;
  v_store public.stores;
begin
  if v_uid is null then
    raise exception 'You must be signed in to create a store' using errcode = '28000';
  end if;
  if coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false) then
    raise exception 'Anonymous users cannot create stores' using errcode = '42501';
  end if;
  if not exists (select 1 from public.profiles where id = v_uid) then
    raise exception 'No profile for the signed-in user' using errcode = '28000';
  end if;
  if v_name is null or char_length(v_name) not between 1 and 80 then
    raise exception 'A store name must have 1 to 80 characters' using errcode = '22023';
  end if;

  v_base := left(btrim(regexp_replace(lower(v_name), '[^a-z0-9]+', '-', 'g'), '-'), 48);
  v_base := btrim(v_base, '-');
  if v_base = '' then
    v_base := 'store';
  end if;
  v_slug := v_base;

  -- Unique slug: try the base, then base-2, base-3..., then a random suffix; the unique index decides.
  for i in 1..20 loop
    begin
      insert into public.stores (name, slug, created_by)
      values (v_name, v_slug, v_uid)
      returning * into v_store;
      exit;
    exception when unique_violation then
      v_slug := v_base || '-' || case when i < 10 then (i + 1)::text
                                      else encode(extensions.gen_random_bytes(3), 'hex') end;
    end;
  end loop;
  if v_store.id is null then
    raise exception 'Could not find a free slug for "%"', v_name using errcode = 'P0001';
  end if;

  insert into public.memberships (store_id, user_id, role) values (v_store.id, v_uid, 'owner');
  return v_store;
end;
$$;

-- RPC: the signed-in user accepts an invitation sent to their e-mail address.
create or replace function public.accept_invitation(p_token text)
returns public.memberships
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_email text;
  v_inv public.invitations;
  v_member public.memberships;
begin
  if v_uid is null then
    raise exception 'You must be signed in to accept an invitation' using errcode = '28000';
  end if;

  select * into v_inv from public.invitations where token = p_token for update;
  if not found then
    raise exception 'This invitation does not exist' using errcode = 'P0001';
  end if;
  if v_inv.status = 'accepted' then
    raise exception 'This invitation has already been accepted' using errcode = 'P0001';
  end if;
  if v_inv.status = 'revoked' then
    raise exception 'This invitation has been revoked' using errcode = 'P0001';
  end if;
  if v_inv.expires_at <= now() then
    raise exception 'This invitation has expired' using errcode = 'P0001';
  end if;

  select lower(u.email) into v_email from auth.users u where u.id = v_uid;
  if v_email is null or v_email <> v_inv.email then
    raise exception 'This invitation was sent to another e-mail address' using errcode = '42501';
  end if;

  -- Someone who is already a member keeps their current role.
  insert into public.memberships (store_id, user_id, role)
  values (v_inv.store_id, v_uid, v_inv.role)
  on conflict (store_id, user_id) do nothing;

  update public.invitations set status = 'accepted', accepted_at = now() where id = v_inv.id;

  select * into v_member from public.memberships where store_id = v_inv.store_id and user_id = v_uid;
  return v_member;
end;
$$;

revoke execute on function public.create_store(text) from public, anon;
revoke execute on function public.accept_invitation(text) from public, anon;
grant execute on function public.create_store(text) to authenticated, service_role;
grant execute on function public.accept_invitation(text) to authenticated, service_role;
