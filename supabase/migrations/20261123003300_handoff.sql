-- Handoff to Chatwoot: what the widget tells a visitor waiting for a person (business hours, reply time,
-- a fallback contact while Chatwoot is unreachable), the webhook events Chatwoot sent us (stored before
-- they are applied, deduplicated by delivery id), and the triggers that enqueue contact sync, erasure,
-- handoff and forwarding jobs (supabase/functions/chatwoot-contact-sync consumes them).

-- ---------------------------------------------------------------------------------------------
alter table public.stores
  add column business_hours jsonb not null default '{}' check (jsonb_typeof(business_hours) = 'object'),
  add column reply_time text check (char_length(reply_time) <= 200),
  add column fallback_phone text check (char_length(fallback_phone) <= 40),
  add column fallback_email text check (char_length(fallback_email) <= 320);
grant update (business_hours, reply_time, fallback_phone, fallback_email) on public.stores to authenticated;

-- Where the session's handoff job stands, for the widget (visitors read their own sessions):
-- pending (job queued), delivered (conversation created), failing (Chatwoot unreachable, still retrying),
-- dead (gave up until someone retries it).
alter table public.chat_sessions
  add column handoff_state text check (handoff_state in ('pending', 'delivered', 'failing', 'dead'));

-- ---------------------------------------------------------------------------------------------
-- chatwoot_webhook_events: every signed delivery, stored before it is applied; a replayed delivery id
-- finds its row and is not applied again.
create table public.chatwoot_webhook_events (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  delivery_id text not null check (char_length(delivery_id) between 1 and 200),
  event text not null,
  payload jsonb not null,
  signed_at timestamptz not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text,
  unique (store_id, delivery_id)
);
create index chatwoot_webhook_events_received_idx on public.chatwoot_webhook_events (store_id, received_at desc);

alter table public.chatwoot_webhook_events enable row level security;
revoke all on public.chatwoot_webhook_events from anon, authenticated, service_role;
grant all on public.chatwoot_webhook_events to service_role;
-- Owners and admins may look at what Chatwoot sent (debugging a handoff); only the handler writes.
grant select on public.chatwoot_webhook_events to authenticated;
create policy "chatwoot_webhook_events: admins select" on public.chatwoot_webhook_events
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- ---------------------------------------------------------------------------------------------
-- The widget's configuration gains what a waiting visitor is told.
create or replace function public.widget_config(p_public_id text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'chatbot', jsonb_build_object(
      'id', c.id, 'public_id', c.public_id, 'name', c.name, 'greeting', c.greeting,
      'languages', to_jsonb(c.languages), 'theme', c.theme, 'prechat_form', c.prechat_form),
    'store', jsonb_build_object('name', s.name),
    'handoff', jsonb_build_object(
      'business_hours', s.business_hours, 'reply_time', s.reply_time,
      'fallback_phone', s.fallback_phone, 'fallback_email', s.fallback_email),
    'faqs', coalesce((
      select jsonb_agg(jsonb_build_object('id', f.id, 'question', f.question, 'answer', f.answer)
        order by f.position, f.created_at)
      from public.faqs f where f.chatbot_id = c.id and f.store_id = c.store_id), '[]'::jsonb))
  from public.chatbots c
  join public.stores s on s.id = c.store_id
  where c.public_id = p_public_id and s.status = 'active';
$$;

-- ---------------------------------------------------------------------------------------------
-- Contacts with something Chatwoot can find them by are synced when a synced field changes; one job
-- per contact and change (the key debounces repeated triggers within one statement).
create or replace function private.contact_chatwoot_sync()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    -- A store being deleted takes its whole Chatwoot account with it: nothing to erase one by one.
    if old.chatwoot_contact_id is not null and exists (select 1 from public.stores where id = old.store_id) then
      perform private.enqueue(old.store_id, 'chatwoot.erase_contact',
        jsonb_build_object('contact_id', old.id, 'chatwoot_contact_id', old.chatwoot_contact_id),
        'chatwoot.erase_contact:' || old.id);
    end if;
    return null;
  end if;
  if coalesce(new.external_id, new.email, new.phone) is not null or new.chatwoot_contact_id is not null then
    perform private.enqueue(new.store_id, 'chatwoot.sync_contact',
      jsonb_build_object('contact_id', new.id),
      'chatwoot.sync_contact:' || new.id || ':' || extract(epoch from new.updated_at));
  end if;
  return null;
