-- The report picks its own period when it is not given: the last 30 days up to today in the store's time
-- zone. The analytics page then asks for the report at once, instead of reading the store's time zone first
-- to name today (a round trip before the page's one query). Given dates are put right as the page did: a
-- reversed range is swapped, one longer than 366 days cut to its last 366. The period used comes back as the
-- report's `from` and `to`.
alter function public.analytics_report(uuid, date, date, uuid, text, text, text) set schema private;
alter function private.analytics_report(uuid, date, date, uuid, text, text, text) rename to analytics_report_period;

create function public.analytics_report(
  p_store_id uuid, p_from date default null, p_to date default null, p_chatbot_id uuid default null,
  p_language text default null, p_channel text default null, p_tag text default null
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.analytics_report_period(p_store_id, greatest(least(f, t), greatest(f, t) - 365), greatest(f, t),
    p_chatbot_id, p_language, p_channel, p_tag)
  from (select coalesce(p_from, coalesce(p_to, today) - 29) as f, coalesce(p_to, today) as t
        from (select (now() at time zone coalesce(
                (select s.time_zone from public.stores s where s.id = p_store_id), 'UTC'))::date as today) d) p
$$;
revoke execute on function public.analytics_report from public, anon;
grant execute on function public.analytics_report to authenticated, service_role;
