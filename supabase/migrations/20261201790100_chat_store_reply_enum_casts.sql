-- chat_store_reply was written before provider and kind became enums (20261201200000): a text expression
-- is not assigned to an enum column implicitly, so a provider failure could not be recorded. Same function,
-- with the casts.
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
