-- Deleting a store or a chatbot cascades to its analytics facts, and the rollup trigger then tried to subtract
-- them from rollup rows whose store (or chatbot) was already gone: a foreign key error that made the deletion
-- fail. Those rollups are deleted by the same cascade, so there is nothing to subtract.
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
  -- A store or chatbot being deleted takes its rollups with it: its facts' cascade has nothing to subtract from.
  if tg_op = 'DELETE' and (
    not exists (select 1 from public.stores s where s.id = v_event.store_id)
    or (v_event.chatbot_id is not null
        and not exists (select 1 from public.chatbots c where c.id = v_event.chatbot_id))
  ) then
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
