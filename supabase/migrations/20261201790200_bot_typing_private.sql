-- The bot's typing goes to the session's private topic, where the widget listens and where RLS on
-- realtime.messages lets only the session's visitor and its store's team read (as the agents' typing does).
create or replace function private.broadcast_bot_typing(p_session_id uuid, p_typing boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(jsonb_build_object('sender', 'bot', 'typing', p_typing), 'typing',
    'session:' || p_session_id, true);
end;
$$;
