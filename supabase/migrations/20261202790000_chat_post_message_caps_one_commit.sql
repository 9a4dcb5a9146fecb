-- The chat hot path gained two things at once: the plan's conversation cap (a session over the cap keeps every
-- line and is answered once by the store's offline message) and the retrieval reply committed with its line.
-- Each was written on the version before the other; this is the one definition with both.
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
    and not (v_session.status = 'resolved' and v_session.chatwoot_conversation_id is not null)
    and v_session.over_cap_at is null;

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

  -- Over the plan's conversations: the line is kept, and the store's offline message answers it once.
  if v_session.over_cap_at is not null then
    perform private.offline_notice(v_session);
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

