-- Consent enforced by the server, not only asked by the widget: while a chatbot requires consent, nothing of a
-- visitor is stored (session, contact, messages, files, form answers) until they agreed to the current version
-- of its text. Every chat entry point passes through chat_start_session (a new conversation) or
-- private.chat_visitor_session (anything in an existing one), so those two check it. A text changed while a
-- tab was open refuses the next request with 409 consent_required; the widget then asks again.
--
-- The text has a variant per language, like the greeting (`consent_texts`, keyed by ISO 639-1 code;
-- `consent_text` stays the text in the chatbot's first language). Changing any variant is a new version.

alter table public.chatbots
  add column consent_texts jsonb not null default '{}'
    check (jsonb_typeof(consent_texts) = 'object' and pg_column_size(consent_texts) <= 20000),
  add column consent_changed_at timestamptz not null default now();
comment on column public.chatbots.consent_texts is
  'The consent text per language ({"de": "..."}); `consent_text` is the one in the first of `languages`.';

-- The version and its date follow the text only: an update that sets them directly is ignored, so the
-- version a visitor agreed to always names the words they read.
create or replace function private.chatbot_consent_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.consent_text, new.consent_texts) is distinct from (old.consent_text, old.consent_texts) then
    new.consent_version := old.consent_version + 1;
    new.consent_changed_at := now();
  else
    new.consent_version := old.consent_version;
    new.consent_changed_at := old.consent_changed_at;
  end if;
  return new;
end;
$$;
drop trigger chatbots_consent_version on public.chatbots;
create trigger chatbots_consent_version before update on public.chatbots
  for each row execute function private.chatbot_consent_version();

-- The check below looks a visitor's consent up by chatbot, visitor and version.
drop index public.consents_chatbot_id_idx;
create index consents_chatbot_visitor_idx on public.consents (chatbot_id, visitor_id, consent_version);

