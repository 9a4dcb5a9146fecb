-- Scheduled analytics reports: a store's owners and admins choose a cadence (weekly: Monday to Sunday;
-- monthly) and the members who get it by email, in the store's time zone. Each period is one outbox job
-- (analytics.send_report) keyed by schedule and period, due when the period ends in the store's zone, so a
-- period's report is enqueued once and sent once however often it is scheduled; the job enqueues the next
-- period when it has sent its own.

create type public.report_cadence as enum ('weekly', 'monthly');

create table public.analytics_report_schedules (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  cadence public.report_cadence not null,
  -- member user ids; the job mails those still members when it runs
  recipients uuid[] not null default '{}' check (cardinality(recipients) <= 50),
  enabled boolean not null default true,
  created_by uuid references public.profiles (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (store_id, cadence)
);
create index analytics_report_schedules_created_by_idx on public.analytics_report_schedules (created_by);
create trigger analytics_report_schedules_set_updated_at before update on public.analytics_report_schedules
  for each row execute function private.set_updated_at();

alter table public.analytics_report_schedules enable row level security;
revoke all on public.analytics_report_schedules from anon, authenticated, service_role;
grant all on public.analytics_report_schedules to service_role;
grant select, delete on public.analytics_report_schedules to authenticated;
grant insert (store_id, cadence, recipients, enabled) on public.analytics_report_schedules to authenticated;
grant update (recipients, enabled) on public.analytics_report_schedules to authenticated;

create policy "analytics_report_schedules: members select" on public.analytics_report_schedules
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "analytics_report_schedules: admins insert" on public.analytics_report_schedules
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "analytics_report_schedules: admins update" on public.analytics_report_schedules
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "analytics_report_schedules: admins delete" on public.analytics_report_schedules
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- Recipients are members of the store.
create or replace function private.check_report_recipients()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select 1 from unnest(new.recipients) r (user_id)
             where not exists (select 1 from public.memberships m
                               where m.store_id = new.store_id and m.user_id = r.user_id)) then
    raise exception 'every recipient must be a member of the store' using errcode = '23514';
  end if;
  return new;
end;
$$;
create trigger analytics_report_schedules_check_recipients
  before insert or update of recipients on public.analytics_report_schedules
  for each row execute function private.check_report_recipients();

-- ---------------------------------------------------------------------------------------------
-- The period containing p_at (p_offset 0) or the one before it (-1), in the store's zone, and when it
-- ends (a timestamptz: when its report is due).
create or replace function private.report_period(p_cadence public.report_cadence, p_time_zone text,
  p_at timestamptz, p_offset int default 0)
returns table (period_start date, period_end date, due_at timestamptz)
language sql
stable
set search_path = ''
as $$
  with local_start as (
    select date_trunc(case p_cadence when 'weekly' then 'week' else 'month' end, p_at at time zone p_time_zone)
      + case p_cadence when 'weekly' then p_offset * interval '7 days' else p_offset * interval '1 month' end as s
  ), bounds as (
    select s, s + case p_cadence when 'weekly' then interval '7 days' else interval '1 month' end as e
    from local_start
  )
  select s::date, (e - interval '1 day')::date, e at time zone p_time_zone from bounds;
$$;

-- Enqueues a schedule's report for one period, due when the period ends. Returns the job id, or null when
-- that period's report is already enqueued (or sent).
create or replace function private.enqueue_analytics_report(p_schedule_id uuid, p_offset int default 0)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_schedule public.analytics_report_schedules;
  v_period record;
  v_id bigint;
begin
  select * into v_schedule from public.analytics_report_schedules where id = p_schedule_id and enabled;
  if not found then
    return null;
  end if;
  select p.* into v_period from public.stores s,
    private.report_period(v_schedule.cadence, s.time_zone, now(), p_offset) p
  where s.id = v_schedule.store_id;
  v_id := private.enqueue(v_schedule.store_id, 'analytics.send_report', jsonb_build_object(
    'store_id', v_schedule.store_id, 'schedule_id', v_schedule.id,
    'period_start', v_period.period_start, 'period_end', v_period.period_end));
  if v_id is not null then
    update public.outbox set next_attempt_at = greatest(v_period.due_at, now()) where id = v_id;
  end if;
  return v_id;
end;
$$;

-- A new or re-enabled schedule waits for the end of the current period.
create or replace function private.analytics_report_schedule_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue_analytics_report(new.id, 0);
  return null;
end;
$$;
create trigger analytics_report_schedules_enqueue after insert or update of enabled
  on public.analytics_report_schedules
  for each row when (new.enabled) execute function private.analytics_report_schedule_changed();

-- The job, once it has sent a period: the next one (the current period by then).
create or replace function public.enqueue_next_analytics_report(p_schedule_id uuid)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select private.enqueue_analytics_report(p_schedule_id, 0);
$$;

-- "Send the last report now": the last finished period, at once, unless it was already sent.
create or replace function public.send_last_analytics_report(p_schedule_id uuid)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.analytics_report_schedules s where s.id = p_schedule_id
                 and s.store_id in (select private.my_store_ids_with_role('{owner,admin}')))
     and (select auth.role()) is distinct from 'service_role' then
    raise exception 'no such report schedule' using errcode = 'P0002';
  end if;
  return private.enqueue_analytics_report(p_schedule_id, -1);
end;
$$;

revoke execute on function public.enqueue_next_analytics_report(uuid), public.send_last_analytics_report(uuid)
  from public, anon, authenticated;
grant execute on function public.enqueue_next_analytics_report(uuid) to service_role;
grant execute on function public.send_last_analytics_report(uuid) to authenticated, service_role;
revoke execute on all functions in schema private from public;
