-- Lead score and persona: the rules a store sets per chatbot (chatbots.lead_scoring: base, rules, persona
-- tiers), the score of every session with its reasons (session_leads: members only, so a shopper never reads
-- why they were scored) and the contact's latest score (synced to Chatwoot). The chat function computes the
-- score with the shared pure rules (_shared/leads) and stores it through the functions below, which wrap
-- chat_post_message and chat_store_reply (unchanged) so a line still costs the same two calls.

alter table public.chatbots add column lead_scoring jsonb not null default '{}'
  check (jsonb_typeof(lead_scoring) = 'object');
alter table public.contacts add column lead_score int check (lead_score between 0 and 100);

create table public.session_leads (
  session_id uuid primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  contact_id uuid,
  score int not null check (score between 0 and 100),
  -- the persona tier's name that chose how the bot opens and answers
  tier text,
  -- [{ reason, points }]: every rule that held
  reasons jsonb not null default '[]' check (jsonb_typeof(reasons) = 'array'),
  -- lead intents seen so far in the conversation (purchase, bulk_order, demo_request, ...)
  intents text[] not null default '{}',
  -- points automations added or took (change_lead_score), carried over when the rules score again
  adjustment int not null default 0,
  form_submitted_at timestamptz,
  updated_at timestamptz not null default now(),
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete cascade,
  foreign key (contact_id, store_id) references public.contacts (id, store_id) on delete set null (contact_id)
);
create index session_leads_store_id_idx on public.session_leads (store_id);
create index session_leads_contact_id_idx on public.session_leads (contact_id);

alter table public.session_leads enable row level security;
revoke all on public.session_leads from public, anon, authenticated;
grant all on public.session_leads to service_role;
grant select on public.session_leads to authenticated;
-- Written only by the chat function's SQL (security definer); members read their stores' leads.
create policy "session_leads: members select" on public.session_leads
  for select to authenticated using (store_id in (select private.my_store_ids()));

-- The contact's score reaches Chatwoot like its other fields.
create trigger contacts_chatwoot_sync_lead_score after update of lead_score on public.contacts
  for each row when (old.lead_score is distinct from new.lead_score)
  execute function private.contact_chatwoot_sync();

-- ---------------------------------------------------------------------------------------------
-- What the lead rules look at for a session: the chatbot's rules and form, the contact's attributes (with
-- its e-mail, name and phone) and the lead intents seen so far.
create or replace function private.chat_lead_facts(p_session public.chat_sessions)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'scoring', b.lead_scoring,
    'form', b.prechat_form,
    'attributes', coalesce(ct.custom_attributes, '{}') || jsonb_strip_nulls(jsonb_build_object(
      'email', ct.email, 'name', ct.name, 'phone', ct.phone)),
    'intents', to_jsonb(coalesce(l.intents, '{}')),
    'score', l.score,
    -- what automations changed: carried over, plus what they changed on the session since the last score
    'adjustment', coalesce(l.adjustment, 0) + coalesce(p_session.lead_score - l.score, 0),
    'tier', l.tier,
    'reasons', coalesce(l.reasons, '[]'),
    'form_submitted', l.form_submitted_at is not null)
  from public.chatbots b
  left join public.contacts ct on ct.id = p_session.contact_id and ct.store_id = p_session.store_id
  left join public.session_leads l on l.session_id = p_session.id
  where b.id = p_session.chatbot_id and b.store_id = p_session.store_id;
$$;

