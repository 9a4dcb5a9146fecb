-- Private Realtime channels. A public channel is open to anyone holding the anon key and the topic's name,
-- so a session id was enough to broadcast fake "typing" to a shopper. Parley's channels are private: Realtime
-- lets a subscriber join, and receive broadcasts, only where these policies on realtime.messages let it read.
--
--   session:<session id>[#<anything>]  the visitor(s) of that chat session, and the members of its store
--   store:<store id>[#<anything>]      the members of that store
--
-- The `#...` suffix lets one page hold several channels on the same topic (the dashboard numbers its own).
-- There is no INSERT policy: nobody but the service role (the edge functions) broadcasts on these topics,
-- and presence is not used. Row changes (postgres_changes) stay under each table's own RLS.

create or replace function private.can_read_topic(p_topic text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_parts text[] := regexp_match(
    p_topic, '^(session|store):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(#.*)?$');
  v_id uuid;
begin
  if v_parts is null then
    return false;
  end if;
  v_id := v_parts[2]::uuid;
  if v_parts[1] = 'store' then
    return v_id in (select private.my_store_ids());
  end if;
  return v_id in (select private.my_visitor_session_ids())
    or exists (select 1 from public.chat_sessions s
               where s.id = v_id and s.store_id in (select private.my_store_ids()));
end;
$$;
revoke execute on function private.can_read_topic(text) from public;
grant execute on function private.can_read_topic(text) to authenticated, service_role;

create policy "parley topics: visitors and members receive broadcasts" on realtime.messages
  for select to authenticated
  using (extension = 'broadcast' and (select private.can_read_topic((select realtime.topic()))));
