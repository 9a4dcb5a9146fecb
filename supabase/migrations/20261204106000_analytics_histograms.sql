-- The analytics page read a period's raw facts for its medians (bot and people's first response,
-- resolution time, per person) and its sentiment distribution, and read the rollups twice (this period and
-- the one before): about 300 ms for 30 days of a store with a million messages, where the budget is 100.
-- The rollups now keep histograms: `value_hist` counts facts per log-scale bucket of their value (seconds),
-- `sentiment_hist` per fifth of the sentiment scale (-1..1). A median over any period is then a sum of
-- buckets plus one interpolation inside the bucket that holds the middle (8 buckets per doubling: within
-- 9% of the exact median), and the distribution a sum. The tag rollups gain intent, agent and outcome so a
-- tag filter reads the same rollups (its intents were empty and its people read from the facts).
-- Histograms are arrays indexed by bucket (from bucket 1 when rebuilt in bulk, from the first bucket written
-- when grown by the trigger; readers take the subscripts as they are).

-- Value buckets: 1 holds 0 (and less: an immediate reply), 2 holds (0, 1 s), bucket b >= 3 holds
-- [2^((b-3)/8), 2^((b-2)/8)).
create or replace function private.analytics_value_bucket(p_value double precision)
returns int
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when p_value is null then null when p_value <= 0 then 1 when p_value < 1 then 2
    else 3 + floor(ln(p_value) / ln(2::float8) * 8)::int end;
$$;

-- Sentiment buckets 1 (very negative) .. 5 (very positive), as the page has always drawn them.
create or replace function private.analytics_sentiment_bucket(p_sentiment real)
returns int
language sql
immutable
parallel safe
set search_path = ''
as $$
  select width_bucket(p_sentiment::float8, -1.0::float8, 1.0001::float8, 5);
$$;

