-- The outbox dispatcher's side of the queue (supabase/functions/outbox calls these as service_role):
-- claim due jobs without blocking other dispatchers, record success or failure with exponential
-- backoff and dead letters, and let owners/admins retry a failed job from the dashboard.

-- A claimed job stays 'processing' until its lease runs out; a dispatcher that died mid-job leaves it
-- to be claimed again then (consumers are idempotent).
create or replace function public.claim_outbox_jobs(p_limit int default 10, p_lease_seconds int default 120)
returns setof public.outbox
language sql
security definer
set search_path = ''
as $$
  update public.outbox o
     set status = 'processing',
         attempts = o.attempts + 1,
         next_attempt_at = now() + make_interval(secs => p_lease_seconds)
   where o.id in (
     select id from public.outbox
      where status in ('pending', 'processing') and next_attempt_at <= now()
      order by next_attempt_at, id
      limit greatest(p_limit, 0)
      for update skip locked
   )
  returning o.*;
$$;

create or replace function public.complete_outbox_job(p_job_id bigint)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.outbox
     set status = 'done', processed_at = now(), last_error = null
   where id = p_job_id and status = 'processing';
$$;

-- Retryable failures wait 2^(attempts-1) * 5 s (capped at 15 min), or what the consumer asked for;
-- the 8th failed attempt, or a failure that cannot succeed on retry, makes the job dead.
create or replace function public.fail_outbox_job(
  p_job_id bigint, p_error text, p_retryable boolean default true, p_retry_after_seconds int default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_attempts int;
  v_status text;
begin
  select attempts into v_attempts from public.outbox where id = p_job_id and status = 'processing' for update;
  if not found then
    return null;
  end if;
  v_status := case when not p_retryable or v_attempts >= 8 then 'dead' else 'pending' end;
  update public.outbox
     set status = v_status,
         last_error = left(p_error, 2000),
         processed_at = case when v_status = 'dead' then now() end,
         next_attempt_at = now() + case
           when p_retry_after_seconds is not null then make_interval(secs => greatest(p_retry_after_seconds, 1))
           else make_interval(secs => least(5 * power(2, greatest(v_attempts - 1, 0)), 900))
         end
   where id = p_job_id;
  return v_status;
end;
$$;

-- A job the dispatcher did not send (its destination's circuit is open): back to pending, attempt not counted.
create or replace function public.release_outbox_job(p_job_id bigint, p_delay_seconds int)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.outbox
     set status = 'pending', attempts = greatest(attempts - 1, 0),
         next_attempt_at = now() + make_interval(secs => greatest(p_delay_seconds, 1))
   where id = p_job_id and status = 'processing';
$$;

-- Service-role enqueue for functions (SQL uses private.enqueue directly).
create or replace function public.enqueue_outbox(
  p_store_id uuid, p_topic text, p_payload jsonb, p_idempotency_key text default null
)
returns void
language sql
security definer
set search_path = ''
as $$
  select private.enqueue(p_store_id, p_topic, p_payload, p_idempotency_key);
$$;

-- Owners and admins retry their store's failed (pending with an error) or dead jobs.
create or replace function public.retry_outbox_job(p_job_id bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.outbox
     set status = 'pending', attempts = 0, next_attempt_at = now(), processed_at = null
   where id = p_job_id
     and (status = 'dead' or (status = 'pending' and last_error is not null))
     and store_id in (select private.my_store_ids_with_role('{owner,admin}'));
  if not found then
    raise exception 'no failed job % in your stores', p_job_id using errcode = 'P0002';
  end if;
  perform pg_notify('outbox', p_job_id::text);
end;
$$;

-- Wakes the dispatcher (devstack scheduler listens; hosted Supabase polls with pg_cron).
create or replace function private.outbox_notify()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_notify('outbox', new.id::text);
  return null;
end;
$$;

create trigger outbox_notify after insert on public.outbox
  for each row execute function private.outbox_notify();

-- Circuit breakers that outlive one function invocation: per dispatch destination and per Chatwoot
-- installation (state is the client's BreakerState JSON).
create table private.circuit_breakers (
  key text primary key,
  state jsonb not null,
  updated_at timestamptz not null default now()
);

create or replace function public.get_circuit_breaker(p_key text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select state from private.circuit_breakers where key = p_key;
$$;

create or replace function public.set_circuit_breaker(p_key text, p_state jsonb)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.circuit_breakers (key, state) values (p_key, p_state)
  on conflict (key) do update set state = excluded.state, updated_at = now();
$$;

revoke execute on function public.get_circuit_breaker(text), public.set_circuit_breaker(text, jsonb)
  from public, anon, authenticated;
grant execute on function public.get_circuit_breaker(text), public.set_circuit_breaker(text, jsonb) to service_role;

revoke execute on function public.claim_outbox_jobs(int, int), public.complete_outbox_job(bigint),
  public.fail_outbox_job(bigint, text, boolean, int), public.release_outbox_job(bigint, int),
  public.enqueue_outbox(uuid, text, jsonb, text), public.retry_outbox_job(bigint)
  from public, anon, authenticated;
grant execute on function public.claim_outbox_jobs(int, int), public.complete_outbox_job(bigint),
  public.fail_outbox_job(bigint, text, boolean, int), public.release_outbox_job(bigint, int),
  public.enqueue_outbox(uuid, text, jsonb, text)
  to service_role;
grant execute on function public.retry_outbox_job(bigint) to authenticated;
revoke execute on function private.outbox_notify() from public;
