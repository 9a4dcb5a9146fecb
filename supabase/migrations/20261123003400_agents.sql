-- Agents in Chatwoot: every admin or agent of a store is a Chatwoot user in the store's account, and the
-- Chatwoot Dashboard App reads a conversation's context through agent_context().
-- One person is ONE Chatwoot user (private.chatwoot_users) added to each of their stores' accounts
-- (public.chatwoot_agents, one row per store and member, with the sync state the dashboard shows).

-- ---------------------------------------------------------------------------------------------
-- chatwoot_agents: the sync state of a member in the store's Chatwoot account. Only service_role writes.
create table public.chatwoot_agents (
  store_id uuid not null references public.stores (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  chatwoot_user_id bigint,
  role text not null check (role in ('owner', 'admin', 'agent')),
  status text not null default 'pending' check (status in ('pending', 'synced', 'failed', 'removing')),
  last_error text,
  synced_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (store_id, user_id)
);
create index chatwoot_agents_user_id_idx on public.chatwoot_agents (user_id);
create trigger chatwoot_agents_set_updated_at before update on public.chatwoot_agents
  for each row execute function private.set_updated_at();

alter table public.chatwoot_agents enable row level security;
revoke all on public.chatwoot_agents from anon, authenticated, service_role;
grant all on public.chatwoot_agents to service_role;
grant select on public.chatwoot_agents to authenticated;

create policy "chatwoot_agents: admins select" on public.chatwoot_agents
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- ---------------------------------------------------------------------------------------------
-- chatwoot_users: a Parley user's Chatwoot user (per person, not per store) and their access token,
-- encrypted by the functions (AES-GCM). Outside the API schema: reached through the service-only RPCs below.
create table private.chatwoot_users (
  user_id uuid primary key references auth.users (id) on delete cascade,
  chatwoot_user_id bigint not null,
  access_token text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
revoke all on private.chatwoot_users from public, anon, authenticated;
grant all on private.chatwoot_users to service_role;
create trigger chatwoot_users_set_updated_at before update on private.chatwoot_users
  for each row execute function private.set_updated_at();

create or replace function public.chatwoot_user_get(p_user_id uuid)
returns table (chatwoot_user_id bigint, access_token text)
language sql
stable
security definer
set search_path = ''
as $$
  select u.chatwoot_user_id, u.access_token from private.chatwoot_users u where u.user_id = p_user_id;
$$;

create or replace function public.chatwoot_user_save(p_user_id uuid, p_chatwoot_user_id bigint, p_access_token text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.chatwoot_users (user_id, chatwoot_user_id, access_token)
  values (p_user_id, p_chatwoot_user_id, p_access_token)
  on conflict (user_id) do update
    set chatwoot_user_id = excluded.chatwoot_user_id,
        access_token = coalesce(excluded.access_token, private.chatwoot_users.access_token);
$$;

revoke execute on function public.chatwoot_user_get(uuid) from public, anon, authenticated;
revoke execute on function public.chatwoot_user_save(uuid, bigint, text) from public, anon, authenticated;
grant execute on function public.chatwoot_user_get(uuid) to service_role;
grant execute on function public.chatwoot_user_save(uuid, bigint, text) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Membership changes enqueue the sync. Owners are added by create_store before the account exists and
-- keep using Parley's dashboard; admins and agents (invitations) get Chatwoot seats.
create or replace function private.membership_chatwoot_agent()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_name text;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    if new.role not in ('admin', 'agent') and not exists (
      select 1 from public.chatwoot_agents a where a.store_id = new.store_id and a.user_id = new.user_id
    ) then
      return null;
    end if;
    if tg_op = 'UPDATE' and new.role = old.role then
      return null;
    end if;
    select p.email, coalesce(nullif(p.full_name, ''), split_part(p.email, '@', 1))
      into v_email, v_name
      from public.profiles p where p.id = new.user_id;
    insert into public.chatwoot_agents (store_id, user_id, role, status)
    values (new.store_id, new.user_id, new.role, 'pending')
    on conflict (store_id, user_id) do update set role = excluded.role, status = 'pending', last_error = null;
    perform private.enqueue(new.store_id, 'chatwoot.sync_agent',
      jsonb_build_object('store_id', new.store_id, 'user_id', new.user_id, 'email', v_email, 'name', v_name,
        'role', new.role),
      'chatwoot.sync_agent:' || new.store_id || ':' || new.user_id || ':' || txid_current() || ':' || new.role);
  elsif tg_op = 'DELETE' then
    -- A store being deleted takes its whole Chatwoot account with it (delete_account); nothing to remove.
    if not exists (select 1 from public.stores s where s.id = old.store_id) then
      return null;
    end if;
    if not exists (
      select 1 from public.chatwoot_agents a where a.store_id = old.store_id and a.user_id = old.user_id
    ) then
      return null;
    end if;
    update public.chatwoot_agents set status = 'removing', last_error = null
      where store_id = old.store_id and user_id = old.user_id;
    perform private.enqueue(old.store_id, 'chatwoot.remove_agent',
      jsonb_build_object('store_id', old.store_id, 'user_id', old.user_id),
      'chatwoot.remove_agent:' || old.store_id || ':' || old.user_id || ':' || txid_current());
  end if;
  return null;
end;
$$;

create trigger memberships_chatwoot_agent after insert or update of role or delete on public.memberships
  for each row execute function private.membership_chatwoot_agent();

-- ---------------------------------------------------------------------------------------------
-- agent_context: what the Chatwoot Dashboard App shows for a conversation. Chatwoot's appContext message
-- is unauthenticated, so the ids it carries are only looked up inside stores the signed-in caller is a
-- member of: a forged account or conversation id of another store returns null.
create or replace function public.agent_context(p_chatwoot_account_id bigint, p_conversation_id bigint)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_store public.stores;
  v_session public.chat_sessions;
  v_contact public.contacts;
begin
  if v_uid is null then
    return null;
  end if;
  select s.* into v_store
    from public.chatwoot_accounts ca
    join public.stores s on s.id = ca.store_id
    join public.memberships m on m.store_id = ca.store_id and m.user_id = v_uid
    where ca.account_id = p_chatwoot_account_id
    limit 1;
  if v_store.id is null then
    return null;
  end if;
  select cs.* into v_session from public.chat_sessions cs
    where cs.store_id = v_store.id and cs.chatwoot_conversation_id = p_conversation_id
    order by cs.started_at desc
    limit 1;
  if v_session.id is null then
    return jsonb_build_object('store', jsonb_build_object('id', v_store.id, 'name', v_store.name), 'session', null);
  end if;
  if v_session.contact_id is not null then
    select c.* into v_contact from public.contacts c where c.id = v_session.contact_id and c.store_id = v_store.id;
  end if;
  return jsonb_build_object(
    'store', jsonb_build_object('id', v_store.id, 'name', v_store.name),
    'session', jsonb_build_object(
      'id', v_session.id, 'status', v_session.status, 'summary', v_session.summary,
      'lead_score', v_session.lead_score, 'sentiment', v_session.sentiment, 'language', v_session.language,
      'started_at', v_session.started_at, 'last_message_at', v_session.last_message_at,
      'message_count', (select count(*) from public.messages m where m.session_id = v_session.id and not m.is_private)),
    'sentiment', coalesce((
      select jsonb_agg(jsonb_build_object('at', x.created_at, 'value', x.sentiment) order by x.created_at)
      from (select m.created_at, m.sentiment from public.messages m
            where m.session_id = v_session.id and m.store_id = v_store.id and m.sentiment is not null
            order by m.created_at desc limit 200) x), '[]'::jsonb),
    'contact', case when v_contact.id is null then null else jsonb_build_object(
      'id', v_contact.id, 'name', v_contact.name, 'email', v_contact.email, 'phone', v_contact.phone,
      'external_id', v_contact.external_id, 'verified', v_contact.verified,
      'custom_attributes', v_contact.custom_attributes) end,
    'past_sessions', coalesce((
      select jsonb_agg(jsonb_build_object('id', p.id, 'status', p.status, 'started_at', p.started_at,
        'summary', p.summary, 'lead_score', p.lead_score) order by p.started_at desc)
      from (select * from public.chat_sessions cs
            where v_contact.id is not null and cs.store_id = v_store.id and cs.contact_id = v_contact.id
              and cs.id <> v_session.id
            order by cs.started_at desc limit 10) p), '[]'::jsonb)
  );
end;
$$;

revoke execute on function public.agent_context(bigint, bigint) from public, anon;
grant execute on function public.agent_context(bigint, bigint) to authenticated;

revoke execute on all functions in schema private from public;
