-- Chat: chatbots (and their identity-verification secret), FAQs, contacts, sessions and messages.
-- Cross-table references carry the store id too (composite foreign keys), so a row can never point
-- at another store's chatbot, contact or session.

-- ---------------------------------------------------------------------------------------------
create table public.chatbots (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 80),
  -- what the widget loader is given; short and random, never guessable from the store
  public_id text not null unique default encode(extensions.gen_random_bytes(8), 'hex'),
  persona text not null default '',
  greeting text not null default '',
  languages text[] not null default '{en}',
  theme jsonb not null default '{}',
  prechat_form jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, store_id)
);
create index chatbots_store_id_idx on public.chatbots (store_id);
create trigger chatbots_set_updated_at before update on public.chatbots
  for each row execute function private.set_updated_at();

-- The HMAC secret a store's backend uses to sign visitor identities (as Chatwoot's identifier_hash).
create table public.chatbot_secrets (
  chatbot_id uuid primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  identity_secret text not null default encode(extensions.gen_random_bytes(32), 'hex'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index chatbot_secrets_store_id_idx on public.chatbot_secrets (store_id);
create trigger chatbot_secrets_set_updated_at before update on public.chatbot_secrets
  for each row execute function private.set_updated_at();

create or replace function private.create_chatbot_secret()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.chatbot_secrets (chatbot_id, store_id) values (new.id, new.store_id)
  on conflict (chatbot_id) do nothing;
  return null;
end;
$$;
create trigger chatbots_create_secret after insert on public.chatbots
  for each row execute function private.create_chatbot_secret();

-- ---------------------------------------------------------------------------------------------
create table public.faqs (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  question text not null check (char_length(question) between 1 and 500),
  answer text not null check (char_length(answer) between 1 and 5000),
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index faqs_store_id_idx on public.faqs (store_id);
create index faqs_chatbot_id_idx on public.faqs (chatbot_id, position);
create trigger faqs_set_updated_at before update on public.faqs
  for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- contacts: a store's end customers (anonymous visitors, or identified by the store's own id).
create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  external_id text,
  email text,
  name text,
  phone text,
  verified boolean not null default false,
  custom_attributes jsonb not null default '{}',
  visitor_id uuid references auth.users (id) on delete set null,
  chatwoot_contact_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, store_id),
  unique (store_id, external_id)
);
create index contacts_store_id_email_idx on public.contacts (store_id, email);
create index contacts_visitor_id_idx on public.contacts (visitor_id);
create trigger contacts_set_updated_at before update on public.contacts
  for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------------------------
create table public.chat_sessions (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  contact_id uuid,
  visitor_id uuid references auth.users (id) on delete set null,
  status text not null default 'bot' check (status in ('bot', 'queued', 'human', 'resolved')),
  lead_score int check (lead_score between 0 and 100),
  sentiment real check (sentiment between -1 and 1),
  language text,
  chatwoot_conversation_id bigint,
  started_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  resolved_at timestamptz,
  unique (id, store_id),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade,
  foreign key (contact_id, store_id) references public.contacts (id, store_id) on delete set null (contact_id)
);
create index chat_sessions_store_id_idx on public.chat_sessions (store_id, last_message_at desc);
create index chat_sessions_visitor_id_idx on public.chat_sessions (visitor_id);
create index chat_sessions_contact_id_idx on public.chat_sessions (contact_id);
create index chat_sessions_chatbot_id_idx on public.chat_sessions (chatbot_id);

-- ---------------------------------------------------------------------------------------------
create table public.messages (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  session_id uuid not null,
  sender text not null check (sender in ('customer', 'bot', 'agent', 'system')),
  -- the agent who wrote it, when written from the dashboard
  author_id uuid references public.profiles (id) on delete set null default auth.uid(),
  content text not null default '',
  attachments jsonb not null default '[]',
  sentiment real check (sentiment between -1 and 1),
  intent text,
  is_private boolean not null default false,
  chatwoot_message_id bigint,
  created_at timestamptz not null default now(),
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete cascade
);
create index messages_store_id_idx on public.messages (store_id);
create index messages_session_id_idx on public.messages (session_id, id);
create index messages_author_id_idx on public.messages (author_id);
create unique index messages_chatwoot_message_id_idx on public.messages (store_id, chatwoot_message_id)
  where chatwoot_message_id is not null;

