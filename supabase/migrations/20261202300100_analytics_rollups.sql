-- Analytics rollups: per store, chatbot, day (in the store's time zone) and dimension (channel, language,
-- intent, agent, outcome; tags in their own table, a conversation having several), the count of facts and
-- the sums their averages need. A trigger on analytics_events keeps them up to date as facts arrive (and
-- go: a deleted conversation takes its facts out of the counts), under RLS like any table; materialised
-- views would bypass it.
--
-- No hot row: `shard` is the writing connection's backend pid modulo 16, so concurrent writers of the
-- same store and day update different rows instead of queueing behind one row lock until each commits.
-- Readers sum over shards.

create table public.analytics_daily (
  store_id uuid not null references public.stores (id) on delete cascade,
  day date not null,
  chatbot_id uuid,
  kind public.analytics_event_kind not null,
  channel text not null,
  language text not null,
  intent text not null,
  agent text not null,
  outcome text not null,
  shard smallint not null,
  events bigint not null default 0,
  value_sum double precision not null default 0,
  value_count bigint not null default 0,
  sentiment_sum double precision not null default 0,
  sentiment_count bigint not null default 0,
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create unique index analytics_daily_key on public.analytics_daily
  (store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome, shard) nulls not distinct;
create index analytics_daily_chatbot_id_idx on public.analytics_daily (chatbot_id);

create table public.analytics_daily_tags (
  store_id uuid not null references public.stores (id) on delete cascade,
  day date not null,
  chatbot_id uuid,
  tag text not null,
  kind public.analytics_event_kind not null,
  channel text not null,
  language text not null,
  shard smallint not null,
  events bigint not null default 0,
  value_sum double precision not null default 0,
  value_count bigint not null default 0,
  sentiment_sum double precision not null default 0,
  sentiment_count bigint not null default 0,
  foreign key (chatbot_id, store_id) references public.chatbots (id, store_id) on delete cascade
);
create unique index analytics_daily_tags_key on public.analytics_daily_tags
  (store_id, tag, day, chatbot_id, kind, channel, language, shard) nulls not distinct;
create index analytics_daily_tags_chatbot_id_idx on public.analytics_daily_tags (chatbot_id);

alter table public.analytics_daily enable row level security;
alter table public.analytics_daily_tags enable row level security;
revoke all on public.analytics_daily, public.analytics_daily_tags from anon, authenticated, service_role;
grant all on public.analytics_daily, public.analytics_daily_tags to service_role;
grant select on public.analytics_daily, public.analytics_daily_tags to authenticated;
create policy "analytics_daily: members select" on public.analytics_daily
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "analytics_daily_tags: members select" on public.analytics_daily_tags
  for select to authenticated using (store_id in (select private.my_store_ids()));

-- ---------------------------------------------------------------------------------------------
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
  v_tag text;
begin
  -- private.analytics_rebuild groups the rollups itself
  if current_setting('parley.analytics_bulk', true) = 'on' then
    return null;
  end if;
  insert into public.analytics_daily as d (store_id, day, chatbot_id, kind, channel, language, intent, agent,
    outcome, shard, events, value_sum, value_count, sentiment_sum, sentiment_count)
  values (v_event.store_id, v_event.day, v_event.chatbot_id, v_event.kind, v_event.channel, v_event.language,
    v_event.intent, v_event.agent, v_event.outcome, v_shard, v_sign, v_value, v_value_count, v_sentiment,
    v_sentiment_count)
  on conflict (store_id, day, chatbot_id, kind, channel, language, intent, agent, outcome, shard)
  do update set events = d.events + excluded.events, value_sum = d.value_sum + excluded.value_sum,
    value_count = d.value_count + excluded.value_count, sentiment_sum = d.sentiment_sum + excluded.sentiment_sum,
    sentiment_count = d.sentiment_count + excluded.sentiment_count;

  foreach v_tag in array v_event.tags loop
    insert into public.analytics_daily_tags as d (store_id, day, chatbot_id, tag, kind, channel, language, shard,
      events, value_sum, value_count, sentiment_sum, sentiment_count)
    values (v_event.store_id, v_event.day, v_event.chatbot_id, v_tag, v_event.kind, v_event.channel,
      v_event.language, v_shard, v_sign, v_value, v_value_count, v_sentiment, v_sentiment_count)
    on conflict (store_id, tag, day, chatbot_id, kind, channel, language, shard)
    do update set events = d.events + excluded.events, value_sum = d.value_sum + excluded.value_sum,
      value_count = d.value_count + excluded.value_count, sentiment_sum = d.sentiment_sum + excluded.sentiment_sum,
      sentiment_count = d.sentiment_count + excluded.sentiment_count;
  end loop;
  return null;
end;
$$;
create trigger analytics_events_rollup after insert or delete on public.analytics_events
  for each row execute function private.analytics_rollup();

-- The dashboard's live refresh: a content-free ping on the store's private topic, once per transaction
-- and store (members refetch under RLS; the ping says nothing a non-member could learn from).
create or replace function private.analytics_ping()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_setting text := 'parley.analytics_pinged_' || replace(new.store_id::text, '-', '');
begin
  if current_setting('parley.analytics_bulk', true) = 'on'
     or coalesce(current_setting(v_setting, true), '') <> '' then
    return null;
  end if;
  perform set_config(v_setting, '1', true);
  perform realtime.send('{}'::jsonb, 'analytics', 'store:' || new.store_id, true);
  return null;
end;
$$;
create trigger analytics_events_ping after insert on public.analytics_events
  for each row execute function private.analytics_ping();

revoke execute on all functions in schema private from public;
