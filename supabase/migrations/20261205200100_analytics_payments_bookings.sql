-- Payments and bookings become analytics facts, and a rebuild keeps every kind the live path records.
--
-- `payment_succeeded` and `booking_created` were declared with the facts but nothing wrote them; and the
-- rebuild (run by the demo seed and after a repair) derived only the kinds it knew when it was written, so
-- it dropped every pre-chat form completion.

-- What a fact says of its payment or booking (no amounts in the value: currencies have their own units).
create or replace function private.analytics_payment_detail(p public.payment_requests)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('payment_request_id', p.id, 'amount', p.amount, 'currency', p.currency)
$$;

create or replace function private.analytics_booking_detail(b public.bookings)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('booking_id', b.id, 'start_at', b.start_at)
$$;

-- A payment request is paid once (paid is final), so the fact is written once.
create or replace function private.analytics_payment_paid()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'paid' and (tg_op = 'INSERT' or old.status is distinct from 'paid') then
    perform private.record_analytics_event('payment_succeeded', new.session_id, coalesce(new.paid_at, now()),
      p_detail => private.analytics_payment_detail(new));
  end if;
  return null;
end;
$$;
create trigger payment_requests_analytics after insert or update of status on public.payment_requests
  for each row execute function private.analytics_payment_paid();

-- A reschedule is a new booking row naming the one it replaces: only a first booking counts.
create or replace function private.analytics_booking_created()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.session_id is not null and new.previous_uid is null then
    perform private.record_analytics_event('booking_created', new.session_id, new.created_at,
      p_detail => private.analytics_booking_detail(new));
  end if;
  return null;
end;
$$;
create trigger bookings_analytics after insert on public.bookings
  for each row execute function private.analytics_booking_created();

