-- Connected apps (supabase/functions/_shared/apps): public.integrations holds one row per store and app
-- (provider = the app's id). Connecting and disconnecting go through the `apps` edge function, which
-- encrypts tokens and keys, revokes them on disconnect and is the only writer of the credentials, so API
-- roles lose insert and delete here. Every member sees an app's status and health; owners and admins
-- change its settings (config).

alter table public.integrations
  add column account_label text check (char_length(account_label) <= 200),
  add column refresh_token_encrypted text,
  add column expires_at timestamptz,
  add column refresh_lock_until timestamptz,
  add column connected_by uuid references auth.users (id) on delete set null,
  add column last_success_at timestamptz,
  add column failing_since timestamptz,
  add column last_error text check (char_length(last_error) <= 1000);

create index integrations_connected_by_idx on public.integrations (connected_by);

comment on column public.integrations.refresh_token_encrypted is
  'secret: a connected app''s OAuth refresh token (encrypted); used once, under refresh_lock_until';
comment on column public.integrations.refresh_lock_until is
  'who refreshes: set by claim_integration_refresh so one worker per store and app spends the refresh token';

revoke insert, delete on public.integrations from authenticated;
grant select (account_label, expires_at, last_success_at, failing_since, last_error)
  on public.integrations to authenticated;

drop policy "integrations: admins select" on public.integrations;
drop policy "integrations: admins insert" on public.integrations;
drop policy "integrations: admins delete" on public.integrations;
create policy "integrations: members select" on public.integrations
  for select to authenticated using (store_id in (select private.my_store_ids()));

-- ---------------------------------------------------------------------------------------------
-- An OAuth authorization in flight: the `state` the app sends back, the PKCE verifier that goes with it,
-- who started it and where to. Ten minutes, used once (the callback deletes it). Service role only.
create table public.app_oauth_states (
  state text primary key check (char_length(state) between 32 and 128),
  store_id uuid not null references public.stores (id) on delete cascade,
  app text not null check (app ~ '^[a-z][a-z0-9-]{1,39}$'),
  user_id uuid not null references auth.users (id) on delete cascade,
  code_verifier_encrypted text not null,
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes'
);
create index app_oauth_states_store_id_idx on public.app_oauth_states (store_id);
create index app_oauth_states_user_id_idx on public.app_oauth_states (user_id);
comment on column public.app_oauth_states.code_verifier_encrypted is
  'secret: the PKCE code verifier of an authorization in flight (encrypted)';

alter table public.app_oauth_states enable row level security;
revoke all on public.app_oauth_states from anon, authenticated, service_role;
grant all on public.app_oauth_states to service_role;
-- A person may see that their own authorization is in flight (never its state or verifier).
grant select (store_id, app, created_at, expires_at) on public.app_oauth_states to authenticated;
create policy "app_oauth_states: own select" on public.app_oauth_states
  for select to authenticated using (user_id = (select auth.uid()));

-- ---------------------------------------------------------------------------------------------
-- One refresher per store and app: a rotating refresh token is spent by whoever holds the lease, which it
-- releases by saving the new pair (save_integration_tokens). False: someone else is refreshing right now.
create or replace function public.claim_integration_refresh(p_store_id uuid, p_app text, p_seconds int default 30)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with claimed as (
    update public.integrations
       set refresh_lock_until = now() + make_interval(secs => greatest(p_seconds, 1))
     where store_id = p_store_id and provider = p_app and status = 'connected'
       and (refresh_lock_until is null or refresh_lock_until < now())
    returning 1
  )
  select exists (select from claimed);
$$;

-- Health the Integrations page shows: the last success, and since when calls have been failing.
create or replace function public.record_integration_call(p_store_id uuid, p_app text, p_error text default null)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.integrations
     set last_success_at = case when p_error is null then now() else last_success_at end,
         failing_since = case when p_error is null then null else coalesce(failing_since, now()) end,
         last_error = left(p_error, 1000)
   where store_id = p_store_id and provider = p_app;
$$;

revoke execute on function public.claim_integration_refresh(uuid, text, int),
  public.record_integration_call(uuid, text, text) from public, anon, authenticated;
grant execute on function public.claim_integration_refresh(uuid, text, int),
  public.record_integration_call(uuid, text, text) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Where an app keeps a conversation's follow-ups together (Slack: the thread a conversation's first post
-- started in a channel). Written by the app's jobs (service role); members may see them.
create table public.app_threads (
  store_id uuid not null references public.stores (id) on delete cascade,
  app text not null check (app ~ '^[a-z][a-z0-9-]{1,39}$'),
  session_id uuid not null references public.chat_sessions (id) on delete cascade,
  place text not null check (char_length(place) <= 200),
  thread text not null check (char_length(thread) <= 200),
  created_at timestamptz not null default now(),
  primary key (store_id, app, session_id, place)
);
create index app_threads_session_id_idx on public.app_threads (session_id);

alter table public.app_threads enable row level security;
revoke all on public.app_threads from anon, authenticated, service_role;
grant all on public.app_threads to service_role;
grant select on public.app_threads to authenticated;
create policy "app_threads: members select" on public.app_threads
  for select to authenticated using (store_id in (select private.my_store_ids()));
