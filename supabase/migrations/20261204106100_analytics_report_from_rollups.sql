-- The analytics page's report from the rollups: one read of the rollups covers this period and the one
-- before (the KPIs of both in one pass), medians and the sentiment distribution come from their
-- histograms (20261204106000), the people's table from the agent dimension. Only leads (counted once per
-- conversation) and the unanswered questions (grouped by text) still read facts, each through its partial
-- index. Still security invoker: RLS decides, a non-member gets zeros. analytics_kpis is folded in here
-- (the report was its only caller).
drop function public.analytics_kpis(uuid, date, date, uuid, text, text, text);

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
  with rollups as (
    -- this period ('kpis') and the one of the same length before it ('previous')
    select case when r.day >= p_from then 'kpis' else 'previous' end as period, r.*
    from (
      select d.day, d.kind, d.intent, d.agent, d.outcome, d.events, d.sentiment_sum, d.sentiment_count,
        d.value_hist, d.sentiment_hist
      from public.analytics_daily d
      where p_tag is null and d.store_id = p_store_id and d.day between p_from - (p_to - p_from + 1) and p_to
        and (p_chatbot_id is null or d.chatbot_id = p_chatbot_id)
        and (p_language is null or d.language = p_language) and (p_channel is null or d.channel = p_channel)
      union all
      select t.day, t.kind, t.intent, t.agent, t.outcome, t.events, t.sentiment_sum, t.sentiment_count,
        t.value_hist, t.sentiment_hist
      from public.analytics_daily_tags t
      where p_tag is not null and t.store_id = p_store_id and t.tag = p_tag
        and t.day between p_from - (p_to - p_from + 1) and p_to
        and (p_chatbot_id is null or t.chatbot_id = p_chatbot_id)
        and (p_language is null or t.language = p_language) and (p_channel is null or t.channel = p_channel)
    ) r
  ),
  counts as (
    select r.day, r.kind, r.intent, sum(r.events) as events from rollups r where r.period = 'kpis'
    group by r.day, r.kind, r.intent
  ),
  -- the histograms of the times the page shows medians of, bucket by bucket
  times as (
    select r.period, r.kind, r.agent, i as bucket, sum(r.value_hist[i]) as n
    from rollups r cross join lateral generate_subscripts(r.value_hist, 1) i
    where r.kind in ('bot_answered', 'agent_first_reply', 'resolved_by_bot', 'resolved_by_agent')
      and r.value_hist[i] <> 0
    group by r.period, r.kind, r.agent, i
  ),
  medians as (
    select t.period, t.kind,
      private.analytics_hist_median(array_agg(t.bucket), array_agg(t.n)) as median
    from times t group by t.period, t.kind
  ),
  periods as (
    select p.period,
      coalesce(sum(r.events) filter (where r.kind = 'conversation_started'), 0) as conversations,
      coalesce(sum(r.events) filter (where r.kind = 'resolved_by_bot'), 0) as resolved_by_bot,
      coalesce(sum(r.events) filter (where r.kind = 'resolved_by_agent'), 0) as resolved_by_agent,
      coalesce(sum(r.events) filter (where r.kind = 'handoff_requested'), 0) as handoffs,
      coalesce(sum(r.events) filter (where r.kind = 'bot_answered'), 0) as bot_answered,
      coalesce(sum(r.events) filter (where r.kind = 'unanswered_question'), 0) as unanswered,
      sum(r.sentiment_sum) filter (where r.kind in ('bot_answered', 'unanswered_question'))
        / nullif(sum(r.sentiment_count) filter (where r.kind in ('bot_answered', 'unanswered_question')), 0)
        as avg_sentiment,
      coalesce(sum(r.events) filter (where r.kind = 'automation_run_finished'), 0) as automation_runs,
      coalesce(sum(r.events) filter (where r.kind = 'automation_run_finished' and r.outcome = 'failed'), 0)
        as automation_failures
    from (values ('kpis'), ('previous')) p (period)
    left join rollups r on r.period = p.period
    group by p.period
  ),
  -- materialized: read once per period below, scanned once
  leads as materialized (
    select case when e.day >= p_from then 'kpis' else 'previous' end as period,
      count(distinct e.session_id) as n
    from public.analytics_events e
    where e.store_id = p_store_id and e.kind = 'lead_score_changed'
      and e.day between p_from - (p_to - p_from + 1) and p_to and e.value > 75
      and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
      and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
      and (p_tag is null or p_tag = any (e.tags))
    group by 1
  ),
  kpis as (
    select c.period, jsonb_build_object(
      'conversations', c.conversations,
      'resolved_by_bot', c.resolved_by_bot,
      'resolved_by_agent', c.resolved_by_agent,
      'abandoned', greatest(c.conversations - c.resolved_by_bot - c.resolved_by_agent, 0),
      'bot_resolution_rate', round(c.resolved_by_bot::numeric / nullif(c.conversations, 0), 4),
      'handoffs', c.handoffs,
      'handoff_rate', round(c.handoffs::numeric / nullif(c.conversations, 0), 4),
      'bot_answered', c.bot_answered,
      'unanswered', c.unanswered,
      'median_bot_response_s', (select m.median from medians m where m.period = c.period and m.kind = 'bot_answered'),
      'median_agent_first_response_s', (select m.median from medians m
        where m.period = c.period and m.kind = 'agent_first_reply'),
      'median_resolution_bot_s', (select m.median from medians m
        where m.period = c.period and m.kind = 'resolved_by_bot'),
      'median_resolution_agent_s', (select m.median from medians m
        where m.period = c.period and m.kind = 'resolved_by_agent'),
      'median_resolution_s', (select private.analytics_hist_median(array_agg(t.bucket), array_agg(t.n)) from times t
        where t.period = c.period and t.kind in ('resolved_by_bot', 'resolved_by_agent')),
      'avg_sentiment', round(c.avg_sentiment::numeric, 3),
      'leads_over_75', coalesce((select l.n from leads l where l.period = c.period), 0),
      'automation_runs', c.automation_runs,
      'automation_failures', c.automation_failures) as kpis
    from periods c
  ),
  -- materialized: read once per bucket below, summed once
  moods as materialized (
    select i as n, sum(r.sentiment_hist[i]) as events
    from rollups r cross join lateral generate_subscripts(r.sentiment_hist, 1) i
    where r.period = 'kpis' and r.kind in ('bot_answered', 'unanswered_question')
    group by i
  ),
  questions as (
    select e.detail, e.at from public.analytics_events e
    where e.store_id = p_store_id and e.kind = 'unanswered_question' and e.day between p_from and p_to
      and (p_chatbot_id is null or e.chatbot_id = p_chatbot_id)
      and (p_language is null or e.language = p_language) and (p_channel is null or e.channel = p_channel)
      and (p_tag is null or p_tag = any (e.tags))
  ),
  days as (
    select g::date as day from generate_series(p_from, p_to, interval '1 day') g
  )
  select jsonb_build_object(
    'from', p_from, 'to', p_to,
    'kpis', (select k.kpis from kpis k where k.period = 'kpis'),
    'previous', (select k.kpis from kpis k where k.period = 'previous'),
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
      from (select min(q.detail ->> 'question') as question, count(*) as n, max(q.at) as last_at from questions q
            where q.detail ? 'question'
            group by lower(regexp_replace(trim(q.detail ->> 'question'), '[[:punct:][:space:]]+', ' ', 'g'))
            order by count(*) desc, max(q.at) desc limit 20) u), '[]'),
    'sentiment', (select jsonb_agg(jsonb_build_object('bucket', b.name, 'events', coalesce(
        (select m.events from moods m where m.n = b.n), 0)) order by b.n)
      from (values (1, 'very negative'), (2, 'negative'), (3, 'neutral'), (4, 'positive'),
                   (5, 'very positive')) as b (n, name)),
    'agents', coalesce((select jsonb_agg(jsonb_build_object('agent', a.agent, 'conversations', a.n,
        'median_first_response_s', (select private.analytics_hist_median(array_agg(t.bucket), array_agg(t.n))
          from times t where t.period = 'kpis' and t.kind = 'agent_first_reply' and t.agent = a.agent),
        'median_resolution_s', (select private.analytics_hist_median(array_agg(t.bucket), array_agg(t.n))
          from times t where t.period = 'kpis' and t.kind = 'resolved_by_agent' and t.agent = a.agent))
        order by a.n desc)
      from (select r.agent, sum(r.events) as n from rollups r
            where r.period = 'kpis' and r.kind = 'agent_first_reply' group by r.agent having sum(r.events) > 0) a),
      '[]'));
$$;
