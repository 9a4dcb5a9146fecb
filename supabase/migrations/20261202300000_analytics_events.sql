-- Analytics events: one row per business fact (a conversation started, the visitor's first line, the bot
-- answered or could not, a handoff, an agent's first reply, a resolution, ...), written by triggers on the
-- tables where the facts happen. Rows are only ever inserted (and go with their conversation when it is
-- deleted), so the chat's hot path adds an insert, never an update of a shared row. Each row carries the
-- day it happened in the store's time zone and the dimensions the dashboard filters by; the rollups
-- (next migration) count them per day.
--
-- Kinds nothing emits yet (form_completed, payment_succeeded, booking_created) are recorded with
-- private.record_analytics_event by the features that bring them.

create type public.analytics_event_kind as enum (
  'conversation_started',
  'form_completed',
  'first_message',
  'engaged',               -- the visitor's second line
  'bot_answered',
  'unanswered_question',   -- the bot asked to clarify, offered a person or fell back
  'handoff_requested',
  'agent_first_reply',
  'resolved_by_bot',
  'resolved_by_agent',
  'reopened',
  'lead_score_changed',
  'automation_run_finished',
  'payment_succeeded',
  'booking_created'
);

create table public.analytics_events (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  chatbot_id uuid,
  session_id uuid,
  kind public.analytics_event_kind not null,
  at timestamptz not null default now(),
  -- `at` in the store's time zone when it happened
  day date not null,
  channel text not null default '',
  language text not null default '',
  intent text not null default '',
  -- who answered: the agent's name (Chatwoot's or the dashboard member's)
  agent text not null default '',
  -- automation runs: succeeded, failed or cancelled
  outcome text not null default '',
  tags text[] not null default '{}',
  -- seconds for response and resolution times, the score for lead_score_changed, the amount of a payment
  value double precision,
  sentiment real,
  -- what a list shows: the unanswered question, the run's workflow, the previous score
  detail jsonb not null default '{}' check (jsonb_typeof(detail) = 'object'),
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade,
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete cascade
);
-- What the report reads of a period's facts, without visiting the table (index-only once vacuumed).
create index analytics_events_store_day_idx on public.analytics_events (store_id, kind, day)
  include (value, sentiment, chatbot_id, channel, language, tags, session_id, outcome);
create index analytics_events_chatbot_id_idx on public.analytics_events (chatbot_id);
create index analytics_events_session_idx on public.analytics_events (session_id, kind);
-- Facts that happen once per conversation: a repeated trigger finds the row and records nothing.
create unique index analytics_events_once_idx on public.analytics_events (session_id, kind)
  where kind in ('conversation_started', 'first_message', 'engaged', 'agent_first_reply');

alter table public.analytics_events enable row level security;
revoke all on public.analytics_events from anon, authenticated, service_role;
grant all on public.analytics_events to service_role;
grant select on public.analytics_events to authenticated;
create policy "analytics_events: members select" on public.analytics_events
  for select to authenticated using (store_id in (select private.my_store_ids()));

-- ---------------------------------------------------------------------------------------------
-- The conversation's dimensions, read once per fact.
create or replace function private.analytics_session_context(p_session_id uuid)
returns table (store_id uuid, chatbot_id uuid, time_zone text, channel text, language text, tags text[],
  sentiment real, started_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select s.store_id, s.chatbot_id, st.time_zone, coalesce(s.attributes ->> 'channel', 'web'),
    coalesce(s.language, ''), s.tags, s.sentiment, s.started_at
  from public.chat_sessions s join public.stores st on st.id = s.store_id
  where s.id = p_session_id;
$$;

-- Records one fact of a conversation (p_session_id) or of a store (p_store_id alone). Returns whether a
-- row was written (false when a once-per-conversation fact was already there).
create or replace function private.record_analytics_event(
  p_kind public.analytics_event_kind,
  p_session_id uuid,
  p_at timestamptz default now(),
  p_value double precision default null,
  p_detail jsonb default '{}',
  p_intent text default '',
  p_agent text default '',
  p_outcome text default '',
  p_sentiment real default null,
  p_store_id uuid default null
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ctx record;
  v_time_zone text;
  v_rows int;
begin
  if p_session_id is not null then
    select * into v_ctx from private.analytics_session_context(p_session_id);
    if not found then
      return false;
    end if;
    insert into public.analytics_events (store_id, chatbot_id, session_id, kind, at, day, channel, language,
      intent, agent, outcome, tags, value, sentiment, detail)
    values (v_ctx.store_id, v_ctx.chatbot_id, p_session_id, p_kind, p_at, (p_at at time zone v_ctx.time_zone)::date,
      v_ctx.channel, v_ctx.language, coalesce(p_intent, ''), coalesce(p_agent, ''), coalesce(p_outcome, ''),
      v_ctx.tags, p_value, coalesce(p_sentiment, v_ctx.sentiment), coalesce(p_detail, '{}'))
    on conflict (session_id, kind) where kind in ('conversation_started', 'first_message', 'engaged', 'agent_first_reply')
    do nothing;
  else
    select s.time_zone into v_time_zone from public.stores s where s.id = p_store_id;
    if not found then
      return false;
    end if;
    insert into public.analytics_events (store_id, kind, at, day, intent, agent, outcome, value, sentiment, detail)
    values (p_store_id, p_kind, p_at, (p_at at time zone v_time_zone)::date, coalesce(p_intent, ''),
      coalesce(p_agent, ''), coalesce(p_outcome, ''), p_value, p_sentiment, coalesce(p_detail, '{}'));
  end if;
  get diagnostics v_rows = row_count;
  return v_rows > 0;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Messages: the visitor's first and second lines, the bot's answer (or not) to a line, the first reply of
-- a person. The visitor's third line onwards costs one index probe.
create or replace function private.message_analytics_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_question public.messages;
  v_kind text;
  v_handoff_at timestamptz;
  v_agent text;
begin
  if new.is_private or new.metadata ? 'automation' then
    return null;
  end if;
  if new.sender = 'customer' then
    if exists (select 1 from public.analytics_events e where e.session_id = new.session_id and e.kind = 'engaged') then
      return null;
    end if;
    if not private.record_analytics_event('first_message', new.session_id, new.created_at,
        p_detail => jsonb_build_object('message_id', new.id)) then
      perform private.record_analytics_event('engaged', new.session_id, new.created_at,
        p_detail => jsonb_build_object('message_id', new.id));
    end if;
  elsif new.sender = 'bot' and new.reply_to is not null then
    select * into v_question from public.messages m where m.id = new.reply_to;
    v_kind := new.metadata ->> 'kind';
    perform private.record_analytics_event(
      case when v_kind in ('clarify', 'offer_human', 'fallback') then 'unanswered_question'
        else 'bot_answered' end::public.analytics_event_kind,
      new.session_id, new.created_at,
      p_value => greatest(extract(epoch from new.created_at - v_question.created_at), 0),
      p_detail => case when v_kind in ('clarify', 'offer_human', 'fallback')
        then jsonb_build_object('question', left(v_question.content, 300), 'message_id', v_question.id)
        else '{}'::jsonb end,
      p_intent => coalesce(v_question.intent, ''),
      p_sentiment => v_question.sentiment);
  elsif new.sender = 'agent' then
    if exists (select 1 from public.analytics_events e
               where e.session_id = new.session_id and e.kind = 'agent_first_reply') then
      return null;
    end if;
    select max(e.at) into v_handoff_at from public.analytics_events e
     where e.session_id = new.session_id and e.kind = 'handoff_requested' and e.at <= new.created_at;
    v_agent := coalesce(new.metadata -> 'chatwoot' ->> 'sender_name',
      (select coalesce(p.full_name, p.email) from public.profiles p where p.id = new.author_id), 'Unknown agent');
    perform private.record_analytics_event('agent_first_reply', new.session_id, new.created_at,
      p_value => extract(epoch from new.created_at - coalesce(v_handoff_at,
        (select s.started_at from public.chat_sessions s where s.id = new.session_id))),
      p_agent => v_agent);
  end if;
  return null;
end;
$$;
create trigger messages_analytics_events after insert on public.messages
  for each row execute function private.message_analytics_events();

-- Conversations: started, handed to a person, resolved (by the bot when no person ever had it), reopened,
-- lead score changed.
create or replace function private.session_analytics_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_at timestamptz := now();
  v_by_bot boolean;
begin
  if tg_op = 'INSERT' then
    perform private.record_analytics_event('conversation_started', new.id, new.started_at);
    if new.status in ('queued', 'human') then
      perform private.record_analytics_event('handoff_requested', new.id, new.started_at);
    end if;
    return null;
  end if;
  if new.lead_score is not null and new.lead_score is distinct from old.lead_score then
    perform private.record_analytics_event('lead_score_changed', new.id, v_at, p_value => new.lead_score,
      p_detail => jsonb_build_object('previous', old.lead_score));
  end if;
  if new.status is distinct from old.status then
    if new.status = 'queued' or (new.status = 'human' and old.status in ('bot', 'resolved')) then
      perform private.record_analytics_event('handoff_requested', new.id, v_at);
    end if;
    if new.status = 'resolved' then
      v_by_bot := old.handoff_state is null and old.chatwoot_conversation_id is null and old.status = 'bot'
        and not exists (select 1 from public.analytics_events e
                        where e.session_id = new.id and e.kind in ('handoff_requested', 'agent_first_reply'));
      perform private.record_analytics_event(
        case when v_by_bot then 'resolved_by_bot' else 'resolved_by_agent' end::public.analytics_event_kind,
        new.id, coalesce(new.resolved_at, v_at),
        p_value => greatest(extract(epoch from coalesce(new.resolved_at, v_at) - new.started_at), 0),
        p_agent => case when v_by_bot then '' else coalesce((select e.agent from public.analytics_events e
          where e.session_id = new.id and e.kind = 'agent_first_reply'), '') end);
    elsif old.status = 'resolved' then
      perform private.record_analytics_event('reopened', new.id, v_at);
    end if;
  end if;
  return null;
end;
$$;
create trigger chat_sessions_analytics_events_insert after insert on public.chat_sessions
  for each row execute function private.session_analytics_events();
create trigger chat_sessions_analytics_events_update after update of status, lead_score on public.chat_sessions
  for each row when (old.status is distinct from new.status or old.lead_score is distinct from new.lead_score)
  execute function private.session_analytics_events();

-- Automation runs: one fact when a run finishes, with how.
create or replace function private.workflow_run_analytics_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.session_id is not null then
    perform private.record_analytics_event('automation_run_finished', new.session_id,
      coalesce(new.finished_at, now()), p_outcome => new.status::text,
      p_detail => jsonb_build_object('workflow_id', new.workflow_id, 'run_id', new.id));
  else
    perform private.record_analytics_event('automation_run_finished', null,
      coalesce(new.finished_at, now()), p_outcome => new.status::text,
      p_detail => jsonb_build_object('workflow_id', new.workflow_id, 'run_id', new.id), p_store_id => new.store_id);
  end if;
  return null;
end;
$$;
create trigger workflow_runs_analytics_events after update of status on public.workflow_runs
  for each row when (old.status is distinct from new.status and new.status in ('succeeded', 'failed', 'cancelled')
    and old.status not in ('succeeded', 'failed', 'cancelled'))
  execute function private.workflow_run_analytics_events();

revoke execute on all functions in schema private from public;