create or replace function private.analytics_rebuild(p_store_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('parley.analytics_bulk', 'on', true);
  delete from public.analytics_events where p_store_id is null or store_id = p_store_id;

  create temporary table analytics_sessions on commit drop as
  select s.id, s.store_id, s.chatbot_id, st.time_zone, coalesce(s.attributes ->> 'channel', 'web') as channel,
    coalesce(s.language, '') as language, s.tags, s.sentiment, s.started_at, s.status, s.resolved_at,
    s.lead_score, s.last_message_at, s.handoff_state, s.chatwoot_conversation_id
  from public.chat_sessions s join public.stores st on st.id = s.store_id
  where p_store_id is null or s.store_id = p_store_id;

  -- (session, at, kind, value, sentiment, intent, agent, detail)
  create temporary table analytics_facts (
    session_id uuid, at timestamptz, kind public.analytics_event_kind, value double precision, sentiment real,
    intent text default '', agent text default '', detail jsonb default '{}'
  ) on commit drop;
  create index on analytics_sessions (id);
  -- the later steps look up earlier facts of the same conversation
  create index on analytics_facts (session_id, kind);
  analyze analytics_sessions;

  insert into analytics_facts (session_id, at, kind)
  select id, started_at, 'conversation_started' from analytics_sessions;

  insert into analytics_facts (session_id, at, kind, detail)
  select m.session_id, m.created_at,
    case when m.n = 1 then 'first_message' else 'engaged' end::public.analytics_event_kind,
    jsonb_build_object('message_id', m.id)
  from (select m.session_id, m.id, m.created_at,
          row_number() over (partition by m.session_id order by m.id) as n
        from public.messages m join analytics_sessions s on s.id = m.session_id
        where m.sender = 'customer' and not m.is_private and not m.metadata ? 'automation') m
  where m.n <= 2;

  insert into analytics_facts (session_id, at, kind, value, sentiment, intent, detail)
  select b.session_id, b.created_at,
    case when b.metadata ->> 'kind' in ('clarify', 'offer_human', 'fallback') then 'unanswered_question'
      else 'bot_answered' end::public.analytics_event_kind,
    greatest(extract(epoch from b.created_at - q.created_at), 0), q.sentiment, coalesce(q.intent, ''),
    case when b.metadata ->> 'kind' in ('clarify', 'offer_human', 'fallback')
      then jsonb_build_object('question', left(q.content, 300), 'message_id', q.id) else '{}'::jsonb end
  from public.messages b
  join analytics_sessions s on s.id = b.session_id
  join public.messages q on q.id = b.reply_to
  where b.sender = 'bot' and not b.is_private and not b.metadata ? 'automation';

  -- Handed off: when the handoff line was written, else the first agent reply, else the start.
  insert into analytics_facts (session_id, at, kind)
  select s.id, coalesce(
      (select min(m.created_at) from public.messages m
        where m.session_id = s.id and m.sender = 'bot' and m.metadata ->> 'kind' = 'handoff'),
      (select min(m.created_at) from public.messages m where m.session_id = s.id and m.sender = 'agent'),
      s.started_at), 'handoff_requested'
  from analytics_sessions s
  where s.status in ('queued', 'human') or s.handoff_state is not null or s.chatwoot_conversation_id is not null
     or exists (select 1 from public.messages m where m.session_id = s.id and m.sender = 'agent' and not m.is_private);

  analyze analytics_facts;
  insert into analytics_facts (session_id, at, kind, value, agent)
  select a.session_id, a.created_at, 'agent_first_reply',
    greatest(extract(epoch from a.created_at - coalesce(
      (select max(f.at) from analytics_facts f
        where f.session_id = a.session_id and f.kind = 'handoff_requested' and f.at <= a.created_at),
      a.started_at)), 0),
    a.agent
  from (select distinct on (m.session_id) m.session_id, m.created_at, s.started_at,
          coalesce(m.metadata -> 'chatwoot' ->> 'sender_name', coalesce(p.full_name, p.email), 'Unknown agent') as agent
        from public.messages m
        join analytics_sessions s on s.id = m.session_id
        left join public.profiles p on p.id = m.author_id
        where m.sender = 'agent' and not m.is_private
        order by m.session_id, m.id) a;

  insert into analytics_facts (session_id, at, kind, value, agent)
  select s.id, coalesce(s.resolved_at, s.last_message_at),
    case when exists (select 1 from analytics_facts f where f.session_id = s.id
                      and f.kind in ('handoff_requested', 'agent_first_reply'))
      then 'resolved_by_agent' else 'resolved_by_bot' end::public.analytics_event_kind,
    greatest(extract(epoch from coalesce(s.resolved_at, s.last_message_at) - s.started_at), 0),
    coalesce((select f.agent from analytics_facts f where f.session_id = s.id and f.kind = 'agent_first_reply'), '')
  from analytics_sessions s where s.status = 'resolved';

  insert into analytics_facts (session_id, at, kind, value)
  select s.id, s.last_message_at, 'lead_score_changed', s.lead_score
  from analytics_sessions s where s.lead_score is not null;

  -- The facts Parley learned to record after the rebuild was first written: the pre-chat form, payments and
  -- bookings, each from the row that records it.
  insert into analytics_facts (session_id, at, kind)
  select l.session_id, l.form_submitted_at, 'form_completed'
  from public.session_leads l join analytics_sessions s on s.id = l.session_id
  where l.form_submitted_at is not null;

  insert into analytics_facts (session_id, at, kind, detail)
  select p.session_id, coalesce(p.paid_at, p.updated_at), 'payment_succeeded', private.analytics_payment_detail(p)
  from public.payment_requests p join analytics_sessions s on s.id = p.session_id
  where p.status = 'paid';

  insert into analytics_facts (session_id, at, kind, detail)
  select b.session_id, b.created_at, 'booking_created', private.analytics_booking_detail(b)
  from public.bookings b join analytics_sessions s on s.id = b.session_id
  where b.previous_uid is null;

  insert into public.analytics_events (store_id, chatbot_id, session_id, kind, at, day, channel, language, intent,
    agent, tags, value, sentiment, detail)
  select s.store_id, s.chatbot_id, f.session_id, f.kind, f.at, (f.at at time zone s.time_zone)::date, s.channel,
    s.language, f.intent, f.agent, s.tags, f.value,
    case when f.kind in ('bot_answered', 'unanswered_question') then f.sentiment else s.sentiment end, f.detail
  from analytics_facts f join analytics_sessions s on s.id = f.session_id
  order by f.at;

  insert into public.analytics_events (store_id, chatbot_id, session_id, kind, at, day, channel, language, outcome,
    tags, detail)
  select r.store_id, s.chatbot_id, s.id, 'automation_run_finished', coalesce(r.finished_at, r.started_at),
    (coalesce(r.finished_at, r.started_at) at time zone st.time_zone)::date, coalesce(s.channel, ''),
    coalesce(s.language, ''), r.status::text, coalesce(s.tags, '{}'),
    jsonb_build_object('workflow_id', r.workflow_id, 'run_id', r.id)
  from public.workflow_runs r
  join public.stores st on st.id = r.store_id
  left join analytics_sessions s on s.id = r.session_id
  where r.status in ('succeeded', 'failed', 'cancelled') and (p_store_id is null or r.store_id = p_store_id);

  perform private.analytics_rollup_from_events(p_store_id);
  drop table analytics_facts;
  drop table analytics_sessions;
  perform set_config('parley.analytics_bulk', '', true);
end;
$$;

revoke execute on all functions in schema private from public;

-- Payments and bookings already recorded, and form completions a rebuild dropped: counted again.
select private.analytics_rebuild(s.id) from public.stores s
where exists (select 1 from public.session_leads l where l.store_id = s.id and l.form_submitted_at is not null)
   or exists (select 1 from public.payment_requests p where p.store_id = s.id and p.status = 'paid')
   or exists (select 1 from public.bookings b where b.store_id = s.id and b.session_id is not null);
