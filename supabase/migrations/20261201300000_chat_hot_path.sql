-- The visitor chat's hot path in a few round trips: the chat function (service role, after verifying the
-- visitor's JWT itself) calls one function per step, each a single transaction:
--   chat_start_session  chatbot, identity (HMAC), limits, contact with capped attributes, session
--   chat_post_message   the visitor may use the session, limits, the line stored once per client_id, the
--                       bot's typing, retrieval and everything the responder needs
--   chat_store_reply    the line's analysis, the session's new state, the reply (its INSERT is what realtime
--                       delivers), a responder failure
-- Shared limits live in private.chat_rate_limits (windows counted in the same transaction, so a refused
-- request rolls its own count back and stores nothing). A refusal is raised as SQLSTATE 'PT4xx'
-- (PostgREST answers with that HTTP status): message = the error code, detail = the sentence a visitor
-- reads, hint = seconds to wait before retrying (rate limits only).

-- ---------------------------------------------------------------------------------------------
-- Counters of the chat limits: per key (e.g. 'visitor:<uuid>:messages') the hits of the current window, in
-- one or more slots. Unlogged: counters need no crash safety (a crash forgets at most one window), and
-- skipping the WAL keeps them cheap to update.
create unlogged table private.chat_rate_limits (
  key text not null,
  slot int not null default 0,
  window_start timestamptz not null,
  hits int not null,
  primary key (key, slot)
);
create index chat_rate_limits_window_start_idx on private.chat_rate_limits (window_start);
alter table private.chat_rate_limits enable row level security;
revoke all on private.chat_rate_limits from public, anon, authenticated, service_role;