-- Stores a computed lead ({ score, tier, reasons, intents, adjustment }) on the session, its lead row and its contact.
-- The session's lead_score is what fires the automation trigger and the analytics event (their triggers).
create or replace function private.record_lead(p_session public.chat_sessions, p_lead jsonb, p_form boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_score int := greatest(0, least(100, (p_lead ->> 'score')::int));
begin
  insert into public.session_leads (session_id, store_id, contact_id, score, tier, reasons, intents,
    adjustment, form_submitted_at)
  values (p_session.id, p_session.store_id, p_session.contact_id, v_score, p_lead ->> 'tier',
    coalesce(p_lead -> 'reasons', '[]'),
    coalesce((select array_agg(i) from jsonb_array_elements_text(p_lead -> 'intents') i), '{}'),
    coalesce((p_lead ->> 'adjustment')::int, 0), case when p_form then now() end)
  on conflict (session_id) do update
    set score = excluded.score, tier = excluded.tier, reasons = excluded.reasons, intents = excluded.intents,
        adjustment = excluded.adjustment,
        contact_id = excluded.contact_id, updated_at = now(),
        form_submitted_at = coalesce(public.session_leads.form_submitted_at, excluded.form_submitted_at);
  update public.chat_sessions s set lead_score = v_score
  where s.id = p_session.id and s.store_id = p_session.store_id and s.lead_score is distinct from v_score;
  update public.contacts ct set lead_score = v_score
  where ct.id = p_session.contact_id and ct.store_id = p_session.store_id and ct.lead_score is distinct from v_score;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- POST /chat/messages, first step: chat_post_message, and for a new line the lead facts (one call).
create or replace function public.chat_post_line(
  p_visitor uuid, p_session_id uuid, p_client_id uuid, p_content text, p_retrieve boolean, p_limits jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_result jsonb := public.chat_post_message(p_visitor, p_session_id, p_client_id, p_content, p_retrieve, p_limits);
  v_session public.chat_sessions;
begin
  if (v_result ->> 'duplicate')::boolean then
    return v_result;
  end if;
  select s.* into v_session from public.chat_sessions s where s.id = p_session_id;
  return v_result || jsonb_build_object('lead', private.chat_lead_facts(v_session));
end;
$$;

-- POST /chat/messages, second step: the lead (when it changed; null otherwise), then chat_store_reply.
create or replace function public.chat_store_line(
  p_session_id uuid, p_message_id bigint, p_outcome jsonb, p_lead jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
begin
  if jsonb_typeof(p_lead) = 'object' then
    select s.* into v_session from public.chat_sessions s where s.id = p_session_id;
    if found then
      perform private.record_lead(v_session, p_lead, false);
    end if;
  end if;
  return public.chat_store_reply(p_session_id, p_message_id, p_outcome);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- POST /chat/form, first step: what the chat function needs to check the answers and score them.
create or replace function public.chat_form_context(p_visitor uuid, p_session_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions := private.chat_visitor_session(p_visitor, p_session_id);
begin
  return private.chat_lead_facts(v_session) || jsonb_build_object(
    'language', v_session.language,
    'customer_messages', (select count(*) from public.messages m
                          where m.session_id = v_session.id and m.store_id = v_session.store_id
                            and m.sender = 'customer'));
end;
$$;

-- POST /chat/form, second step: the checked answers become contact attributes (e-mail, name and phone fill
-- the contact's own fields when it has none), the lead is stored, and the first time the persona's opening
-- (p_opening: { content, metadata } or null) becomes the bot's first message and the analytics event
-- form_completed is recorded. Returns { message, lead }.
create or replace function public.chat_submit_form(
  p_visitor uuid, p_session_id uuid, p_answers jsonb, p_lead jsonb, p_opening jsonb, p_limits jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions := private.chat_visitor_session(p_visitor, p_session_id);
  v_first boolean;
  v_message public.messages;
begin
  perform private.take_chat_allowance('visitor:' || p_visitor || ':session_updates',
    (p_limits ->> 'visitor_session_updates_per_hour')::int, 3600,
    'Too many updates to this conversation. Please try again later.');
  if v_session.contact_id is null then
    perform private.chat_refuse(409, 'no_contact', 'This conversation has no contact to store answers for');
  end if;
  update public.contacts ct
  set custom_attributes = private.merged_attributes(ct.custom_attributes, p_answers),
      email = coalesce(ct.email, case when ct.verified then null else lower(p_answers ->> 'email') end),
      name = coalesce(ct.name, p_answers ->> 'name'),
      phone = coalesce(ct.phone, p_answers ->> 'phone')
  where ct.id = v_session.contact_id and ct.store_id = v_session.store_id;

  select l.form_submitted_at is null into v_first from public.session_leads l where l.session_id = v_session.id;
  v_first := coalesce(v_first, true);
  perform private.record_lead(v_session, p_lead, true);
  if v_first then
    -- the analytics funnel's first step (form -> chat opened -> first message -> engaged)
    perform private.record_analytics_event('form_completed', v_session.id);
  end if;
  if v_first and jsonb_typeof(p_opening) = 'object' then
    insert into public.messages (store_id, session_id, sender, content, metadata)
    values (v_session.store_id, v_session.id, 'bot', p_opening ->> 'content', coalesce(p_opening -> 'metadata', '{}'))
    returning * into v_message;
  end if;
  return jsonb_build_object(
    'message', case when v_message.id is not null then to_jsonb(v_message) end,
    'lead', jsonb_build_object('score', (p_lead ->> 'score')::int, 'tier', p_lead ->> 'tier'));
end;
$$;

revoke execute on function private.chat_lead_facts(public.chat_sessions),
  private.record_lead(public.chat_sessions, jsonb, boolean) from public;
revoke execute on function public.chat_post_line(uuid, uuid, uuid, text, boolean, jsonb),
  public.chat_store_line(uuid, bigint, jsonb, jsonb), public.chat_form_context(uuid, uuid),
  public.chat_submit_form(uuid, uuid, jsonb, jsonb, jsonb, jsonb)
  from public, anon, authenticated;
grant execute on function public.chat_post_line(uuid, uuid, uuid, text, boolean, jsonb),
  public.chat_store_line(uuid, bigint, jsonb, jsonb), public.chat_form_context(uuid, uuid),
  public.chat_submit_form(uuid, uuid, jsonb, jsonb, jsonb, jsonb)
  to service_role;
