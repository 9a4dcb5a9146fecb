-- The bot's next answer can use what the visitor's photos showed: chat_post_line returns the latest image
-- analyses of the session (`images`, oldest first), and chat_image_analyses reads them again while the chat
-- function waits for one that is still pending (a line sent right after a photo). The analysis is untrusted
-- data; the responders get it as such (_shared/ai/images.ts).

-- The last 3 images the visitor sent in the session with their analysis state, oldest first.
create or replace function public.chat_image_analyses(p_session_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(x.image order by x.id, x.i), '[]')
  from (
    select m.id, e.i, jsonb_build_object(
        'message_id', m.id, 'sent_at', m.created_at, 'name', a ->> 'name',
        'status', coalesce(a -> 'analysis' ->> 'status', 'pending'),
        'kind', a -> 'analysis' ->> 'kind', 'description', a -> 'analysis' ->> 'description',
        'fields', coalesce(a -> 'analysis' -> 'fields', '{}')) as image
    from public.messages m
    cross join lateral jsonb_array_elements(m.attachments) with ordinality e(a, i)
    where m.session_id = p_session_id and m.sender = 'customer' and jsonb_array_length(m.attachments) > 0
      and a ? 'analysis'
    order by m.id desc, e.i desc
    limit 3
  ) x;
$$;

-- POST /chat/messages, first step (as in 20261203400000_lead_scoring.sql), now with the session's images.
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
  return v_result || jsonb_build_object('lead', private.chat_lead_facts(v_session),
    'images', public.chat_image_analyses(p_session_id));
end;
$$;

revoke execute on function public.chat_image_analyses(uuid) from public, anon, authenticated;
grant execute on function public.chat_image_analyses(uuid) to service_role;
