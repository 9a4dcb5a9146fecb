-- Analytics from the history: the facts of every existing conversation, message and run, derived in bulk,
-- then their rollups grouped in one statement. private.analytics_rebuild(store) redoes one store (a
-- generated history, or counts that need repair); with null it does all stores, as this migration does.
-- While it runs, `parley.analytics_bulk` tells the row triggers to leave rollups and pings to it.
-- What history cannot tell exactly: when a handoff was asked for (its first handoff line, or else the
-- first agent reply, or else the start) and when a lead score changed (the conversation's last line).

-- The rollups recomputed from the facts (what the row trigger maintains, shard 0).
create or replace function private.analytics_rollup_from_events(p_store_id uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.analytics_daily where p_store_id is null or store_id = p_store_id;
  delete from public.analytics_daily_tags where p_store_id is null or store_id = p_store_id;
  insert into public.analytics_daily (store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome,
    shard, events, value_sum, value_count, sentiment_sum, sentiment_count)
  select store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome, 0, count(*),
    coalesce(sum(value), 0), count(value), coalesce(sum(sentiment), 0), count(sentiment)
  from public.analytics_events where p_store_id is null or store_id = p_store_id
  group by store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome;
  insert into public.analytics_daily_tags (store_id, day, chatbot_id, tag, kind, channel, language, shard,
    events, value_sum, value_count, sentiment_sum, sentiment_count)
  select e.store_id, e.day, e.chatbot_id, t.tag, e.kind, e.channel, e.language, 0, count(*),
    coalesce(sum(e.value), 0), count(e.value), coalesce(sum(e.sentiment), 0), count(e.sentiment)
  from public.analytics_events e cross join lateral unnest(e.tags) as t (tag)
  where p_store_id is null or e.store_id = p_store_id
  group by e.store_id, e.day, e.chatbot_id, t.tag, e.kind, e.channel, e.language;
$$;

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

select private.analytics_rebuild(null);
