-- retry_outbox_job refused with P0002, which PostgREST answers 500: the owner's Retry on a job that is no
-- longer failed (another tab retried it, the dispatcher finished it) looked like a server error. It now
-- raises PT404, which PostgREST answers 404 with the message. The answer is the same whether the job does
-- not exist, is not failed, or belongs to a store the caller does not own or administer, so it tells nobody
-- which job ids exist. Everything else is as in 20261201100000_jobs.sql.
create or replace function public.retry_outbox_job(p_job_id bigint)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_root bigint;
  v_ids bigint[];
begin
  select coalesce(o.held_by, o.id) into v_root from public.outbox o
   where o.id = p_job_id
     and (o.status = 'dead' or (o.status = 'pending' and o.last_error is not null))
     and o.store_id in (select private.my_store_ids_with_role('{owner,admin}'));
  if v_root is null or not exists (
    select 1 from public.outbox r
     where r.id = v_root and r.store_id in (select private.my_store_ids_with_role('{owner,admin}'))
  ) then
    raise exception 'no failed job % in your stores', p_job_id using errcode = 'PT404';
  end if;
  v_ids := array(
    select o.id from public.outbox o
     where (o.id = v_root and o.status in ('dead', 'pending')) or (o.held_by = v_root and o.status = 'dead'));
  update public.outbox
     set status = 'pending', attempts = 0, next_attempt_at = now(), processed_at = null, held_by = null,
         last_error = null
   where id = any (v_ids);
  -- still behind some other dead job: held again, named after that one
  perform private.outbox_hold_behind_dead(array(
    select l from public.outbox o, unnest(array[o.lane, o.after_lane]) l where o.id = any (v_ids)));
  perform pg_notify('outbox', v_root::text);
end;
$$;