-- A new message moves its session's last_message_at.
create or replace function private.touch_session()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.chat_sessions set last_message_at = greatest(last_message_at, new.created_at)
  where id = new.session_id;
  return null;
end;
$$;
create trigger messages_touch_session after insert on public.messages
  for each row execute function private.touch_session();

-- Sessions of the signed-in visitor (anonymous or identified), for the widget's own reads.
create or replace function private.my_visitor_session_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.id from public.chat_sessions s where s.visitor_id = (select auth.uid());
$$;

-- ---------------------------------------------------------------------------------------------
alter table public.chatbots enable row level security;
alter table public.chatbot_secrets enable row level security;
alter table public.faqs enable row level security;
alter table public.contacts enable row level security;
alter table public.chat_sessions enable row level security;
alter table public.messages enable row level security;

revoke all on public.chatbots, public.chatbot_secrets, public.faqs, public.contacts,
  public.chat_sessions, public.messages from anon, authenticated, service_role;
grant all on public.chatbots, public.chatbot_secrets, public.faqs, public.contacts,
  public.chat_sessions, public.messages to service_role;

-- chatbots and faqs: members read; owners and admins write.
grant select, insert, update, delete on public.chatbots, public.faqs to authenticated;

create policy "chatbots: members select" on public.chatbots
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "chatbots: admins insert" on public.chatbots
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "chatbots: admins update" on public.chatbots
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "chatbots: admins delete" on public.chatbots
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create policy "faqs: members select" on public.faqs
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "faqs: admins insert" on public.faqs
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "faqs: admins update" on public.faqs
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "faqs: admins delete" on public.faqs
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- chatbot_secrets: created by trigger; owners and admins read and rotate.
grant select on public.chatbot_secrets to authenticated;
grant update (identity_secret) on public.chatbot_secrets to authenticated;

create policy "chatbot_secrets: admins select" on public.chatbot_secrets
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "chatbot_secrets: admins rotate" on public.chatbot_secrets
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- contacts: members read; owners and admins edit and delete (the chat function creates them).
grant select, insert, update, delete on public.contacts to authenticated;

create policy "contacts: members select" on public.contacts
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "contacts: admins insert" on public.contacts
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "contacts: admins update" on public.contacts
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "contacts: admins delete" on public.contacts
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- chat_sessions: members read and change status; owners and admins delete; visitors read their own.
grant select, delete on public.chat_sessions to authenticated;
grant update (status, resolved_at) on public.chat_sessions to authenticated;

create policy "chat_sessions: members select" on public.chat_sessions
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "chat_sessions: visitor selects own" on public.chat_sessions
  for select to authenticated using (visitor_id = (select auth.uid()));
create policy "chat_sessions: members update" on public.chat_sessions
  for update to authenticated
  using (store_id in (select private.my_store_ids()))
  with check (store_id in (select private.my_store_ids()));
create policy "chat_sessions: admins delete" on public.chat_sessions
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- messages: members read all (private notes too) and write agent messages as themselves; visitors
-- read the public messages of their own sessions. Bot and customer messages come from functions.
grant select on public.messages to authenticated;
grant insert (store_id, session_id, sender, author_id, content, attachments, is_private)
  on public.messages to authenticated;

create policy "messages: members select" on public.messages
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "messages: visitor selects own public" on public.messages
  for select to authenticated
  using (not is_private and session_id in (select private.my_visitor_session_ids()));
create policy "messages: members insert agent messages" on public.messages
  for insert to authenticated
  with check (
    store_id in (select private.my_store_ids())
    and sender = 'agent'
    and author_id = (select auth.uid())
  );

revoke execute on all functions in schema private from public;
grant execute on function private.my_visitor_session_ids() to authenticated, service_role;

-- Realtime (postgres_changes) for the dashboard and the widget, where the publication exists.
do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    alter publication supabase_realtime add table public.chat_sessions, public.messages;
  end if;
end;
$$;
