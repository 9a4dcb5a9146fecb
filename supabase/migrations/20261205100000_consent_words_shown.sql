-- A consent is kept with the words the visitor actually read. The widget shows the consent text in the
-- visitor's language (`consent_texts`, else the main `consent_text`), so recording the main text for a German
-- visitor kept words they never saw. The widget now sends its locale; the server picks the same variant the
-- widget picked (never text from the client) and records it with its language.
--
-- And "who agreed" for the dashboard: the contact behind each consent and the visitor's latest conversation.

alter table public.consents
  add column language text check (language ~ '^[a-z]{2,3}$');
comment on column public.consents.language is
  'The language of the consent text the visitor was shown (null: recorded before languages were kept).';

-- The chatbot's consent text for a visitor's locale, chosen as the widget chooses it (consentTextFor in
-- apps/widget/src/visitor-locale.ts): the locale's own text, else its base language's ('de' for 'de-AT'),
-- else the chatbot's main language's. Blank variants count as missing.
create or replace function private.consent_variant(p_chatbot public.chatbots, p_locale text)
returns table (language text, text text)
language sql
immutable
set search_path = ''
as $$
  with main as (
    select coalesce(nullif(substring(lower(p_chatbot.languages[1]) from '^([a-z]{2,3})(?:[-_]|$)'), ''), 'en') as lang
  ), texts as (
    select p_chatbot.consent_texts || jsonb_build_object(main.lang, p_chatbot.consent_text) as map, main.lang
    from main
  ), wanted as (
    select k.key, k.rank from texts, lateral (values
      (lower(trim(coalesce(p_locale, ''))), 1),
      (substring(lower(trim(coalesce(p_locale, ''))) from '^([a-z]{2,3})(?:[-_]|$)'), 2),
      (texts.lang, 3)) k(key, rank)
  )
  select coalesce(substring(w.key from '^([a-z]{2,3})'), t.lang), t.map ->> w.key
    from wanted w, texts t
   where w.key is not null and jsonb_typeof(t.map -> w.key) = 'string' and trim(t.map ->> w.key) <> ''
   order by w.rank
   limit 1;
$$;

-- POST /chat/consent (as in 20261203600010_consent.sql), now with the visitor's locale: records the variant the
-- widget showed for it and its language. Refuses 404 chatbot_not_found and 409 consent_outdated.
drop function public.chat_record_consent(uuid, text, int);
create function public.chat_record_consent(p_visitor uuid, p_public_id text, p_version int, p_locale text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_chatbot public.chatbots;
  v_shown record;
begin
  select * into v_chatbot from public.chatbots c where c.public_id = p_public_id;
  if not found then
    perform private.chat_refuse(404, 'chatbot_not_found', 'No chatbot has this id');
  end if;
  if p_version is distinct from v_chatbot.consent_version then
    perform private.chat_refuse(409, 'consent_outdated', 'The consent text changed; read it again');
  end if;
  select * into v_shown from private.consent_variant(v_chatbot, p_locale);
  insert into public.consents (store_id, chatbot_id, visitor_id, consent_version, consent_text, language)
  values (v_chatbot.store_id, v_chatbot.id, p_visitor, v_chatbot.consent_version,
    coalesce(v_shown.text, v_chatbot.consent_text), v_shown.language);
  return jsonb_build_object('recorded', true, 'version', v_chatbot.consent_version, 'language', v_shown.language);
end;
$$;

-- The contact's export (as in 20261203600000_privacy_retention_erasure.sql) names each consent's language too.
create or replace function public.export_contact(p_contact_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_contact public.contacts := private.contact_for_owner(p_contact_id);
  v_sessions jsonb;
  v_files int;
begin
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', s.id, 'status', s.status, 'language', s.language, 'lead_score', s.lead_score,
           'sentiment', s.sentiment, 'summary', s.summary, 'started_at', s.started_at,
           'last_message_at', s.last_message_at, 'resolved_at', s.resolved_at,
           'messages', coalesce((select jsonb_agg(jsonb_build_object(
               'id', m.id, 'sender', m.sender, 'content', m.content, 'attachments', m.attachments,
               'created_at', m.created_at) order by m.created_at, m.id)
             from public.messages m
            where m.store_id = s.store_id and m.session_id = s.id and not m.is_private), '[]'))
           order by s.started_at), '[]')
    into v_sessions
    from public.chat_sessions s
   where s.id in (select private.contact_session_ids(v_contact));
  select count(*) into v_files
    from jsonb_array_elements(v_sessions) s, jsonb_array_elements(s -> 'messages') m,
         jsonb_array_elements(m -> 'attachments') a;
  insert into public.audit_log (store_id, actor_id, action, target, details)
  values (v_contact.store_id, (select auth.uid()), 'contact.exported', 'contact:' || v_contact.id,
    jsonb_build_object('conversations', jsonb_array_length(v_sessions), 'files', v_files));
  return jsonb_build_object(
    'exported_at', now(),
    'contact', jsonb_build_object('id', v_contact.id, 'external_id', v_contact.external_id,
      'email', v_contact.email, 'name', v_contact.name, 'phone', v_contact.phone,
      'verified', v_contact.verified, 'attributes', v_contact.custom_attributes,
      'created_at', v_contact.created_at, 'updated_at', v_contact.updated_at),
    'conversations', v_sessions,
    'consents', coalesce((select jsonb_agg(jsonb_build_object('version', k.consent_version,
        'text', k.consent_text, 'language', k.language, 'given_at', k.given_at) order by k.given_at)
      from public.consents k
     where k.store_id = v_contact.store_id and k.visitor_id = v_contact.visitor_id), '[]'));