-- Raises the refusal the chat function turns into `{ code, message, retry_after? }` with that status.
create or replace function private.chat_refuse(p_status int, p_code text, p_message text, p_retry_after int default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT' || p_status, message = p_code, detail = p_message,
    hint = coalesce(p_retry_after::text, '');
end;
$$;

-- Counts one request against p_key: at most p_max in a window of p_window_seconds that starts with the
-- key's first request (and again with the first one after it ended); refuses with 429 past p_max (no limit
-- when p_max is null). The caller's transaction rolls back on the refusal, the count included: only what
-- was stored counts.
--
-- A counted row stays locked until the caller commits, so a key every request shares (a chatbot's) would
-- make them all wait for each other's commits. Such a key spreads its allowance over p_slots rows: a
-- request takes a slot with room that nobody holds (SKIP LOCKED), starting at p_home; only when none is
-- free does it wait, for the slots in one fixed order (so waiters cannot deadlock). The slots' shares add
-- up to p_max, so exactly p_max requests get through in a window, however they arrive.
create or replace function private.take_chat_allowance(
  p_key text, p_max int, p_window_seconds int, p_message text, p_slots int default 1, p_home int default 0
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_window interval := make_interval(secs => p_window_seconds);
  v_slot int;
  v_row private.chat_rate_limits;
begin
  if p_max is null then
    return;
  end if;
  if p_slots = 1 then
    insert into private.chat_rate_limits as r (key, slot, window_start, hits) values (p_key, 0, now(), 1)
    on conflict (key, slot) do update
      set hits = case when r.window_start > now() - v_window then r.hits + 1 else 1 end,
          window_start = case when r.window_start > now() - v_window then r.window_start else now() end
    returning * into v_row;
    if v_row.hits <= p_max then
      return;
    end if;
  else
    select r.slot into v_slot from private.chat_rate_limits r
    where r.key = p_key
      and (r.window_start <= now() - v_window or r.hits < p_max / p_slots + (r.slot < p_max % p_slots)::int)
    order by (r.slot - p_home + p_slots) % p_slots
    limit 1
    for update skip locked;
    if not found then
      insert into private.chat_rate_limits (key, slot, window_start, hits)
      select p_key, s, now(), 0 from generate_series(0, p_slots - 1) s
      on conflict do nothing;
      for v_row in
        select r.* from private.chat_rate_limits r where r.key = p_key order by r.slot for update
      loop
        v_slot := v_row.slot;
        exit when v_row.window_start <= now() - v_window
          or v_row.hits < p_max / p_slots + (v_row.slot < p_max % p_slots)::int;
        v_slot := null;
      end loop;
    end if;
    if v_slot is not null then
      update private.chat_rate_limits r
      set hits = case when r.window_start > now() - v_window then r.hits + 1 else 1 end,
          window_start = case when r.window_start > now() - v_window then r.window_start else now() end
      where r.key = p_key and r.slot = v_slot
      returning * into v_row;
      return;
    end if;
    -- every slot is full: the soonest one to start a new window says when to come back
    select r.* into v_row from private.chat_rate_limits r
    where r.key = p_key and (p_max >= p_slots or r.slot < p_max)
    order by r.window_start limit 1;
  end if;
  -- (a window another transaction opened may have started after this one did: never more than a window)
  perform private.chat_refuse(429, 'rate_limited', p_message,
    least(p_window_seconds, greatest(1, ceil(extract(epoch from v_row.window_start + v_window - now()))))::int);
end;
$$;

-- The bot is typing (or stopped): a broadcast on the session's topic, delivered after commit, like the
-- agents' typing that chatwoot-webhook-handler sends through Realtime's REST API.
create or replace function private.broadcast_bot_typing(p_session_id uuid, p_typing boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(jsonb_build_object('sender', 'bot', 'typing', p_typing), 'typing',
    'session:' || p_session_id, false);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- A new message moves its session's last_message_at, unless the statement before it already did, or
-- chat_post_message defers it to chat_store_reply (which writes the session's new state anyway): one row
-- change per chat line instead of two, and so one realtime event less for every subscriber.
create or replace function private.touch_session()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if current_setting('parley.chat_defer_touch', true) = 'on' then
    return null;
  end if;
  update public.chat_sessions set last_message_at = new.created_at
  where id = new.session_id and last_message_at < new.created_at;
  return null;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- May the visitor use the session? Their own, or one of a contact they proved to be (identity HMAC).
-- Anything else looks exactly like a session that does not exist.
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
    return v_session;
  end if;
  perform private.chat_refuse(404, 'session_not_found', 'No such chat session for this visitor');
end;
$$;

-- A stored line and what was made of it, for a retried send (same client_id).
create or replace function private.chat_stored_pair(p_message public.messages)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'duplicate', true,
    'message', to_jsonb(p_message),
    'answered', coalesce((p_message.metadata ->> 'answered')::boolean, true),
    'reply', (select to_jsonb(r) from public.messages r
              where r.store_id = p_message.store_id and r.session_id = p_message.session_id
                and r.reply_to = p_message.id
              order by r.id limit 1),
    'handoff', (select s.status in ('queued', 'human') from public.chat_sessions s
                where s.id = p_message.session_id and s.store_id = p_message.store_id));
$$;

-- ---------------------------------------------------------------------------------------------
-- POST /chat/messages, first step. p_retrieve is false when the line asks for a person (no search needed).
-- Returns { duplicate: true, message, answered, reply, handoff } for a line stored before, else
-- { duplicate: false, message, answered, session, chatbot, store_name, ai, contact, history, hits }.
create or replace function public.chat_post_message(
  p_visitor uuid,
  p_session_id uuid,
  p_client_id uuid,
  p_content text,
  p_retrieve boolean,
  p_limits jsonb
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_message public.messages;
  v_answered boolean;
  v_context jsonb;
  v_hits jsonb := '[]';
begin
  if p_visitor is null or p_client_id is null or coalesce(btrim(p_content), '') = ''
     or char_length(p_content) > 4000 then
    perform private.chat_refuse(400, 'invalid_request', 'session_id, client_id and 1..4000 characters of content');
  end if;
  v_session := private.chat_visitor_session(p_visitor, p_session_id);

  select m.* into v_message from public.messages m
  where m.session_id = v_session.id and m.client_id = p_client_id;
  if found then
    return private.chat_stored_pair(v_message);
  end if;

  perform private.take_chat_allowance('visitor:' || p_visitor || ':messages',
    (p_limits ->> 'visitor_messages_per_minute')::int, 60,
    'You are sending messages too quickly. Please wait a moment; your message will be sent.');

  -- With a person (or waiting for one), or resolved in Chatwoot (the line goes back to its agents):
  -- the bot stays quiet.
  v_answered := v_session.status not in ('queued', 'human')
    and not (v_session.status = 'resolved' and v_session.chatwoot_conversation_id is not null);

  -- chat_store_reply moves last_message_at (see private.touch_session).
  perform set_config('parley.chat_defer_touch', 'on', true);
  insert into public.messages (store_id, session_id, sender, author_id, content, client_id, metadata)
  values (v_session.store_id, v_session.id, 'customer', null, p_content, p_client_id,
    jsonb_build_object('answered', v_answered))
  on conflict (session_id, client_id) where client_id is not null do nothing
  returning * into v_message;
  if not found then
    -- The same client_id raced in from another request, which committed first: that one answers it.
    select m.* into v_message from public.messages m
    where m.session_id = v_session.id and m.client_id = p_client_id;
    return private.chat_stored_pair(v_message);
  end if;

  if v_answered and p_retrieve then
    perform private.broadcast_bot_typing(v_session.id, true);
    select coalesce(jsonb_agg(to_jsonb(h)), '[]') into v_hits
    from public.search_knowledge(v_session.chatbot_id, p_content, 5) h;
  end if;

  select jsonb_build_object(
    'chatbot', jsonb_build_object('name', c.name, 'persona', c.persona, 'languages', to_jsonb(c.languages)),
    'store_name', st.name,
    'ai', case when a.provider is not null and a.api_key is not null and a.model is not null then
      jsonb_build_object('provider', a.provider, 'base_url', a.base_url, 'model', a.model, 'api_key', a.api_key,
        'timeout_ms', a.timeout_ms, 'max_tokens', a.max_tokens) end,
    'contact', (select jsonb_build_object('email', ct.email, 'verified', ct.verified) from public.contacts ct
                where ct.id = v_session.contact_id and ct.store_id = v_session.store_id),
    'history', (select coalesce(jsonb_agg(jsonb_build_object('sender', h.sender, 'content', h.content,
                  'metadata', jsonb_build_object('kind', h.metadata -> 'kind')) order by h.id), '[]')
                from (select m.id, m.sender, m.content, m.metadata from public.messages m
                      where m.store_id = v_session.store_id and m.session_id = v_session.id
                        and not m.is_private and m.id < v_message.id
                      order by m.id desc limit 30) h))
  into v_context
  from public.chatbots c
  join public.stores st on st.id = c.store_id
  left join public.chatbot_ai_settings a on a.chatbot_id = c.id and a.store_id = c.store_id
  where c.id = v_session.chatbot_id and c.store_id = v_session.store_id;

  -- Last: the slot it takes stays locked until the commit.
  perform private.take_chat_allowance('chatbot:' || v_session.chatbot_id || ':messages',
    (p_limits ->> 'chatbot_messages_per_minute')::int, 60,
    'This chat is very busy right now. Please wait a moment; your message will be sent.',
    16, abs(hashtext(p_visitor::text)) % 16);

  return v_context || jsonb_build_object(
    'duplicate', false,
    'message', to_jsonb(v_message),
    'answered', v_answered,
    'session', jsonb_build_object('id', v_session.id, 'store_id', v_session.store_id,
      'chatbot_id', v_session.chatbot_id, 'status', v_session.status, 'sentiment', v_session.sentiment,
      'lead_score', v_session.lead_score, 'language', v_session.language, 'summary', v_session.summary,
      'chatwoot_conversation_id', v_session.chatwoot_conversation_id),
    'hits', v_hits);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- POST /chat/messages, second step: what the chat function made of the line, stored in one transaction.
-- p_outcome: { sentiment, intent, session: { language, sentiment, lead_score, summary?, status? ('bot' |
-- 'queued') }, reply?: { content, metadata }, failure?: { provider, kind, http_status, detail } }.
-- Returns { message, reply, handoff }.
create or replace function public.chat_store_reply(p_session_id uuid, p_message_id bigint, p_outcome jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_message public.messages;
  v_reply public.messages;
  v_state jsonb := coalesce(p_outcome -> 'session', '{}');
  v_status text := v_state ->> 'status';
  v_has_reply boolean := jsonb_typeof(p_outcome -> 'reply') = 'object';
begin
  update public.messages m
  set sentiment = (p_outcome ->> 'sentiment')::real, intent = p_outcome ->> 'intent'
  where m.id = p_message_id and m.session_id = p_session_id and m.sender = 'customer'
  returning * into v_message;
  if not found then
    perform private.chat_refuse(404, 'message_not_found', 'No such message in this session');
  end if;

  if v_has_reply then
    perform private.broadcast_bot_typing(p_session_id, false);
  end if;
  update public.chat_sessions s
  set language = coalesce(v_state ->> 'language', s.language),
      sentiment = coalesce((v_state ->> 'sentiment')::real, s.sentiment),
      lead_score = coalesce((v_state ->> 'lead_score')::int, s.lead_score),
      summary = coalesce(v_state ->> 'summary', s.summary),
      status = case v_status when 'queued' then 'queued' when 'bot' then 'bot' else s.status end,
      resolved_at = case when v_status in ('queued', 'bot') then null else s.resolved_at end,
      -- the line's time (its insert deferred this), or the reply's below: the trigger has nothing left to do
      last_message_at = greatest(s.last_message_at, case when v_has_reply then now() else v_message.created_at end)
  where s.id = p_session_id and s.store_id = v_message.store_id
  returning * into v_session;

  if v_has_reply then
    insert into public.messages (store_id, session_id, sender, author_id, content, reply_to, metadata)
    values (v_session.store_id, v_session.id, 'bot', null, p_outcome -> 'reply' ->> 'content', v_message.id,
      coalesce(p_outcome -> 'reply' -> 'metadata', '{}'))
    returning * into v_reply;
  end if;

  if jsonb_typeof(p_outcome -> 'failure') = 'object' then
    insert into public.responder_failures (store_id, chatbot_id, session_id, message_id, provider, kind,
      http_status, detail)
    values (v_session.store_id, v_session.chatbot_id, v_session.id, v_message.id,
      p_outcome -> 'failure' ->> 'provider', p_outcome -> 'failure' ->> 'kind',
      (p_outcome -> 'failure' ->> 'http_status')::int, left(coalesce(p_outcome -> 'failure' ->> 'detail', ''), 2000));
  end if;

  return jsonb_build_object(
    'message', to_jsonb(v_message),
    'reply', case when v_has_reply then to_jsonb(v_reply) end,
    'handoff', v_session.status in ('queued', 'human'));
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Verified identity, as Chatwoot's identifier_hash: hex HMAC-SHA256(key = the chatbot's identity secret,
-- message = identifier). The digests of both sides are compared, so the time taken says nothing about how
-- much of a guessed hash was right.
create or replace function private.identity_matches(p_secret text, p_identifier text, p_hash text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_hash ~ '^[0-9a-fA-F]{64}$'
    and extensions.digest(encode(extensions.hmac(p_identifier, p_secret, 'sha256'), 'hex'), 'sha256')
      = extensions.digest(lower(p_hash), 'sha256');
$$;

-- A contact's attributes after merging in p_attributes; refuses past 50 attributes or 16 KB in total, so
-- they cannot grow request by request.
create or replace function private.merged_attributes(p_existing jsonb, p_attributes jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_merged jsonb := coalesce(p_existing, '{}') || coalesce(p_attributes, '{}');
begin
  if (select count(*) from jsonb_object_keys(v_merged)) > 50 or octet_length(v_merged::text) > 16384 then
    perform private.chat_refuse(400, 'too_many_attributes',
      'A contact keeps at most 50 attributes and 16 KB of them in total; this request would go past that');
  end if;
  return v_merged;
end;
$$;

-- POST /chat/sessions: start or resume a session of a chatbot, optionally as a verified contact.
-- p_input: { chatbot, session_id?, identity?: { identifier, identifier_hash, email?, name? }, attributes?,
-- language? } (validated by the chat function). p_ip: the visitor's address, for the fresh-visitor limit.
-- Returns { session: { id, status, chatbot_id, started_at }, contact: { id, verified } }.
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
  end if;

  -- Now and then, forget counters of windows long gone.
  if random() < 0.01 then
    delete from private.chat_rate_limits r
    where (r.key, r.slot) in (select o.key, o.slot from private.chat_rate_limits o
                              where o.window_start < now() - interval '1 day' limit 1000);
  end if;

  return jsonb_build_object(
    'session', jsonb_build_object('id', v_session.id, 'status', v_session.status,
      'chatbot_id', v_session.chatbot_id, 'started_at', v_session.started_at),
    'contact', jsonb_build_object('id', v_contact.id, 'verified', v_contact.verified));
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Only the chat function (service role) calls these: it has verified the visitor's JWT and the request.
revoke execute on function private.chat_refuse(int, text, text, int),
  private.take_chat_allowance(text, int, int, text, int, int), private.broadcast_bot_typing(uuid, boolean),
  private.chat_visitor_session(uuid, uuid, uuid), private.chat_stored_pair(public.messages),
  private.identity_matches(text, text, text), private.merged_attributes(jsonb, jsonb) from public;
revoke execute on function public.chat_post_message(uuid, uuid, uuid, text, boolean, jsonb),
  public.chat_store_reply(uuid, bigint, jsonb), public.chat_start_session(uuid, text, jsonb, jsonb)
  from public, anon, authenticated;
grant execute on function public.chat_post_message(uuid, uuid, uuid, text, boolean, jsonb),
  public.chat_store_reply(uuid, bigint, jsonb), public.chat_start_session(uuid, text, jsonb, jsonb)
  to service_role;
