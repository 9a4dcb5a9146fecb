-- Meeting booking with Cal.com (supabase/functions/_shared/apps/calcom). The calcom-webhook function
-- verifies a store's signed booking delivery, stores it in public.calcom_events under its dedupe key BEFORE
-- acting (a replay finds its row), then public.calcom_apply_event applies it in one transaction: the
-- booking in public.bookings, a line in the conversation it came from, a Chatwoot note (a job) and an
-- automation event (booking.created / booking.rescheduled / booking.cancelled).

-- The secret Parley registers with the store's Cal.com webhook (X-Cal-Signature-256) is kept in
-- public.integrations.webhook_secret_encrypted, the column the payments migration added for every app.

-- ---------------------------------------------------------------------------------------------
-- A delivery as Cal.com sent it. No timestamp is signed, so (trigger, booking uid, createdAt) is the key a
-- replay is refused by. Owners and admins may read them (what arrived, what it did); only the service
-- role writes.
create table public.calcom_events (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  delivery_ref text not null check (char_length(delivery_ref) <= 500),
  trigger_event text not null check (char_length(trigger_event) <= 60),
  booking_uid text not null check (char_length(booking_uid) between 1 and 200),
  sent_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text,
  unique (store_id, delivery_ref)
);
alter table public.calcom_events enable row level security;
create policy "calcom_events: owners and admins select" on public.calcom_events
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- ---------------------------------------------------------------------------------------------
-- A store's bookings as Cal.com last described them, tied to the conversation that offered the link
-- (metadata[parley_session]). A reschedule is a new uid; the old one becomes 'rescheduled'.
create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  uid text not null check (char_length(uid) between 1 and 200),
  session_id uuid,
  previous_uid text check (char_length(previous_uid) <= 200),
  event_type_id bigint,
  title text check (char_length(title) <= 500),
  start_at timestamptz,
  end_at timestamptz,
  status text not null check (status in ('accepted', 'pending', 'cancelled', 'rejected', 'rescheduled')),
  attendee_name text check (char_length(attendee_name) <= 300),
  attendee_email text check (char_length(attendee_email) <= 320),
  attendee_time_zone text check (char_length(attendee_time_zone) <= 100),
  cancellation_reason text check (char_length(cancellation_reason) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (store_id, uid),
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete set null (session_id)
);
create index bookings_session_id_idx on public.bookings (session_id, store_id);
create trigger bookings_set_updated_at before update on public.bookings
  for each row execute function private.set_updated_at();
alter table public.bookings enable row level security;
create policy "bookings: members select" on public.bookings
  for select to authenticated using (store_id in (select private.my_store_ids()));

revoke all on public.calcom_events, public.bookings from anon, authenticated, service_role;
grant select on public.calcom_events, public.bookings to authenticated;
grant all on public.calcom_events, public.bookings to service_role;

-- ---------------------------------------------------------------------------------------------
-- When a booking is, in the booker's zone when Cal.com named a zone Postgres knows.
create or replace function private.booking_when(p_at timestamptz, p_zone text)
returns text
language sql
stable
set search_path = ''
as $$
  select case when p_at is null then 'a time to be confirmed' else
    to_char(p_at at time zone z, 'Dy DD Mon YYYY, HH24:MI') || ' (' || z || ')' end
  from (select coalesce((select name from pg_catalog.pg_timezone_names where name = p_zone limit 1), 'UTC') as z) t;
$$;

-- Applies one stored delivery, once: a second call (a replay, or a retry after the answer was lost) finds
-- it processed and does nothing. Answers what it did.
create or replace function public.calcom_apply_event(p_event_id bigint)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event public.calcom_events;
  v_p jsonb;
  v_uid text;
  v_previous text;
  v_existing public.bookings;
  v_session uuid;
  v_contact uuid;
  v_status text;
  v_attendee jsonb;
  v_type text;
  v_line text;
  v_outcome text;
  v_message bigint;
