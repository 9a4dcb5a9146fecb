-- Privacy: per-store retention, and an owner's export and erasure of one contact. Every retention run, export
-- and erasure is a row of public.audit_log. Files are never deleted here: SQL only says which paths go, and a
-- job deletes them through the Storage API (storage.objects rows are the Storage server's business).

-- ---------------------------------------------------------------------------------------------
-- Retention: messages (and their files) older than N days are deleted by the `privacy.apply_retention` job,
-- once a day per store. Null keeps everything (the default).
alter table public.stores
  add column retention_days integer check (retention_days between 1 and 3650);

-- The store's retention run for one day, due at its start (at once for today). Returns the job id, or null
-- when that day's run already exists.
create or replace function private.enqueue_retention(p_store_id uuid, p_day date)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id bigint;
begin
  v_id := private.enqueue(p_store_id, 'privacy.apply_retention',
    jsonb_build_object('store_id', p_store_id, 'day', p_day));
  if v_id is not null then
    update public.outbox set next_attempt_at = greatest(p_day::timestamp at time zone 'UTC', now())
     where id = v_id;
  end if;
  return v_id;
end;
$$;

-- Setting a retention starts the daily runs: today's, or tomorrow's when today's already ran.
create or replace function private.store_retention_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.enqueue_retention(new.id, (now() at time zone 'UTC')::date) is null then
    perform private.enqueue_retention(new.id, (now() at time zone 'UTC')::date + 1);
  end if;
  return null;
end;
$$;
create trigger stores_retention_changed after insert or update of retention_days on public.stores
  for each row when (new.retention_days is not null) execute function private.store_retention_changed();

-- The job's first step: the store's cut-off (null: no retention any more) and the files of the messages
-- older than it, which the job removes through Storage before apply_retention deletes the rows.
create or replace function public.retention_files(p_store_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select case when s.retention_days is null then jsonb_build_object('cutoff', null, 'paths', '[]'::jsonb)
    else jsonb_build_object(
      'cutoff', now() - make_interval(days => s.retention_days),
      'paths', coalesce((select jsonb_agg(distinct a ->> 'path')
                           from public.messages m, jsonb_array_elements(m.attachments) a
                          where m.store_id = s.id and a ? 'path'
                            and m.created_at < now() - make_interval(days => s.retention_days)), '[]'))
    end
    from public.stores s where s.id = p_store_id;
$$;

-- The job's second step: the messages older than the cut-off go, conversations that ended before it lose
-- their summary, the run is audited and tomorrow's is enqueued.
create or replace function public.apply_retention(p_store_id uuid, p_cutoff timestamptz, p_files_removed int)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_days int;
  v_messages int;
  v_sessions int;
  v_result jsonb;
begin
  select retention_days into v_days from public.stores where id = p_store_id;
  if v_days is null then
    return jsonb_build_object('skipped', 'the store keeps everything');
  end if;
  with gone as (
    delete from public.messages where store_id = p_store_id and created_at < p_cutoff returning 1
  ) select count(*) into v_messages from gone;
  with cleared as (
    update public.chat_sessions set summary = ''
     where store_id = p_store_id and last_message_at < p_cutoff and summary <> '' returning 1
  ) select count(*) into v_sessions from cleared;
  v_result := jsonb_build_object('retention_days', v_days, 'cutoff', p_cutoff, 'messages', v_messages,
    'summaries', v_sessions, 'files', coalesce(p_files_removed, 0));
  insert into public.audit_log (store_id, actor_id, action, target, details)
  values (p_store_id, null, 'retention.applied', 'store:' || p_store_id, v_result);
  perform private.enqueue_retention(p_store_id, (now() at time zone 'UTC')::date + 1);
  return v_result;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Export and erasure of one contact, by an owner of its store (the dashboard calls these with the owner's
-- JWT). A contact's conversations are the sessions linked to it or to its visitor.
create or replace function private.contact_for_owner(p_contact_id uuid)
returns public.contacts
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_contact public.contacts;
begin
  select c.* into v_contact from public.contacts c
   where c.id = p_contact_id
     and (c.store_id in (select private.my_store_ids_with_role('{owner}'))
          or (select auth.role()) = 'service_role');
  if not found then
    raise exception 'no such contact, or you are not an owner of its store' using errcode = 'P0002';
  end if;
  return v_contact;
end;
$$;

create or replace function private.contact_session_ids(p_contact public.contacts)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.id from public.chat_sessions s
   where s.store_id = p_contact.store_id
     and (s.contact_id = p_contact.id or (p_contact.visitor_id is not null and s.visitor_id = p_contact.visitor_id));
$$;

-- Everything Parley keeps about the contact, as JSON (the dashboard adds the files to the zip it builds).
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
        'text', k.consent_text, 'given_at', k.given_at) order by k.given_at)
      from public.consents k
     where k.store_id = v_contact.store_id and k.visitor_id = v_contact.visitor_id), '[]'));
