-- A line answered by the retrieval responder is one transaction: the chat function calls chat_post_message
-- and chat_store_reply on one connection inside BEGIN ... COMMIT (the line is still inserted first), so a line
-- costs one commit and one change event less. With a model configured the function commits the line before
-- asking the provider, as before, so a slow or failing provider never loses it.
--
-- What changes here is the bot's typing: it is broadcast only when a model will answer (chat_post_message
-- returns 'typing': true), and stopped by chat_store_reply only when the outcome says it was started
-- (p_outcome.typing). A retrieval reply arrives in the same commit as its line, so typing would arrive with it.

-- POST /chat/messages, first step. p_retrieve is false when the line asks for a person (no search needed).
-- Returns { duplicate: true, message, answered, reply, handoff } for a line stored before, else
-- { duplicate: false, message, answered, typing, session, chatbot, store_name, ai, contact, history, hits }.
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
  v_typing boolean;
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

  -- Only a model takes long enough to show the bot typing: the retrieval responder's reply is committed with
  -- the line, so a typing event would arrive together with the reply.
  v_typing := v_answered and p_retrieve and coalesce(v_context -> 'ai' <> 'null'::jsonb, false);
  if v_typing then
    perform private.broadcast_bot_typing(v_session.id, true);
  end if;

  -- Last: the slot it takes stays locked until the commit.
  perform private.take_chat_allowance('chatbot:' || v_session.chatbot_id || ':messages',
    (p_limits ->> 'chatbot_messages_per_minute')::int, 60,
    'This chat is very busy right now. Please wait a moment; your message will be sent.',
    16, abs(hashtext(p_visitor::text)) % 16);

  return v_context || jsonb_build_object(
    'duplicate', false,
    'message', to_jsonb(v_message),
    'answered', v_answered,
    'typing', v_typing,
    'session', jsonb_build_object('id', v_session.id, 'store_id', v_session.store_id,
      'chatbot_id', v_session.chatbot_id, 'status', v_session.status, 'sentiment', v_session.sentiment,
      'lead_score', v_session.lead_score, 'language', v_session.language, 'summary', v_session.summary,
      'chatwoot_conversation_id', v_session.chatwoot_conversation_id),
    'hits', v_hits);
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- POST /chat/messages, second step: what the chat function made of the line, stored in one transaction.
-- p_outcome: { sentiment, intent, typing? (chat_post_message broadcast the bot typing), session: { language,
-- sentiment, lead_score, summary?, status? ('bot' | 'queued') }, reply?: { content, metadata }, failure?:
-- { provider, kind, http_status, detail } }. Returns { message, reply, handoff }.
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

  if v_has_reply and coalesce((p_outcome ->> 'typing')::boolean, false) then
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
      (p_outcome -> 'failure' ->> 'provider')::public.ai_provider,
      (p_outcome -> 'failure' ->> 'kind')::public.responder_failure_kind,
      (p_outcome -> 'failure' ->> 'http_status')::int, left(coalesce(p_outcome -> 'failure' ->> 'detail', ''), 2000));
  end if;

  return jsonb_build_object(
    'message', to_jsonb(v_message),
    'reply', case when v_has_reply then to_jsonb(v_reply) end,
    'handoff', v_session.status in ('queued', 'human'));
end;
$$;