begin
  select e.* into v_event from public.calcom_events e where e.id = p_event_id for update;
  if not found then return 'missing'; end if;
  if v_event.processed_at is not null then return 'duplicate'; end if;

  v_p := v_event.payload -> 'payload';
  v_uid := v_event.booking_uid;
  v_previous := nullif(v_p ->> 'rescheduleUid', '');
  v_attendee := v_p -> 'attendees' -> 0;
  v_type := case v_event.trigger_event
    when 'BOOKING_CREATED' then 'booking.created'
    when 'BOOKING_RESCHEDULED' then 'booking.rescheduled'
    when 'BOOKING_CANCELLED' then 'booking.cancelled' end;
  if v_type is null then
    update public.calcom_events set processed_at = now(), outcome = 'ignored' where id = p_event_id;
    return 'ignored';
  end if;

  select b.* into v_existing from public.bookings b where b.store_id = v_event.store_id and b.uid = v_uid;
  -- The conversation: named in the metadata the link carried, else the one of the booking it follows.
  select s.id, s.contact_id into v_session, v_contact from public.chat_sessions s
   where s.store_id = v_event.store_id
     and s.id = case when (v_p -> 'metadata' ->> 'parley_session') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       then (v_p -> 'metadata' ->> 'parley_session')::uuid end;
  if v_session is null then
    select s.id, s.contact_id into v_session, v_contact from public.bookings b
      join public.chat_sessions s on s.id = b.session_id and s.store_id = b.store_id
     where b.store_id = v_event.store_id and b.uid in (v_uid, v_previous) and b.session_id is not null
     limit 1;
  end if;

  v_status := case
    when v_type = 'booking.cancelled' then 'cancelled'
    when lower(v_p ->> 'status') in ('accepted', 'pending', 'cancelled', 'rejected') then lower(v_p ->> 'status')
    else 'accepted' end;

  -- Cal.com may also cancel the old uid of a reschedule: that booking already says 'rescheduled'.
  if v_type = 'booking.cancelled' and v_existing.status = 'rescheduled' then
    update public.calcom_events set processed_at = now(), outcome = 'superseded' where id = p_event_id;
    return 'superseded';
  end if;

  insert into public.bookings as b (store_id, uid, session_id, previous_uid, event_type_id, title, start_at,
    end_at, status, attendee_name, attendee_email, attendee_time_zone, cancellation_reason)
  values (v_event.store_id, v_uid, v_session, v_previous, (v_p ->> 'eventTypeId')::bigint,
    left(v_p ->> 'title', 500), (v_p ->> 'startTime')::timestamptz, (v_p ->> 'endTime')::timestamptz, v_status,
    left(v_attendee ->> 'name', 300), left(v_attendee ->> 'email', 320), left(v_attendee ->> 'timeZone', 100),
    left(v_p ->> 'cancellationReason', 2000))
  on conflict (store_id, uid) do update set
    session_id = coalesce(b.session_id, excluded.session_id),
    previous_uid = coalesce(excluded.previous_uid, b.previous_uid),
    event_type_id = coalesce(excluded.event_type_id, b.event_type_id),
    title = coalesce(excluded.title, b.title),
    start_at = coalesce(excluded.start_at, b.start_at),
    end_at = coalesce(excluded.end_at, b.end_at),
    status = excluded.status,
    attendee_name = coalesce(excluded.attendee_name, b.attendee_name),
    attendee_email = coalesce(excluded.attendee_email, b.attendee_email),
    attendee_time_zone = coalesce(excluded.attendee_time_zone, b.attendee_time_zone),
    cancellation_reason = coalesce(excluded.cancellation_reason, b.cancellation_reason);
  if v_type = 'booking.rescheduled' and v_previous is not null then
    update public.bookings set status = 'rescheduled'
     where store_id = v_event.store_id and uid = v_previous and uid <> v_uid;
  end if;

  v_line := case v_type
    when 'booking.created' then 'Meeting booked: ' || coalesce(v_p ->> 'title', 'a meeting') || ', '
      || private.booking_when((v_p ->> 'startTime')::timestamptz, v_attendee ->> 'timeZone')
    when 'booking.rescheduled' then 'Meeting moved: ' || coalesce(v_p ->> 'title', 'the meeting') || ' is now '
      || private.booking_when((v_p ->> 'startTime')::timestamptz, v_attendee ->> 'timeZone')
    else 'Meeting cancelled: ' || coalesce(v_p ->> 'title', coalesce(v_existing.title, 'the meeting'))
      || coalesce(' (' || nullif(left(v_p ->> 'cancellationReason', 300), '') || ')', '') end;

  if v_session is not null then
    insert into public.messages (store_id, session_id, sender, author_id, content, metadata)
    values (v_event.store_id, v_session, 'system', null, v_line,
      jsonb_build_object('kind', 'booking', 'booking_uid', v_uid, 'status', v_status, 'event', v_type))
    returning id into v_message;
    perform private.enqueue(v_event.store_id, 'calcom.booking_note', jsonb_build_object(
      'store_id', v_event.store_id, 'session_id', v_session, 'contact_id', v_contact,
      'event_id', p_event_id, 'note', v_line));
  end if;

  perform private.emit_automation_event(v_event.store_id, v_type, v_session, v_contact, jsonb_build_object(
      'booking_uid', v_uid, 'previous_uid', v_previous, 'title', v_p ->> 'title', 'status', v_status,
      'start', v_p ->> 'startTime', 'end', v_p ->> 'endTime', 'attendee_email', v_attendee ->> 'email',
      'attendee_name', v_attendee ->> 'name'),
    'calcom:' || p_event_id);

  v_outcome := case when v_session is null then 'applied without a conversation' else 'applied' end;
  update public.calcom_events set processed_at = now(), outcome = v_outcome where id = p_event_id;
  return v_outcome;
end;
$$;

revoke execute on function public.calcom_apply_event(bigint) from public, anon, authenticated;
grant execute on function public.calcom_apply_event(bigint) to service_role;
revoke execute on function private.booking_when(timestamptz, text) from public;

-- One key of an app's settings, set without overwriting the others (a job saving what the app answered
-- while an owner edits the rest on the Integrations page).
create or replace function public.set_integration_setting(p_store_id uuid, p_app text, p_key text, p_value jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.integrations set config = config || jsonb_build_object(p_key, p_value)
   where store_id = p_store_id and provider = p_app;
$$;
revoke execute on function public.set_integration_setting(uuid, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.set_integration_setting(uuid, text, text, jsonb) to service_role;
