-- The analytics page reads a period's facts as the member (RLS), and under RLS PostgreSQL only turns a
-- query's conditions into index conditions when their operators are leakproof: `kind = ...` compares an
-- enum, which is not, so with (store_id, kind, day) only store_id bounded the scan and every 30-day
-- report walked the store's whole year of facts. Day before kind: the period bounds the scan, and kind is
-- checked on the index entry (the included columns still spare a visit to the table).
create index analytics_events_store_period_idx on public.analytics_events (store_id, day, kind)
  include (value, sentiment, chatbot_id, channel, language, tags, session_id, outcome);
drop index public.analytics_events_store_day_idx;
