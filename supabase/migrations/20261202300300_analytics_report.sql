-- What the analytics page reads, in one call per view, run as the caller (security invoker: RLS decides,
-- a non-member gets zeros). Counts come from the rollups; medians, distributions and lists from the facts of
-- the period, one index range per kind. Filters are optional: null means all.

-- The KPIs of one period.
create or replace function public.analytics_kpis(
  p_store_id uuid, p_from date, p_to date, p_chatbot_id uuid default null, p_language text default null,
  p_channel text default null, p_tag text default null
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with counts as (
    select r.kind, sum(r.events) as events, sum(r.sentiment_sum) as sentiment_sum,
      sum(r.sentiment_count) as sentiment_count
    from (
      select d.kind, d.events, d.sentiment_sum, d.sentiment_count from public.analytics_daily d
      where p_tag is null and d.store_id = p_store_id and d.day between p_from and p_to
        and (p_chatbot_id is null or d.chatbot_id = p_chatbot_id)
        and (p_language is null or d.language = p_language) and (p_channel is null or d.channel = p_channel)
      union all
      select t.kind, t.events, t.sentiment_sum, t.sentiment_count from public.analytics_daily_tags t
      where p_tag is not null and t.store_id = p_store_id and t.tag = p_tag and t.day between p_from and p_to
        and (p_chatbot_id is null or t.chatbot_id = p_chatbot_id)
        and (p_language is null or t.language = p_language) and (p_channel is null or t.channel = p_channel)
    ) r
    group by r.kind
  ),
  facts as (
    select e.kind, e.session_id, e.value, e.outcome from public.analytics_events e
    where e.store_id = p_store_id and e.day between p_from and p_to
      and e.kind in ('bot_answered', 'agent_first_reply', 'resolved_by_bot', 'resolved_by_agent',
        'lead_score_changed', 'automation_run_finished')
      and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
      and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
      and (p_tag is null or p_tag = any (e.tags))
  ),
  medians as (
    select f.kind, percentile_cont(0.5) within group (order by f.value) as median from facts f
    where f.kind in ('bot_answered', 'agent_first_reply', 'resolved_by_bot', 'resolved_by_agent')
    group by f.kind
  ),
  c as (
    select
      coalesce(sum(events) filter (where kind = 'conversation_started'), 0) as conversations,
      coalesce(sum(events) filter (where kind = 'resolved_by_bot'), 0) as resolved_by_bot,
      coalesce(sum(events) filter (where kind = 'resolved_by_agent'), 0) as resolved_by_agent,
      coalesce(sum(events) filter (where kind = 'handoff_requested'), 0) as handoffs,
      coalesce(sum(events) filter (where kind = 'bot_answered'), 0) as bot_answered,
      coalesce(sum(events) filter (where kind = 'unanswered_question'), 0) as unanswered,
      sum(sentiment_sum) filter (where kind in ('bot_answered', 'unanswered_question'))
        / nullif(sum(sentiment_count) filter (where kind in ('bot_answered', 'unanswered_question')), 0)
        as avg_sentiment
    from counts
  )
  select jsonb_build_object(
    'conversations', c.conversations,
    'resolved_by_bot', c.resolved_by_bot,
    'resolved_by_agent', c.resolved_by_agent,
    'abandoned', greatest(c.conversations - c.resolved_by_bot - c.resolved_by_agent, 0),
    'bot_resolution_rate', round(c.resolved_by_bot::numeric / nullif(c.conversations, 0), 4),
    'handoffs', c.handoffs,
    'handoff_rate', round(c.handoffs::numeric / nullif(c.conversations, 0), 4),
    'bot_answered', c.bot_answered,
    'unanswered', c.unanswered,
    'median_bot_response_s', (select median from medians where kind = 'bot_answered'),
    'median_agent_first_response_s', (select median from medians where kind = 'agent_first_reply'),
    'median_resolution_bot_s', (select median from medians where kind = 'resolved_by_bot'),
    'median_resolution_agent_s', (select median from medians where kind = 'resolved_by_agent'),
    'median_resolution_s', (select percentile_cont(0.5) within group (order by f.value) from facts f
      where f.kind in ('resolved_by_bot', 'resolved_by_agent')),
    'avg_sentiment', round(c.avg_sentiment::numeric, 3),
    'leads_over_75', (select count(distinct f.session_id) from facts f
      where f.kind = 'lead_score_changed' and f.value > 75),
    'automation_runs', (select count(*) from facts f where f.kind = 'automation_run_finished'),
    'automation_failures', (select count(*) from facts f
      where f.kind = 'automation_run_finished' and f.outcome = 'failed'))
  from c;
$$;

-- Everything the page draws for a period: KPIs beside the previous period of the same length, the daily
-- series, the funnel, intents, unanswered questions grouped, sentiment, agents.
create or replace function public.analytics_report(
  p_store_id uuid, p_from date, p_to date, p_chatbot_id uuid default null, p_language text default null,
  p_channel text default null, p_tag text default null
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with counts as (
    select r.day, r.kind, r.intent, sum(r.events) as events
    from (
      select d.day, d.kind, d.intent, d.events from public.analytics_daily d
      where p_tag is null and d.store_id = p_store_id and d.day between p_from and p_to
        and (p_chatbot_id is null or d.chatbot_id = p_chatbot_id)
        and (p_language is null or d.language = p_language) and (p_channel is null or d.channel = p_channel)
      union all
      select t.day, t.kind, '', t.events from public.analytics_daily_tags t
      where p_tag is not null and t.store_id = p_store_id and t.tag = p_tag and t.day between p_from and p_to
        and (p_chatbot_id is null or t.chatbot_id = p_chatbot_id)
        and (p_language is null or t.language = p_language) and (p_channel is null or t.channel = p_channel)
    ) r
    group by r.day, r.kind, r.intent
  ),
  facts as (
    select e.kind, e.session_id, e.value, e.agent, e.detail, e.at from public.analytics_events e
    where e.store_id = p_store_id and e.day between p_from and p_to
      and e.kind in ('unanswered_question', 'agent_first_reply', 'resolved_by_agent')
      and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
      and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
      and (p_tag is null or p_tag = any (e.tags))
  ),
  -- shoppers' lines by sentiment, in one pass over the index
  moods as (
    select width_bucket(e.sentiment::float8, -1.0::float8, 1.0001::float8, 5) as n, count(*) as events from public.analytics_events e
    where e.store_id = p_store_id and e.day between p_from and p_to
      and e.kind in ('bot_answered', 'unanswered_question') and e.sentiment is not null
      and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
      and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
      and (p_tag is null or p_tag = any (e.tags))
    group by 1
  ),
  days as (
    select g::date as day from generate_series(p_from, p_to, interval '1 day') g
  )
  select jsonb_build_object(
    'from', p_from, 'to', p_to,
    'kpis', public.analytics_kpis(p_store_id, p_from, p_to, p_chatbot_id, p_language, p_channel, p_tag),
    'previous', public.analytics_kpis(p_store_id, p_from - (p_to - p_from + 1), p_from - 1, p_chatbot_id,
      p_language, p_channel, p_tag),
    'series', (select jsonb_agg(jsonb_build_object(
        'day', days.day,
        'conversations', coalesce((select sum(events) from counts where counts.day = days.day and kind = 'conversation_started'), 0),
        'handoffs', coalesce((select sum(events) from counts where counts.day = days.day and kind = 'handoff_requested'), 0),
        'resolved_by_bot', coalesce((select sum(events) from counts where counts.day = days.day and kind = 'resolved_by_bot'), 0),
        'resolved_by_agent', coalesce((select sum(events) from counts where counts.day = days.day and kind = 'resolved_by_agent'), 0),
        'unanswered', coalesce((select sum(events) from counts where counts.day = days.day and kind = 'unanswered_question'), 0)
      ) order by days.day) from days),
    'funnel', (select jsonb_agg(jsonb_build_object('kind', k.kind,
        'events', coalesce((select sum(events) from counts where counts.kind = k.kind::public.analytics_event_kind), 0))
        order by k.n)
      from unnest(array['form_completed', 'conversation_started', 'first_message', 'engaged'])
        with ordinality as k (kind, n)),
    'intents', coalesce((select jsonb_agg(jsonb_build_object('intent', i.intent, 'events', i.events) order by i.events desc)
      from (select intent, sum(events) as events from counts
            where kind in ('bot_answered', 'unanswered_question') and intent not in ('', 'other')
            group by intent order by sum(events) desc limit 10) i), '[]'),
    'unanswered', coalesce((select jsonb_agg(jsonb_build_object('question', u.question, 'count', u.n, 'last_at', u.last_at)
        order by u.n desc, u.last_at desc)
      from (select min(f.detail ->> 'question') as question, count(*) as n, max(f.at) as last_at from facts f
            where f.kind = 'unanswered_question' and f.detail ? 'question'
            group by lower(regexp_replace(trim(f.detail ->> 'question'), '[[:punct:][:space:]]+', ' ', 'g'))
            order by count(*) desc, max(f.at) desc limit 20) u), '[]'),
    'sentiment', (select jsonb_agg(jsonb_build_object('bucket', b.name, 'events', coalesce(
        (select m.events from moods m where m.n = b.n), 0)) order by b.n)
      from (values (1, 'very negative'), (2, 'negative'), (3, 'neutral'), (4, 'positive'),
                   (5, 'very positive')) as b (n, name)),
    'agents', coalesce((select jsonb_agg(jsonb_build_object('agent', a.agent, 'conversations', a.n,
        'median_first_response_s', a.first_response, 'median_resolution_s', (
          select percentile_cont(0.5) within group (order by f.value) from facts f
          where f.kind = 'resolved_by_agent' and f.agent = a.agent)) order by a.n desc)
      from (select f.agent, count(*) as n, percentile_cont(0.5) within group (order by f.value) as first_response
            from facts f where f.kind = 'agent_first_reply' group by f.agent) a), '[]'));
$$;

-- The conversations behind a bar, point or funnel step: those with a fact of `p_kinds` in the period (on
-- `p_day` alone when given; of one intent or agent when given), newest first.
create or replace function public.analytics_conversations(
  p_store_id uuid, p_from date, p_to date, p_kinds public.analytics_event_kind[], p_day date default null,
  p_intent text default null, p_agent text default null, p_chatbot_id uuid default null,
  p_language text default null, p_channel text default null, p_tag text default null, p_limit int default 100
)
returns table (session_id uuid, at timestamptz, status public.chat_session_status, language text,
  lead_score int, sentiment real, contact_name text, kinds public.analytics_event_kind[])
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, max(e.at), s.status, s.language, s.lead_score, s.sentiment,
    (select coalesce(c.name, c.email) from public.contacts c where c.id = s.contact_id),
    array_agg(distinct e.kind)
  from public.analytics_events e
  join public.chat_sessions s on s.id = e.session_id
  where e.store_id = p_store_id and e.kind = any (p_kinds)
    and e.day between coalesce(p_day, p_from) and coalesce(p_day, p_to)
    and (p_intent is null or e.intent = p_intent) and (p_agent is null or e.agent = p_agent)
    and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
    and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
    and (p_tag is null or p_tag = any (e.tags))
  group by s.id
  order by max(e.at) desc
  limit least(greatest(p_limit, 1), 1000);
$$;

revoke execute on function public.analytics_kpis, public.analytics_report, public.analytics_conversations
  from public, anon;
grant execute on function public.analytics_kpis, public.analytics_report, public.analytics_conversations
  to authenticated, service_role;

-- One row per conversation started in the period, for the CSV export: how it went, who answered, how fast.
create or replace function public.analytics_conversation_rows(
  p_store_id uuid, p_from date, p_to date, p_chatbot_id uuid default null, p_language text default null,
  p_channel text default null, p_tag text default null, p_limit int default 50000
)
returns table (session_id uuid, started_at timestamptz, day date, chatbot text, channel text, language text,
  tags text[], status public.chat_session_status, outcome text, contact text, lead_score int, sentiment real,
  unanswered bigint, handed_off_at timestamptz, agent text, first_agent_reply_s double precision,
  resolution_s double precision)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, e.at, e.day, c.name, e.channel, e.language, s.tags, s.status,
    case r.kind when 'resolved_by_bot' then 'resolved by the bot' when 'resolved_by_agent' then 'resolved by a person'
      else 'not resolved' end,
    (select coalesce(ct.name, ct.email) from public.contacts ct where ct.id = s.contact_id),
    s.lead_score, s.sentiment,
    (select count(*) from public.analytics_events u where u.session_id = s.id and u.kind = 'unanswered_question'),
    (select min(h.at) from public.analytics_events h where h.session_id = s.id and h.kind = 'handoff_requested'),
    a.agent, a.value, r.value
  from public.analytics_events e
  join public.chat_sessions s on s.id = e.session_id
  left join public.chatbots c on c.id = e.chatbot_id
  left join lateral (select x.kind, x.value from public.analytics_events x
    where x.session_id = s.id and x.kind in ('resolved_by_bot', 'resolved_by_agent', 'reopened')
    order by x.at desc, x.id desc limit 1) r on true
  left join lateral (select x.agent, x.value from public.analytics_events x
    where x.session_id = s.id and x.kind = 'agent_first_reply' limit 1) a on true
  where e.store_id = p_store_id and e.kind = 'conversation_started' and e.day between p_from and p_to
    and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
    and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
    and (p_tag is null or p_tag = any (e.tags))
  order by e.at
  limit least(greatest(p_limit, 1), 100000);
$$;
revoke execute on function public.analytics_conversation_rows from public, anon;
grant execute on function public.analytics_conversation_rows to authenticated, service_role;