end;
$$;

-- Who agreed to a chatbot's consent text, newest first, as the caller may see it (security invoker: RLS on
-- consents, contacts and chat_sessions decides). The contact is the visitor's own one in the store, or the
-- verified one they were linked to; the session is their latest conversation with the chatbot. A consent
-- whose visitor is gone (erased) has neither.
create or replace function public.chatbot_consents(p_chatbot_id uuid, p_limit int default 100)
returns table (
  id bigint, given_at timestamptz, consent_version int, language text, visitor_id uuid,
  contact_id uuid, contact_name text, contact_email text, session_id uuid
)
language sql
stable
security invoker
set search_path = ''
as $$
  select k.id, k.given_at, k.consent_version, k.language, k.visitor_id,
         ct.id, ct.name, ct.email, s.id
    from public.consents k
    left join lateral (
      select c.id, c.name, c.email from public.contacts c
       where c.store_id = k.store_id and k.visitor_id is not null
         and (c.visitor_id = k.visitor_id or exists (
           select 1 from public.contact_visitors cv
            where cv.contact_id = c.id and cv.store_id = k.store_id and cv.visitor_id = k.visitor_id))
       order by (c.name is not null or c.email is not null) desc, c.verified desc, c.created_at
       limit 1
    ) ct on true
    left join lateral (
      select cs.id from public.chat_sessions cs
       where cs.chatbot_id = k.chatbot_id and cs.store_id = k.store_id and k.visitor_id is not null
         and cs.visitor_id = k.visitor_id
       order by cs.started_at desc
       limit 1
    ) s on true
   where k.chatbot_id = p_chatbot_id
   order by k.given_at desc, k.id desc
   limit least(greatest(coalesce(p_limit, 100), 1), 500);
$$;

-- Lookups by visitor for the function above.
create index if not exists chat_sessions_chatbot_visitor_idx on public.chat_sessions (chatbot_id, visitor_id, started_at desc);

revoke execute on function public.chat_record_consent(uuid, text, int, text),
  public.chatbot_consents(uuid, int) from public, anon, authenticated;
grant execute on function public.chat_record_consent(uuid, text, int, text) to service_role;
grant execute on function public.chatbot_consents(uuid, int) to authenticated, service_role;
revoke execute on all functions in schema private from public;
