-- Visitors: what the chat function needs on messages and sessions, verified identities linking visitors
-- to contacts (same history on any device), visitor read access through RLS, and realtime membership.

-- ---------------------------------------------------------------------------------------------
-- messages: the widget's id for a message (a retried send is stored once), the customer message a bot
-- reply answers, and how the reply was made (responder, confidence, sources, fallback...).
alter table public.messages add column client_id uuid;
alter table public.messages add column reply_to bigint references public.messages (id) on delete set null;
alter table public.messages add column metadata jsonb not null default '{}';
create unique index messages_client_id_idx on public.messages (session_id, client_id) where client_id is not null;
create index messages_reply_to_idx on public.messages (reply_to) where reply_to is not null;

-- Agents may send with a client id too (optimistic sends from the dashboard).
grant insert (client_id) on public.messages to authenticated;

-- chat_sessions: the running summary of turns that fell out of the responder's memory window.
alter table public.chat_sessions add column summary text not null default '';

-- ---------------------------------------------------------------------------------------------
-- contact_visitors: a visitor (auth user, usually anonymous) proven to be a contact by an identity HMAC.
-- Written only by the chat function (service role) after verifying identifier_hash.
create table public.contact_visitors (
  store_id uuid not null references public.stores (id) on delete cascade,
  contact_id uuid not null,
  visitor_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (contact_id, visitor_id),
  foreign key (contact_id, store_id) references public.contacts (id, store_id) on delete cascade
);
create index contact_visitors_visitor_id_idx on public.contact_visitors (visitor_id);
create index contact_visitors_store_id_idx on public.contact_visitors (store_id);

-- Contacts the signed-in visitor has proven to be.
create or replace function private.my_contact_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select cv.contact_id from public.contact_visitors cv where cv.visitor_id = (select auth.uid());
$$;

-- Sessions of the signed-in visitor: their own, and every session of a contact they are verified as.
create or replace function private.my_visitor_session_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.id from public.chat_sessions s where s.visitor_id = (select auth.uid())
  union
  select s.id from public.chat_sessions s
  where s.contact_id in (select cv.contact_id from public.contact_visitors cv where cv.visitor_id = (select auth.uid()));
$$;

alter table public.contact_visitors enable row level security;
revoke all on public.contact_visitors from anon, authenticated, service_role;
grant all on public.contact_visitors to service_role;
grant select on public.contact_visitors to authenticated;
-- Members may unlink a visitor (e.g. a shared device); owners and admins only.
grant delete on public.contact_visitors to authenticated;

create policy "contact_visitors: members select" on public.contact_visitors
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "contact_visitors: visitor selects own" on public.contact_visitors
  for select to authenticated using (visitor_id = (select auth.uid()));
create policy "contact_visitors: admins delete" on public.contact_visitors
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- Verified visitors read the sessions of their contact (from any device).
create policy "chat_sessions: verified visitor selects contact's" on public.chat_sessions
  for select to authenticated using (contact_id in (select private.my_contact_ids()));

revoke execute on all functions in schema private from public;
grant execute on function private.my_contact_ids() to authenticated, service_role;
grant execute on function private.my_visitor_session_ids() to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Realtime: UPDATE/DELETE events carry the old row; both tables are in the publication (added here
-- unless an earlier migration already did).
alter table public.messages replica identity full;
alter table public.chat_sessions replica identity full;

do $$
declare
  v_table text;
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
  foreach v_table in array array['messages', 'chat_sessions'] loop
    if not exists (select 1 from pg_publication_tables
                   where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = v_table) then
      execute format('alter publication supabase_realtime add table public.%I', v_table);
    end if;
  end loop;
end;
$$;
