-- The auth schema as GoTrue's migrations leave it (the columns app code and our GoTrue subset use), so that
-- app triggers on auth.users fire, foreign keys to auth.users hold, and seeds written for Supabase work.

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role, supabase_auth_admin;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255),
  email_change varchar(255),
  email_change_sent_at timestamptz,
  email_change_token_current varchar(255) default '',
  email_change_confirm_status smallint default 0,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz,
  updated_at timestamptz,
  phone text unique default null,
  phone_confirmed_at timestamptz,
  phone_change text default '',
  phone_change_token varchar(255) default '',
  phone_change_sent_at timestamptz,
  confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  banned_until timestamptz,
  reauthentication_token varchar(255) default '',
  reauthentication_sent_at timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index if not exists users_email_partial_key on auth.users (email) where is_sso_user = false;
create index if not exists users_instance_id_idx on auth.users (instance_id);
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);

create table if not exists auth.identities (
  id uuid primary key default gen_random_uuid(),
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz,
  updated_at timestamptz,
  factor_id uuid,
  aal text,
  not_after timestamptz,
  refreshed_at timestamp,
  user_agent text,
  ip inet,
  tag text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  instance_id uuid,
  id bigserial primary key,
  token varchar(255) unique,
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz,
  parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade
);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);

alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;
alter table auth.refresh_tokens enable row level security;
grant all on all tables in schema auth to supabase_auth_admin;
grant all on all sequences in schema auth to supabase_auth_admin;

-- Claims helpers, final versions from GoTrue's migrations: PostgREST sets request.jwt.claims; older code
-- and pgTAP tests set request.jwt.claim.<name>, so both are read.
create or replace function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt()
  to anon, authenticated, service_role, supabase_auth_admin;

-- The devstack's request limits (GoTrue keeps its token buckets in memory; ours are here so that every worker
-- shares them): one bucket per limit and client address, `tokens` as of `refilled_at`, refilled continuously.
-- `taken` says whether the last request got a token. Only the auth server touches it.
create table if not exists auth.rate_limits (
  key text primary key,
  tokens double precision not null,
  refilled_at timestamptz not null,
  taken boolean not null
);
revoke all on auth.rate_limits from public, anon, authenticated, service_role;

-- Takes one token from a bucket of `p_capacity` tokens refilled at `p_per_second`, in one statement (the row
-- lock makes concurrent requests queue). Answers 0 when a token was taken, else the seconds until one is there.
create or replace function auth.take_rate_limit_token(p_key text, p_capacity double precision, p_per_second double precision)
returns double precision
language sql
set search_path = ''
as $$
  with bucket as (
    insert into auth.rate_limits as b (key, tokens, refilled_at, taken)
    values (p_key, p_capacity - 1, now(), true)
    on conflict (key) do update set
      taken = least(p_capacity, b.tokens + extract(epoch from now() - b.refilled_at) * p_per_second) >= 1,
      tokens = least(p_capacity, b.tokens + extract(epoch from now() - b.refilled_at) * p_per_second)
        - case when least(p_capacity, b.tokens + extract(epoch from now() - b.refilled_at) * p_per_second) >= 1
               then 1 else 0 end,
      refilled_at = now()
    returning taken, tokens
  )
  select case when taken then 0 else (1 - tokens) / p_per_second end from bucket;
$$;
revoke execute on function auth.take_rate_limit_token(text, double precision, double precision) from public;