create or replace function public.widget_consent(p_public_id text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('required', c.consent_required, 'text', c.consent_text, 'texts', c.consent_texts,
      'version', c.consent_version)
    from public.chatbots c where c.public_id = p_public_id;
$$;

-- Refuses 409 consent_required (hint: the current version, as JSON details) unless the chatbot asks for no
-- consent or this visitor agreed to its current version.
create or replace function private.chat_require_consent(p_visitor uuid, p_chatbot_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_version int;
begin
  select c.consent_version into v_version from public.chatbots c
   where c.id = p_chatbot_id and c.consent_required;
  if found and not exists (
    select 1 from public.consents k
     where k.chatbot_id = p_chatbot_id and k.visitor_id = p_visitor and k.consent_version = v_version
  ) then
    raise exception using errcode = 'PT409', message = 'consent_required',
      detail = 'Please read and accept how this chat uses your data first',
      hint = jsonb_build_object('version', v_version)::text;
  end if;
end;
$$;

-- As in 20261201300000_chat_hot_path.sql, and the visitor's consent to the session's chatbot.
create or replace function private.chat_visitor_session(p_visitor uuid, p_session_id uuid, p_chatbot_id uuid default null)
returns public.chat_sessions
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
begin
  select s.* into v_session from public.chat_sessions s
  where s.id = p_session_id and (p_chatbot_id is null or s.chatbot_id = p_chatbot_id);
  if found and (v_session.visitor_id = p_visitor or exists (
    select 1 from public.contact_visitors cv
    where cv.contact_id = v_session.contact_id and cv.store_id = v_session.store_id and cv.visitor_id = p_visitor
  )) then
    perform private.chat_require_consent(p_visitor, v_session.chatbot_id);
    return v_session;
  end if;
  perform private.chat_refuse(404, 'session_not_found', 'No such chat session for this visitor');
end;
$$;

-- As in 20261202500100_billing_caps.sql, refusing a visitor without consent before storing anything.
create or replace function public.chat_start_session(p_visitor uuid, p_ip text, p_input jsonb, p_limits jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_bot public.chatbots;
  v_identity jsonb := p_input -> 'identity';
  v_session_id uuid := (p_input ->> 'session_id')::uuid;
  v_email text := lower(v_identity ->> 'email');
  v_name text := v_identity ->> 'name';
  v_attributes jsonb := p_input -> 'attributes';
  v_contact public.contacts;
  v_session public.chat_sessions;
begin
  if p_visitor is null then
    perform private.chat_refuse(401, 'not_signed_in', 'Sign in first (anonymously is fine)');
  end if;
  select c.* into v_bot from public.chatbots c where c.public_id = p_input ->> 'chatbot';
  if not found then
    perform private.chat_refuse(404, 'unknown_chatbot', 'No chatbot has this public id');
  end if;
  -- Before anything of the visitor is stored (a resumed session is checked by chat_visitor_session too).
  perform private.chat_require_consent(p_visitor, v_bot.id);

  if v_session_id is not null then
    perform private.take_chat_allowance('visitor:' || p_visitor || ':session_updates',
      (p_limits ->> 'visitor_session_updates_per_hour')::int, 3600,
      'Too many updates to this conversation. Please try again later.');
  else
    perform private.take_chat_allowance('visitor:' || p_visitor || ':sessions',
      (p_limits ->> 'visitor_sessions_per_hour')::int, 3600,
      'You have started many conversations. Please continue one of them, or try again later.');
  end if;

  if v_identity is not null then
    if not private.identity_matches(
      (select cs.identity_secret from public.chatbot_secrets cs
       where cs.chatbot_id = v_bot.id and cs.store_id = v_bot.store_id),
      v_identity ->> 'identifier', v_identity ->> 'identifier_hash') then
      perform private.chat_refuse(401, 'invalid_identity', 'identifier_hash does not match the identifier');
    end if;
    insert into public.contacts (store_id, external_id, verified, email, name, custom_attributes)
    values (v_bot.store_id, v_identity ->> 'identifier', true, v_email, v_name,
      private.merged_attributes('{}', v_attributes))
    on conflict (store_id, external_id) do nothing
    returning * into v_contact;
    if not found then
      -- Known (perhaps from another device at this very moment): fill in what this request adds.
      select ct.* into v_contact from public.contacts ct
      where ct.store_id = v_bot.store_id and ct.external_id = v_identity ->> 'identifier'
      for update;
      update public.contacts ct
      set email = coalesce(v_email, ct.email), name = coalesce(v_name, ct.name), verified = true,
          custom_attributes = private.merged_attributes(ct.custom_attributes, v_attributes)
      where ct.id = v_contact.id
        and (ct.email, ct.name, ct.verified, ct.custom_attributes) is distinct from
            (coalesce(v_email, ct.email), coalesce(v_name, ct.name), true,
             private.merged_attributes(ct.custom_attributes, v_attributes))
      returning * into v_contact;
      if not found then
        select ct.* into v_contact from public.contacts ct
        where ct.store_id = v_bot.store_id and ct.external_id = v_identity ->> 'identifier';
      end if;
    end if;
    insert into public.contact_visitors (store_id, contact_id, visitor_id)
    values (v_bot.store_id, v_contact.id, p_visitor)
    on conflict (contact_id, visitor_id) do nothing;
  else
    -- The visitor's own unverified contact in this store (an e-mail here is only data: it links nothing).
    select ct.* into v_contact from public.contacts ct
    where ct.store_id = v_bot.store_id and ct.visitor_id = p_visitor and ct.external_id is null
    order by ct.created_at limit 1
    for update;
    if not found then
      insert into public.contacts (store_id, visitor_id, verified, custom_attributes)
      values (v_bot.store_id, p_visitor, false, private.merged_attributes('{}', v_attributes))
      returning * into v_contact;
    elsif v_attributes is not null
      and v_contact.custom_attributes is distinct from private.merged_attributes(v_contact.custom_attributes, v_attributes) then
      update public.contacts ct
      set custom_attributes = private.merged_attributes(ct.custom_attributes, v_attributes)
      where ct.id = v_contact.id
      returning * into v_contact;
    end if;
  end if;

  if v_session_id is not null then
    v_session := private.chat_visitor_session(p_visitor, v_session_id, v_bot.id);
    -- The visitor's own session moves to the contact they just proved to be.
    if v_contact.verified and v_session.visitor_id = p_visitor and v_session.contact_id is distinct from v_contact.id then
      update public.chat_sessions s set contact_id = v_contact.id
      where s.id = v_session.id and s.store_id = v_bot.store_id
      returning * into v_session;
    end if;
  else
    -- A visitor's first conversation anywhere: fresh sign-ins from one address are limited (a key many
    -- visitors share: in slots, and taken last).
    if p_ip is not null and not exists (select 1 from public.chat_sessions s where s.visitor_id = p_visitor) then
      perform private.take_chat_allowance('ip:' || p_ip || ':fresh_sessions',
        (p_limits ->> 'ip_fresh_sessions_per_hour')::int, 3600,
        'Too many new conversations from your network. Please try again later.',
        16, abs(hashtext(p_visitor::text)) % 16);
    end if;
    insert into public.chat_sessions (store_id, chatbot_id, contact_id, visitor_id, language)
    values (v_bot.store_id, v_bot.id, v_contact.id, p_visitor,
      coalesce(p_input ->> 'language', v_bot.languages[1], 'en'))
    returning * into v_session;
    -- A new conversation counts against the plan (last: the store's counter row stays locked until the
    -- commit). Over the cap the conversation still opens, unanswered by the bot (chat_post_message).
    if private.take_usage(v_bot.store_id, 'conversations', v_session.id::text) = 'capped' then
      update public.chat_sessions s set over_cap_at = now()
      where s.id = v_session.id and s.store_id = v_bot.store_id
      returning * into v_session;
    end if;
  end if;

  -- Now and then, forget counters of windows long gone.
  if random() < 0.01 then
    delete from private.chat_rate_limits r
    where (r.key, r.slot) in (select o.key, o.slot from private.chat_rate_limits o
                              where o.window_start < now() - interval '1 day' limit 1000);
  end if;

  return jsonb_build_object(
    'session', jsonb_build_object('id', v_session.id, 'status', v_session.status,
      'chatbot_id', v_session.chatbot_id, 'started_at', v_session.started_at,
      'over_cap', v_session.over_cap_at is not null),
    'contact', jsonb_build_object('id', v_contact.id, 'verified', v_contact.verified));
end;
$$;

revoke execute on function private.chat_require_consent(uuid, uuid) from public;