end;
$$;

create trigger contacts_chatwoot_sync_insert after insert on public.contacts
  for each row execute function private.contact_chatwoot_sync();
create trigger contacts_chatwoot_sync_update
  after update of external_id, email, name, phone, custom_attributes on public.contacts
  for each row when (
    old.external_id is distinct from new.external_id or old.email is distinct from new.email
    or old.name is distinct from new.name or old.phone is distinct from new.phone
    or old.custom_attributes is distinct from new.custom_attributes)
  execute function private.contact_chatwoot_sync();
create trigger contacts_chatwoot_erase after delete on public.contacts
  for each row execute function private.contact_chatwoot_sync();

-- ---------------------------------------------------------------------------------------------
-- A session handed to a person (bot -> queued) gets a Chatwoot conversation.
create or replace function private.session_chatwoot_handoff()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue(new.store_id, 'chatwoot.handoff',
    jsonb_build_object('session_id', new.id),
    'chatwoot.handoff:' || new.id || ':' || extract(epoch from clock_timestamp()));
  update public.chat_sessions set handoff_state = 'pending' where id = new.id and handoff_state is null;
  return null;
end;
$$;

-- Only a fresh handoff: the chat function also writes queued -> queued.
create trigger chat_sessions_chatwoot_handoff_insert after insert on public.chat_sessions
  for each row when (new.status = 'queued' and new.chatwoot_conversation_id is null)
  execute function private.session_chatwoot_handoff();
create trigger chat_sessions_chatwoot_handoff_update after update of status on public.chat_sessions
  for each row when (new.status = 'queued' and old.status = 'bot' and new.chatwoot_conversation_id is null)
  execute function private.session_chatwoot_handoff();

-- A visitor's message in a session with (or waiting for, or done with) a person goes to its conversation.
create or replace function private.message_chatwoot_forward()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
    select 1 from public.chat_sessions s
    where s.id = new.session_id and s.store_id = new.store_id
      and s.status in ('queued', 'human', 'resolved')
      -- handed off through Chatwoot (or on its way): sessions taken in the dashboard alone stay there
      and (s.chatwoot_conversation_id is not null or (s.handoff_state is not null and s.status <> 'resolved'))
  ) then
    perform private.enqueue(new.store_id, 'chatwoot.forward_message',
      jsonb_build_object('session_id', new.session_id, 'message_id', new.id),
      'chatwoot.forward_message:' || new.id);
  end if;
  return null;
end;
$$;

create trigger messages_chatwoot_forward after insert on public.messages
  for each row when (new.sender = 'customer' and not new.is_private and new.chatwoot_message_id is null)
  execute function private.message_chatwoot_forward();

-- The handoff job's fate, mirrored on the session so the widget can offer the fallback contact.
create or replace function private.handoff_job_state()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_state text;
begin
  v_state := case
    when new.status = 'done' then 'delivered'
    when new.status = 'dead' then 'dead'
    when new.last_error is not null then 'failing'
  end;
  if v_state is not null then
    update public.chat_sessions set handoff_state = v_state
     where id = (new.payload ->> 'session_id')::uuid and handoff_state is distinct from v_state
       and handoff_state is distinct from 'delivered';
  end if;
  return null;
end;
$$;

create trigger outbox_handoff_state after update of status, last_error on public.outbox
  for each row when (new.topic = 'chatwoot.handoff')
  execute function private.handoff_job_state();

revoke execute on function private.contact_chatwoot_sync(), private.session_chatwoot_handoff(),
  private.message_chatwoot_forward(), private.handoff_job_state() from public;
