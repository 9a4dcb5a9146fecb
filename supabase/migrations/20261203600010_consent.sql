-- Consent before anything is stored, when a chatbot requires it. The widget asks first (it signs the visitor
-- in, which writes the frame's storage, only after the answer) and the chat function records the answer with
-- the text the visitor saw and its version. Changing the text makes a new version, which is asked again.
alter table public.chatbots
  add column consent_required boolean not null default false,
  add column consent_text text not null
    default 'This chat stores your messages and the files you send so that we can answer you. You can ask us to delete them at any time.'
    check (char_length(consent_text) between 1 and 2000),
  add column consent_version integer not null default 1 check (consent_version >= 1);

create or replace function private.chatbot_consent_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.consent_text is distinct from old.consent_text then
    new.consent_version := old.consent_version + 1;
  end if;
  return new;
end;
$$;
create trigger chatbots_consent_version before update of consent_text on public.chatbots
  for each row execute function private.chatbot_consent_version();

-- ---------------------------------------------------------------------------------------------
-- consents: what a visitor agreed to, when, in which words. Members read them; only the chat function
-- (service role, through chat_record_consent) writes them.
create table public.consents (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid not null,
  visitor_id uuid references auth.users (id) on delete cascade,
  consent_version integer not null,
  consent_text text not null,
  given_at timestamptz not null default now(),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create index consents_store_id_idx on public.consents (store_id, given_at desc);
create index consents_chatbot_id_idx on public.consents (chatbot_id);
create index consents_visitor_id_idx on public.consents (visitor_id);

alter table public.consents enable row level security;
revoke all on public.consents from anon, authenticated, service_role;
grant all on public.consents to service_role;
grant select on public.consents to authenticated;

create policy "consents: members select" on public.consents
  for select to authenticated
  using (store_id in (select private.my_store_ids()));

-- What the widget asks before anything is stored (public: the same for every visitor of the chatbot).
create or replace function public.widget_consent(p_public_id text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('required', c.consent_required, 'text', c.consent_text, 'version', c.consent_version)
    from public.chatbots c where c.public_id = p_public_id;
$$;

-- POST /chat/consent: the signed-in visitor agreed to this version of the chatbot's text. Refuses 404
-- chatbot_not_found and 409 consent_outdated (the text changed since the widget showed it).
create or replace function public.chat_record_consent(p_visitor uuid, p_public_id text, p_version int)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_chatbot public.chatbots;
begin
  select * into v_chatbot from public.chatbots c where c.public_id = p_public_id;
  if not found then
    perform private.chat_refuse(404, 'chatbot_not_found', 'No chatbot has this id');
  end if;
  if p_version is distinct from v_chatbot.consent_version then
    perform private.chat_refuse(409, 'consent_outdated', 'The consent text changed; read it again');
  end if;
  insert into public.consents (store_id, chatbot_id, visitor_id, consent_version, consent_text)
  values (v_chatbot.store_id, v_chatbot.id, p_visitor, v_chatbot.consent_version, v_chatbot.consent_text);
  return jsonb_build_object('recorded', true, 'version', v_chatbot.consent_version);
end;
$$;

revoke execute on function public.widget_consent(text), public.chat_record_consent(uuid, text, int)
  from public, anon, authenticated;
grant execute on function public.widget_consent(text) to anon, authenticated, service_role;
grant execute on function public.chat_record_consent(uuid, text, int) to service_role;
revoke execute on all functions in schema private from public;
