-- What the `health` function reads from the database: per destination, the outbox's state for the service
-- role (private.outbox_health, plus how long the oldest due job has waited and the newest failing job's
-- reason), and per store, what its members may see of their own store (its Chatwoot account; for owners
-- and admins its jobs too). Both answer from the database clock, so no caller's clock skews "waiting for".

-- The newest failing job per destination is found from the end of this index, not by scanning the queue.
create index outbox_failing_idx on public.outbox (id) where last_error is not null and status in ('pending', 'dead');

create or replace function public.outbox_health()
returns table (
  destination text,
  backlog bigint,
  oldest_due_at timestamptz,
  oldest_due_seconds double precision,
  dead bigint,
  breaker jsonb,
  last_error text
)
language sql
stable
security definer
set search_path = ''
as $$
  select h.destination, h.backlog, h.oldest_due_at,
         extract(epoch from now() - h.oldest_due_at)::double precision,
         h.dead, h.breaker,
         (select o.last_error from public.outbox o
            join private.job_topics t on t.topic = o.topic
           where t.destination = h.destination and o.last_error is not null and o.status in ('pending', 'dead')
           order by o.id desc
           limit 1)
    from private.outbox_health h
   order by h.destination;
$$;

-- One store as its members see it: its Chatwoot account for every member; the backlog, the oldest due job
-- and the failing and dead jobs for owners and admins (who can retry them). The service role sees any
-- store. Anyone else gets "no store ... among yours" (P0002), whether the store exists or not.
create or replace function public.store_health(p_store_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role text;
  v_service boolean := (select auth.role()) = 'service_role';
  v_account jsonb;
  v_jobs jsonb;
begin
  select m.role::text into v_role from public.memberships m
   where m.store_id = p_store_id and m.user_id = (select auth.uid());
  if v_role is null and not (v_service and exists (select 1 from public.stores s where s.id = p_store_id)) then
    raise exception 'no store % among yours', p_store_id using errcode = 'P0002';
  end if;

  select jsonb_build_object('status', a.status, 'last_error', a.last_error, 'updated_at', a.updated_at)
    into v_account
    from public.chatwoot_accounts a where a.store_id = p_store_id;

  if v_service or v_role in ('owner', 'admin') then
    select jsonb_build_object(
             'backlog', count(*) filter (where o.status in ('pending', 'processing')),
             'failing', count(*) filter (where o.status = 'pending' and o.last_error is not null),
             'dead', count(*) filter (where o.status = 'dead'),
             'oldest_due_at', min(o.next_attempt_at) filter (where o.status = 'pending' and o.next_attempt_at <= now()),
             'oldest_due_seconds', extract(epoch from now() - min(o.next_attempt_at)
               filter (where o.status = 'pending' and o.next_attempt_at <= now())))
      into v_jobs
      from public.outbox o
     where o.store_id = p_store_id and o.status in ('pending', 'processing', 'dead');
  end if;

  return jsonb_build_object('store_id', p_store_id, 'role', v_role, 'chatwoot', v_account, 'jobs', v_jobs);
end;
$$;

revoke execute on function public.outbox_health(), public.store_health(uuid) from public, anon, authenticated;
grant execute on function public.outbox_health() to service_role;
grant execute on function public.store_health(uuid) to authenticated, service_role;