end;
$$;

-- Erases the contact everywhere: its conversations, messages and automation traces here; its files through
-- the `privacy.remove_files` job; its Chatwoot contact through `chatwoot.erase_contact` (the contacts
-- trigger enqueues it when the row goes); connected CRMs through their erase jobs. The audit entry keeps
-- only counts, never what was erased.
create or replace function public.erase_contact(p_contact_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_contact public.contacts := private.contact_for_owner(p_contact_id);
  v_sessions uuid[];
  v_messages int;
  v_crms text[] := '{}';
  v_result jsonb;
begin
  select coalesce(array_agg(id), '{}') into v_sessions from private.contact_session_ids(v_contact) id;
  select count(*) into v_messages from public.messages m
   where m.store_id = v_contact.store_id and m.session_id = any (v_sessions);

  if cardinality(v_sessions) > 0 then
    perform private.enqueue(v_contact.store_id, 'privacy.remove_files', jsonb_build_object(
      'store_id', v_contact.store_id, 'ref', 'contact:' || v_contact.id,
      'prefixes', (select jsonb_agg(v_contact.store_id || '/' || s || '/') from unnest(v_sessions) s)));
  end if;
  if v_contact.email is not null and exists (
       select 1 from public.integrations i
        where i.store_id = v_contact.store_id and i.provider = 'hubspot' and i.status <> 'disconnected') then
    perform private.enqueue(v_contact.store_id, 'hubspot.erase_contact', jsonb_build_object(
      'store_id', v_contact.store_id, 'contact_id', v_contact.id, 'email', lower(v_contact.email)));
    v_crms := array_append(v_crms, 'hubspot');
  end if;

  delete from public.automation_events e
   where e.store_id = v_contact.store_id and (e.contact_id = v_contact.id or e.session_id = any (v_sessions));
  delete from public.workflow_runs r
   where r.store_id = v_contact.store_id and (r.contact_id = v_contact.id or r.session_id = any (v_sessions));
  delete from public.chat_sessions s where s.store_id = v_contact.store_id and s.id = any (v_sessions);
  -- public.consents comes with 20261203600010_consent.sql
  delete from public.consents k where k.store_id = v_contact.store_id and k.visitor_id = v_contact.visitor_id;
  delete from public.contacts c where c.id = v_contact.id;

  v_result := jsonb_build_object('conversations', cardinality(v_sessions), 'messages', v_messages,
    'chatwoot', v_contact.chatwoot_contact_id is not null, 'crms', to_jsonb(v_crms));
  insert into public.audit_log (store_id, actor_id, action, target, details)
  values (v_contact.store_id, (select auth.uid()), 'contact.erased', 'contact:' || v_contact.id, v_result);
  return v_result;
end;
$$;

revoke execute on function public.retention_files(uuid), public.apply_retention(uuid, timestamptz, int),
  public.export_contact(uuid), public.erase_contact(uuid) from public, anon, authenticated;
grant execute on function public.retention_files(uuid), public.apply_retention(uuid, timestamptz, int)
  to service_role;
grant execute on function public.export_contact(uuid), public.erase_contact(uuid) to authenticated, service_role;
revoke execute on all functions in schema private from public;
