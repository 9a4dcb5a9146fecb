-- AI answers count against the plan when the bot answers on Parley's own model key (the chat function holds
-- it); answers on the store's own provider key are never counted, so this is only called for Parley's key.
-- One unit per shopper line (the line's id is the ledger's source): a line asked again counts once.
-- 'counted' or 'overage': answer with the model; 'capped': the retrieval responder answers instead;
-- 'duplicate': counted before.
create or replace function public.chat_take_ai_answer(p_session_id uuid, p_message_id bigint)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_store uuid;
begin
  select m.store_id into v_store from public.messages m
  where m.id = p_message_id and m.session_id = p_session_id and m.sender = 'customer';
  if v_store is null then
    perform private.chat_refuse(404, 'not_found', 'No such line in this conversation');
  end if;
  return private.take_usage(v_store, 'ai_answers', 'message:' || p_message_id);
end;
$$;

revoke execute on function public.chat_take_ai_answer(uuid, bigint) from public, anon, authenticated;
grant execute on function public.chat_take_ai_answer(uuid, bigint) to service_role;
