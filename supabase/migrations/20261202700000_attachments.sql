-- Shoppers' files and photos. The bytes live in Supabase Storage, in the private bucket `attachments`, under
-- `<store id>/<session id>/<uuid>.<ext>` (the chat function chooses the key; the shopper's file name is only a
-- label). A file becomes a visitor message whose `attachments` holds one entry:
--   { id, path, name, type, size, width?, height?, analysis?: { status, kind, description, fields } }
-- Visitors never touch Storage with their own rights: the chat function signs an upload URL for a key in their
-- own session and later signs download URLs for their session's files. Store members read their stores' files.

-- Per-store limits (an owner or admin changes them like any store setting).
alter table public.stores
  add column attachment_max_bytes integer not null default 10485760
    check (attachment_max_bytes between 1024 and 52428800),
  add column attachment_max_per_session integer not null default 20
    check (attachment_max_per_session between 0 and 500);

-- The bucket refuses what no store may take, whatever the chat function decides (declared size and type).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('attachments', 'attachments', false, 52428800,
  array['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf'])
on conflict (id) do nothing;

-- Members of a store read its files (the dashboard signs download URLs as the agent). No other policy: uploads
-- and deletions go through the chat function and the service role.
create policy "attachments: members select" on storage.objects
  for select to authenticated
  using (bucket_id = 'attachments'
    and (storage.foldername(name))[1] in (select s::text from private.my_store_ids() s));

-- ---------------------------------------------------------------------------------------------
-- POST /chat/attachments/sign: may this visitor send one more file of p_size bytes in this session?
-- Returns { store_id, session_id, max_bytes }; refuses 404 session_not_found, 413 file_too_large,
-- 429 too_many_files.
create or replace function public.chat_attachment_allowance(p_visitor uuid, p_session_id uuid, p_size bigint)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_store public.stores;
  v_count int;
begin
  v_session := private.chat_visitor_session(p_visitor, p_session_id);
  select * into v_store from public.stores s where s.id = v_session.store_id;
  if p_size is null or p_size < 1 then
    perform private.chat_refuse(400, 'empty_file', 'The file is empty');
  end if;
  if p_size > v_store.attachment_max_bytes then
    perform private.chat_refuse(413, 'file_too_large',
      format('Files can be at most %s MB', round(v_store.attachment_max_bytes / 1048576.0, 1)));
  end if;
  select count(*) into v_count
    from public.messages m, jsonb_array_elements(m.attachments) a
   where m.store_id = v_session.store_id and m.session_id = v_session.id and m.sender = 'customer';
  if v_count >= v_store.attachment_max_per_session then
    perform private.chat_refuse(429, 'too_many_files',
      format('This conversation already has %s files, the most it can take', v_count));
  end if;
  return jsonb_build_object('store_id', v_session.store_id, 'session_id', v_session.id,
    'max_bytes', v_store.attachment_max_bytes);
end;
$$;

