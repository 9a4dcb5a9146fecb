-- Turning a scheduled report on, off or to other members is one call. The dashboard upserted the row
-- through PostgREST, whose ON CONFLICT DO UPDATE sets every column it was sent, store and cadence
-- included: members may update only `enabled` and `recipients` (column grants), so every save was refused.
-- Security invoker: the table's policies decide who may save (owners and admins of the store).

create function public.save_analytics_report_schedule(
  p_store_id uuid,
  p_cadence public.report_cadence,
  p_enabled boolean,
  p_recipients uuid[]
) returns uuid
language sql
security invoker
set search_path = ''
as $$
  insert into public.analytics_report_schedules (store_id, cadence, enabled, recipients)
  values (p_store_id, p_cadence, p_enabled, p_recipients)
  on conflict (store_id, cadence) do update
    set enabled = excluded.enabled, recipients = excluded.recipients
  returning id
$$;

revoke all on function public.save_analytics_report_schedule(uuid, public.report_cadence, boolean, uuid[])
  from public, anon;
grant execute on function public.save_analytics_report_schedule(uuid, public.report_cadence, boolean, uuid[])
  to authenticated, service_role;