-- A histogram with `p_n` added to bucket `p_bucket` (unchanged when the fact has no such value).
create or replace function private.analytics_hist_add(p_hist int[], p_bucket int, p_n int)
returns int[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  if p_bucket is null then
    return p_hist;
  end if;
  if p_hist is null then
    return array_fill(p_n, array[1], array[p_bucket]);
  end if;
  p_hist[p_bucket] := coalesce(p_hist[p_bucket], 0) + p_n;
  return p_hist;
end;
$$;

-- The histogram of a group's buckets (null when none), for the bulk rebuild.
create or replace function private.analytics_hist_of(p_buckets int[])
returns int[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select array_agg(coalesce(c.n, 0)::int order by g.i)
  from generate_series(1, (select max(b) from unnest(p_buckets) b)) g (i)
  left join (select b, count(*) as n from unnest(p_buckets) b group by b) c on c.b = g.i;
$$;

-- The median of a histogram given as parallel arrays of buckets and counts (buckets may repeat: they are
-- summed first), interpolated linearly inside the bucket holding the middle. PL/pgSQL: its plan is kept for
-- the session, where a SQL function's would be made again at every call.
create or replace function private.analytics_hist_median(p_buckets int[], p_counts numeric[])
returns double precision
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_half numeric;
  v_before numeric := 0;
  v_low double precision;
  v_high double precision;
  r record;
begin
  select sum(n) / 2.0 into v_half from unnest(p_counts) n;
  if v_half is null or v_half <= 0 then
    return null;
  end if;
  for r in select u.b, sum(u.n) as n from unnest(p_buckets, p_counts) u (b, n)
           group by u.b having sum(u.n) > 0 order by u.b loop
    if v_before + r.n >= v_half then
      v_low := case when r.b <= 2 then 0 else 2 ^ ((r.b - 3) / 8.0) end;
      v_high := case when r.b = 1 then 0 when r.b = 2 then 1 else 2 ^ ((r.b - 2) / 8.0) end;
      return v_low + (v_high - v_low) * ((v_half - v_before) / r.n)::float8;
    end if;
    v_before := v_before + r.n;
  end loop;
  return null;
end;
$$;

alter table public.analytics_daily add column value_hist int[], add column sentiment_hist int[];
alter table public.analytics_daily_tags add column intent text not null default '',
  add column agent text not null default '', add column outcome text not null default '',
  add column value_hist int[], add column sentiment_hist int[];
drop index public.analytics_daily_tags_key;
create unique index analytics_daily_tags_key on public.analytics_daily_tags
  (store_id, tag, day, chatbot_id, kind, channel, language, intent, agent, outcome, shard) nulls not distinct;

-- From 20261202790100 (the cascade guard), with the histograms and the tag rollups' new dimensions.
create or replace function private.analytics_rollup()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event public.analytics_events := case when tg_op = 'DELETE' then old else new end;
  v_sign int := case when tg_op = 'DELETE' then -1 else 1 end;
  v_shard smallint := pg_backend_pid() % 16;
  v_value double precision := coalesce(v_event.value, 0) * v_sign;
  v_value_count int := case when v_event.value is null then 0 else v_sign end;
  v_sentiment double precision := coalesce(v_event.sentiment, 0) * v_sign;
  v_sentiment_count int := case when v_event.sentiment is null then 0 else v_sign end;
  v_value_bucket int := private.analytics_value_bucket(v_event.value);
  v_sentiment_bucket int := private.analytics_sentiment_bucket(v_event.sentiment);
  v_tag text;
begin
  -- private.analytics_rebuild groups the rollups itself
  if current_setting('parley.analytics_bulk', true) = 'on' then
    return null;
  end if;
  -- A store or chatbot being deleted takes its rollups with it: its facts' cascade has nothing to subtract from.
  if tg_op = 'DELETE' and (
    not exists (select 1 from public.stores s where s.id = v_event.store_id)
    or (v_event.chatbot_id is not null
        and not exists (select 1 from public.chatbots c where c.id = v_event.chatbot_id))
  ) then
    return null;
  end if;
  insert into public.analytics_daily as d (store_id, day, chatbot_id, kind, channel, language, intent, agent,
    outcome, shard, events, value_sum, value_count, sentiment_sum, sentiment_count, value_hist, sentiment_hist)
  values (v_event.store_id, v_event.day, v_event.chatbot_id, v_event.kind, v_event.channel, v_event.language,
    v_event.intent, v_event.agent, v_event.outcome, v_shard, v_sign, v_value, v_value_count, v_sentiment,
    v_sentiment_count, private.analytics_hist_add(null, v_value_bucket, v_sign),
    private.analytics_hist_add(null, v_sentiment_bucket, v_sign))
  on conflict (store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome, shard)
  do update set events = d.events + excluded.events, value_sum = d.value_sum + excluded.value_sum,
    value_count = d.value_count + excluded.value_count, sentiment_sum = d.sentiment_sum + excluded.sentiment_sum,
    sentiment_count = d.sentiment_count + excluded.sentiment_count,
    value_hist = private.analytics_hist_add(d.value_hist, v_value_bucket, v_sign),
    sentiment_hist = private.analytics_hist_add(d.sentiment_hist, v_sentiment_bucket, v_sign);

  foreach v_tag in array v_event.tags loop
    insert into public.analytics_daily_tags as d (store_id, day, chatbot_id, tag, kind, channel, language, intent,
      agent, outcome, shard, events, value_sum, value_count, sentiment_sum, sentiment_count, value_hist,
      sentiment_hist)
    values (v_event.store_id, v_event.day, v_event.chatbot_id, v_tag, v_event.kind, v_event.channel,
      v_event.language, v_event.intent, v_event.agent, v_event.outcome, v_shard, v_sign, v_value, v_value_count,
      v_sentiment, v_sentiment_count, private.analytics_hist_add(null, v_value_bucket, v_sign),
      private.analytics_hist_add(null, v_sentiment_bucket, v_sign))
    on conflict (store_id, tag, day, chatbot_id, kind, channel, language, intent, agent, outcome, shard)
    do update set events = d.events + excluded.events, value_sum = d.value_sum + excluded.value_sum,
      value_count = d.value_count + excluded.value_count, sentiment_sum = d.sentiment_sum + excluded.sentiment_sum,
      sentiment_count = d.sentiment_count + excluded.sentiment_count,
      value_hist = private.analytics_hist_add(d.value_hist, v_value_bucket, v_sign),
      sentiment_hist = private.analytics_hist_add(d.sentiment_hist, v_sentiment_bucket, v_sign);
  end loop;
  return null;
end;
$$;

-- From 20261202300200, with the histograms and the tag rollups' new dimensions.
create or replace function private.analytics_rollup_from_events(p_store_id uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  delete from public.analytics_daily where p_store_id is null or store_id = p_store_id;
  delete from public.analytics_daily_tags where p_store_id is null or store_id = p_store_id;
  insert into public.analytics_daily (store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome,
    shard, events, value_sum, value_count, sentiment_sum, sentiment_count, value_hist, sentiment_hist)
  select store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome, 0, count(*),
    coalesce(sum(value), 0), count(value), coalesce(sum(sentiment), 0), count(sentiment),
    private.analytics_hist_of(array_agg(private.analytics_value_bucket(value)) filter (where value is not null)),
    private.analytics_hist_of(array_agg(private.analytics_sentiment_bucket(sentiment))
      filter (where sentiment is not null))
  from public.analytics_events where p_store_id is null or store_id = p_store_id
  group by store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome;
  insert into public.analytics_daily_tags (store_id, day, chatbot_id, tag, kind, channel, language, intent, agent,
    outcome, shard, events, value_sum, value_count, sentiment_sum, sentiment_count, value_hist, sentiment_hist)
  select e.store_id, e.day, e.chatbot_id, t.tag, e.kind, e.channel, e.language, e.intent, e.agent, e.outcome, 0,
    count(*), coalesce(sum(e.value), 0), count(e.value), coalesce(sum(e.sentiment), 0), count(e.sentiment),
    private.analytics_hist_of(array_agg(private.analytics_value_bucket(e.value)) filter (where e.value is not null)),
    private.analytics_hist_of(array_agg(private.analytics_sentiment_bucket(e.sentiment))
      filter (where e.sentiment is not null))
  from public.analytics_events e cross join lateral unnest(e.tags) as t (tag)
  where p_store_id is null or e.store_id = p_store_id
  group by e.store_id, e.day, e.chatbot_id, t.tag, e.kind, e.channel, e.language, e.intent, e.agent, e.outcome;
$$;

-- The two kinds of facts the page still lists from the facts: leads (counted once per conversation) and
-- unanswered questions (grouped by their text). Partial indexes, as `kind = ...` cannot bound an index
-- scan under RLS (see 20261203900000) but a partial index's predicate can.
create index analytics_events_leads_idx on public.analytics_events (store_id, day)
  include (session_id, value, chatbot_id, channel, language, tags) where kind = 'lead_score_changed';
create index analytics_events_unanswered_idx on public.analytics_events (store_id, day)
  include (at, detail, chatbot_id, channel, language, tags) where kind = 'unanswered_question';

revoke execute on all functions in schema private from public;

select private.analytics_rollup_from_events(null);
-- The page's report (security invoker) reads medians from the rollups with these.
grant execute on function private.analytics_hist_median(int[], numeric[]) to authenticated, service_role;