-- POST /chat/attachments: the checked file becomes the visitor's message (once per client_id). An image is
-- analysed by the store's model in a job; its `image.uploaded` automation event waits for that analysis.
-- Returns the message.
create or replace function public.chat_post_attachment(
  p_visitor uuid,
  p_session_id uuid,
  p_client_id uuid,
  p_attachment jsonb,
  p_caption text
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_allowance jsonb;
  v_message public.messages;
  v_image boolean := coalesce(p_attachment ->> 'type', '') like 'image/%';
  v_entry jsonb;
begin
  if p_client_id is null or char_length(coalesce(p_caption, '')) > 1000 then
    perform private.chat_refuse(400, 'invalid_request', 'client_id and at most 1000 characters of caption');
  end if;
  select m.* into v_message from public.messages m where m.session_id = p_session_id and m.client_id = p_client_id;
  if found then
    perform private.chat_visitor_session(p_visitor, p_session_id);
    return to_jsonb(v_message);
  end if;
  v_allowance := public.chat_attachment_allowance(p_visitor, p_session_id, (p_attachment ->> 'size')::bigint);
  if (p_attachment ->> 'path') not like (v_allowance ->> 'store_id') || '/' || p_session_id || '/%' then
    perform private.chat_refuse(400, 'invalid_request', 'The file does not belong to this conversation');
  end if;
  v_entry := jsonb_build_object('id', p_attachment ->> 'id', 'path', p_attachment ->> 'path',
    'name', p_attachment ->> 'name', 'type', p_attachment ->> 'type', 'size', (p_attachment ->> 'size')::bigint)
    || jsonb_strip_nulls(jsonb_build_object('width', p_attachment -> 'width', 'height', p_attachment -> 'height'))
    || case when v_image then jsonb_build_object('analysis', jsonb_build_object('status', 'pending')) else '{}' end;
  insert into public.messages (store_id, session_id, sender, author_id, content, client_id, attachments, metadata)
  values ((v_allowance ->> 'store_id')::uuid, p_session_id, 'customer', null, coalesce(btrim(p_caption), ''),
    p_client_id, jsonb_build_array(v_entry), jsonb_build_object('answered', false))
  returning * into v_message;
  if v_image then
    perform private.enqueue(v_message.store_id, 'vision.analyse_image', jsonb_build_object(
      'store_id', v_message.store_id, 'session_id', v_message.session_id, 'message_id', v_message.id,
      'attachment_id', v_entry ->> 'id'));
  end if;
  return to_jsonb(v_message);
end;
$$;

-- POST /chat/attachments/urls: the paths of the files in this visitor's session (the only ones the chat
-- function signs download URLs for).
create or replace function public.chat_session_files(p_visitor uuid, p_session_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
begin
  v_session := private.chat_visitor_session(p_visitor, p_session_id);
  return (select coalesce(jsonb_agg(a ->> 'path'), '[]')
            from public.messages m, jsonb_array_elements(m.attachments) a
           where m.store_id = v_session.store_id and m.session_id = v_session.id and not m.is_private
             and a ? 'path');
end;
$$;

-- The vision job's result, stored with the message's attachment, then the `image.uploaded` event with it.
-- p_analysis: { status: 'done' | 'failed', kind?, description?, fields?, error? }.
create or replace function public.store_image_analysis(
  p_store_id uuid, p_message_id bigint, p_attachment_id text, p_analysis jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_message public.messages;
  v_session public.chat_sessions;
  v_entry jsonb;
begin
  update public.messages m
     set attachments = (select jsonb_agg(case when a ->> 'id' = p_attachment_id
                                         then a || jsonb_build_object('analysis', p_analysis) else a end
                                         order by i)
                          from jsonb_array_elements(m.attachments) with ordinality e(a, i))
   where m.id = p_message_id and m.store_id = p_store_id
  returning * into v_message;
  if not found then
    return;
  end if;
  select e into v_entry from jsonb_array_elements(v_message.attachments) e where e ->> 'id' = p_attachment_id;
  select * into v_session from public.chat_sessions s
   where s.id = v_message.session_id and s.store_id = v_message.store_id;
  perform private.emit_automation_event(v_message.store_id, 'image.uploaded', v_message.session_id,
    v_session.contact_id,
    jsonb_build_object('message_id', v_message.id, 'images', jsonb_build_array(jsonb_build_object(
      'path', v_entry ->> 'path', 'name', v_entry ->> 'name', 'type', v_entry ->> 'type',
      'kind', p_analysis ->> 'kind', 'description', p_analysis ->> 'description',
      'fields', coalesce(p_analysis -> 'fields', '{}')))),
    'image:' || v_message.id || ':' || p_attachment_id, v_message.created_at);
end;
$$;

revoke execute on function public.chat_attachment_allowance(uuid, uuid, bigint) from public, anon, authenticated;
revoke execute on function public.chat_post_attachment(uuid, uuid, uuid, jsonb, text) from public, anon, authenticated;
revoke execute on function public.store_image_analysis(uuid, bigint, text, jsonb) from public, anon, authenticated;
revoke execute on function public.chat_session_files(uuid, uuid) from public, anon, authenticated;
grant execute on function public.chat_session_files(uuid, uuid) to service_role;
grant execute on function public.chat_attachment_allowance(uuid, uuid, bigint) to service_role;
grant execute on function public.chat_post_attachment(uuid, uuid, uuid, jsonb, text) to service_role;
grant execute on function public.store_image_analysis(uuid, bigint, text, jsonb) to service_role;

-- A message's images fire `image.uploaded` on insert, except those waiting for their analysis
-- (store_image_analysis fires theirs, with what the model saw). Otherwise as in 20261201500000_automations.
create or replace function private.message_automation_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_language text;
  v_images jsonb;
begin
  select * into v_session from public.chat_sessions s where s.id = new.session_id and s.store_id = new.store_id;
  if not found then
    return null;
  end if;
  v_language := coalesce(v_session.language,
    (select c.languages[1] from public.chatbots c where c.id = v_session.chatbot_id));
  perform private.emit_automation_event(new.store_id, 'message.received', new.session_id, v_session.contact_id,
    jsonb_build_object('message_id', new.id, 'text', left(new.content, 4000), 'language', v_language,
      'intent', new.intent, 'sentiment', new.sentiment, 'attachments', jsonb_array_length(new.attachments)),
    'message:' || new.id, new.created_at);
  if new.intent is not null and new.intent <> 'other' then
    perform private.emit_automation_event(new.store_id, 'intent.detected', new.session_id, v_session.contact_id,
      jsonb_build_object('message_id', new.id, 'intent', new.intent), 'intent:' || new.id, new.created_at);
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('url', a ->> 'url', 'name', a ->> 'name')), '[]') into v_images
    from jsonb_array_elements(new.attachments) a
   where (coalesce(a ->> 'type', a ->> 'content_type', a ->> 'mime_type', '') like 'image/%'
      or a ->> 'kind' = 'image')
     and not (a ? 'analysis');
  if jsonb_array_length(v_images) > 0 then
    perform private.emit_automation_event(new.store_id, 'image.uploaded', new.session_id, v_session.contact_id,
      jsonb_build_object('message_id', new.id, 'images', v_images), 'image:' || new.id, new.created_at);
  end if;
  if v_session.status in ('queued', 'human') then
    perform private.emit_automation_event(new.store_id, 'message.awaiting_agent', new.session_id,
      v_session.contact_id, jsonb_build_object('message_id', new.id), 'awaiting:' || new.id, new.created_at);
  end if;
  -- Runs of this conversation waiting for the visitor's reply get it.
  insert into public.automation_events (store_id, type, run_id, payload, dedupe_key)
  select r.store_id, 'run.reply', r.id, jsonb_build_object('step', r.current_step, 'message_id', new.id),
         'reply:' || r.id || ':' || new.id
    from public.workflow_runs r
   where r.session_id = new.session_id and r.status = 'waiting' and r.awaiting = 'reply'
  on conflict (store_id, dedupe_key) do nothing;
  return null;
end;
$$;
