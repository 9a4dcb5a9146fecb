-- One shape for every side effect. A job topic is defined once, in a `<name>.job.ts` file under
-- supabase/functions/_shared; `pnpm gen` writes the registry below from those files (as new migrations).
-- private.enqueue finds a topic there and derives, from the payload:
--   key       enqueued once ever per value (the idempotency key a third party may receive);
--   coalesce  at most one job per value that has not started yet ("sync the current state" jobs);
--   lane      jobs sharing a lane run one at a time, in enqueue order;
--   after     waits for the earlier unfinished jobs of that lane without joining it.
-- A job that dies takes the jobs waiting behind it with it ("held behind job #12, which failed: ...");
-- retrying it (retry_outbox_job) revives them in order. Lanes never cross stores, so a dead job only ever
-- holds back its own store's work.

-- ---------------------------------------------------------------------------------------------
-- The registry. Written only by generated migrations; read by the security-definer functions below.
create table private.job_topics (
  topic text primary key check (topic ~ '^[a-z0-9_]+(\.[a-z0-9_]+)+$'),
  title text not null check (char_length(title) between 1 and 200),
  -- the circuit breaker it trips (private.circuit_breakers.key)
  destination text not null check (destination ~ '^[a-z0-9_-]+$'),
  key_template text,
  coalesce_template text,
  lane_template text,
  after_template text,
  max_attempts int not null check (max_attempts between 1 and 100),
  check (key_template is null or coalesce_template is null)
);
alter table private.job_topics enable row level security;
revoke all on private.job_topics from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The queue gains what the templates give each job, and what the dispatcher records.
alter table public.outbox drop constraint outbox_status_check;
alter table public.outbox
  add constraint outbox_status_check check (status in ('pending', 'processing', 'done', 'dead', 'cancelled')),
  drop constraint outbox_idempotency_key_key,
  add constraint outbox_topic_idempotency_key_key unique (topic, idempotency_key),
  add column coalesce_key text,
  add column lane text,
  add column after_lane text,
  -- the job this one died with (retrying that one revives this one)
  add column held_by bigint references public.outbox (id) on delete set null,
  -- claims, never given back (attempts are, for waits): more than one means an earlier run may have
  -- done part of the work
  add column runs int not null default 0 check (runs >= 0),
  -- what a finished job reported (done(details))
  add column result jsonb;
-- coalesce_key is cleared when the job starts: a running job no longer absorbs new ones
create unique index outbox_coalesce_idx on public.outbox (topic, coalesce_key) where coalesce_key is not null;
create index outbox_lane_idx on public.outbox (lane, id) where status in ('pending', 'processing', 'dead');
create index outbox_after_lane_idx on public.outbox (after_lane, id) where status in ('pending', 'processing', 'dead');
create index outbox_held_by_idx on public.outbox (held_by);

-- ---------------------------------------------------------------------------------------------
-- A template with every {field} of the payload filled in; null when a field is missing or empty (no
-- key, no lane: a job is never grouped with unrelated jobs under an empty value).
create or replace function private.job_template(p_template text, p_payload jsonb)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_out text := p_template;
  v_field text;
  v_value text;
begin
  if p_template is null then
    return null;
  end if;
  for v_field in select (regexp_matches(p_template, '\{([a-z0-9_]+)\}', 'g'))[1] loop
    v_value := p_payload ->> v_field;
    if v_value is null or v_value = '' then
      return null;
    end if;
    v_out := replace(v_out, '{' || v_field || '}', v_value);
  end loop;
  return v_out;
end;
$$;

create or replace function private.job_topic_title(p_topic text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select t.title from private.job_topics t where t.topic = p_topic), p_topic);
$$;

-- What an owner reads for a job (PostgREST computed field: select=id,job_title,...).
create or replace function public.job_title(p_job public.outbox)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.job_topic_title(p_job.topic);
$$;

-- Pending jobs of these lanes (or coming after them) that wait behind a dead job die with it, named
-- after the job that failed first; then the same for the lanes of the jobs that just died.
create or replace function private.outbox_hold_behind_dead(p_lanes text[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_lanes text[] := array_remove(p_lanes, null);
begin
  while coalesce(array_length(v_lanes, 1), 0) > 0 loop
    with victims as (
      select o.id, coalesce(d.held_by, d.id) as root
        from public.outbox o
        cross join lateral (
          select e.id, e.held_by from public.outbox e
           where e.status = 'dead' and e.id < o.id and (e.lane = o.lane or e.lane = o.after_lane)
           order by e.id
           limit 1
        ) d
       where o.status = 'pending' and (o.lane = any (v_lanes) or o.after_lane = any (v_lanes))
    ), killed as (
      update public.outbox o
         set status = 'dead', held_by = v.root, processed_at = now(),
             last_error = left(format('Held behind job #%s (%s), which failed: %s', r.id,
               private.job_topic_title(r.topic), coalesce(r.last_error, 'no reason given')), 2000)
        from victims v
        join public.outbox r on r.id = v.root
       where o.id = v.id
      returning o.lane
    )
    select coalesce(array_agg(distinct k.lane) filter (where k.lane is not null), '{}') into v_lanes from killed k;
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Enqueue: for triggers and SQL functions (private), and for functions through enqueue_outbox.
-- Returns the job's id, or null when its key or coalesce value already has one.
drop function private.enqueue(uuid, text, jsonb, text);
create or replace function private.enqueue(p_store_id uuid, p_topic text, p_payload jsonb)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_topic private.job_topics;
  v_payload jsonb := coalesce(p_payload, '{}');
  v_lane text;
  v_after text;
  v_id bigint;
begin
  select * into v_topic from private.job_topics t where t.topic = p_topic;
  if not found then
    raise exception 'unknown job topic "%"', p_topic
      using errcode = '22023',
            hint = 'Jobs are defined in supabase/functions/_shared/**/<name>.job.ts; `pnpm gen` registers them.';
  end if;
  v_lane := private.job_template(v_topic.lane_template, v_payload);
  v_after := private.job_template(v_topic.after_template, v_payload);
  insert into public.outbox (store_id, topic, payload, idempotency_key, coalesce_key, lane, after_lane)
  values (p_store_id, p_topic, v_payload, private.job_template(v_topic.key_template, v_payload),
          private.job_template(v_topic.coalesce_template, v_payload), v_lane, v_after)
  on conflict do nothing
  returning id into v_id;
  -- Behind a dead job already: it dies with it at once (and is revived with it).
  if v_id is not null then
    perform private.outbox_hold_behind_dead(array[v_lane, v_after]);
  end if;
  return v_id;
end;
$$;

drop function public.enqueue_outbox(uuid, text, jsonb, text);
create or replace function public.enqueue_outbox(p_store_id uuid, p_topic text, p_payload jsonb)
returns bigint
language sql
security definer
set search_path = ''
as $$
  select private.enqueue(p_store_id, p_topic, p_payload);
$$;

-- ---------------------------------------------------------------------------------------------
-- The dispatcher's side (supabase/functions/outbox, service role).

-- Whether a job waits behind an earlier unfinished (or dead) job of its lane or of the lane it comes after.
create or replace function private.outbox_job_waits(p_id bigint, p_lane text, p_after_lane text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.outbox e
     where e.id < p_id and e.status in ('pending', 'processing', 'dead')
       and (e.lane = p_lane or e.lane = p_after_lane));
$$;

-- Due jobs that are first in their lane and have nothing unfinished ahead in the lane they come after.
-- A claimed job stays 'processing' until its lease runs out; a dispatcher that died mid-job leaves it to
-- be claimed again then (handlers are idempotent; `runs` tells them an earlier run may have done part).
create or replace function public.claim_outbox_jobs(p_limit int default 10, p_lease_seconds int default 120)
returns setof public.outbox
language sql
security definer
set search_path = ''
as $$
  update public.outbox o
     set status = 'processing',
         attempts = o.attempts + 1,
         runs = o.runs + 1,
         coalesce_key = null,
         next_attempt_at = now() + make_interval(secs => p_lease_seconds)
   where o.id in (
     select j.id from public.outbox j
      where j.status in ('pending', 'processing') and j.next_attempt_at <= now()
        and not private.outbox_job_waits(j.id, j.lane, j.after_lane)
      order by j.next_attempt_at, j.id
      limit greatest(p_limit, 0)
      for update skip locked
   )
  returning o.*;
$$;

-- Seconds until the next job could be claimed (0: one is due now), null when none is waiting.
create or replace function public.next_outbox_job_due()
returns double precision
language sql
stable
security definer
set search_path = ''
as $$
  select case when x.due < 0 then 0 else x.due end
    from (
      select extract(epoch from min(j.next_attempt_at) - now())::double precision as due
        from public.outbox j
       where j.status in ('pending', 'processing') and not private.outbox_job_waits(j.id, j.lane, j.after_lane)
    ) x;
$$;

-- The result protocol: done (details kept), retry after p_delay_seconds (dead once the topic's attempts
-- are spent), wait p_delay_seconds without spending an attempt, dead. Returns the job's new status, or
-- null when the job was no longer this dispatcher's (its lease ran out and another run took it).
create or replace function public.record_outbox_result(
  p_job_id bigint, p_outcome text, p_reason text default null, p_delay_seconds double precision default null,
  p_details jsonb default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job public.outbox;
  v_max int;
  v_delay interval := make_interval(secs => greatest(coalesce(p_delay_seconds, 5), 0));
begin
  if p_outcome is null or p_outcome not in ('done', 'retry', 'wait', 'dead') then
    raise exception 'outcome must be done, retry, wait or dead (got %)', p_outcome using errcode = '22023';
  end if;
  select * into v_job from public.outbox where id = p_job_id and status = 'processing' for update;
  if not found then
    return null;
  end if;
  if p_outcome = 'done' then
    update public.outbox
       set status = 'done', processed_at = now(), last_error = null, result = p_details
     where id = p_job_id;
    return 'done';
  elsif p_outcome = 'wait' then
    update public.outbox
       set status = 'pending', attempts = greatest(attempts - 1, 0), last_error = left(p_reason, 2000),
           next_attempt_at = now() + v_delay
     where id = p_job_id;
    return 'pending';
  end if;
  select t.max_attempts into v_max from private.job_topics t where t.topic = v_job.topic;
  if p_outcome = 'retry' and v_job.attempts < coalesce(v_max, 8) then
    update public.outbox
       set status = 'pending', last_error = left(p_reason, 2000), next_attempt_at = now() + v_delay
     where id = p_job_id;
    return 'pending';
  end if;
  update public.outbox
     set status = 'dead', processed_at = now(),
         last_error = left(case when p_outcome = 'retry'
                                then format('Gave up after %s attempts: %s', v_job.attempts, p_reason)
                                else p_reason end, 2000)
   where id = p_job_id;
  perform private.outbox_hold_behind_dead(array[v_job.lane]);
  return 'dead';
end;
$$;

drop function public.complete_outbox_job(bigint);
drop function public.fail_outbox_job(bigint, text, boolean, int);
drop function public.release_outbox_job(bigint, int);

-- Owners and admins retry their store's failed (pending with an error) or dead job. A job held behind
-- another one retries that one: it, and every job that died with it, run again in their order.
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
    raise exception 'no failed job % in your stores', p_job_id using errcode = 'P0002';
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

-- ---------------------------------------------------------------------------------------------
-- For the health check: per destination, the backlog, since when the oldest due job waits, the dead
-- letters and the circuit breaker's state.
create view private.outbox_health as
  select t.destination,
         count(o.id) filter (where o.status in ('pending', 'processing')) as backlog,
         min(o.next_attempt_at) filter (where o.status = 'pending' and o.next_attempt_at <= now()) as oldest_due_at,
         count(o.id) filter (where o.status = 'dead') as dead,
         (select b.state from private.circuit_breakers b where b.key = t.destination) as breaker
    from private.job_topics t
    left join public.outbox o on o.topic = t.topic
   group by t.destination;
revoke all on private.outbox_health from public, anon, authenticated, service_role;

-- The breakers are per destination now ('chatwoot'); the per-function and per-URL ones are gone.
delete from private.circuit_breakers where key like 'outbox:%' or key like 'chatwoot:%';

-- ---------------------------------------------------------------------------------------------
-- The Chatwoot triggers, re-created on the new enqueue; payloads carry what the templates need.

create or replace function private.store_chatwoot_lifecycle()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.chatwoot_accounts (store_id) values (new.id) on conflict (store_id) do nothing;
    perform private.enqueue(new.id, 'chatwoot.provision_account',
      jsonb_build_object('store_id', new.id, 'name', new.name, 'slug', new.slug));
  elsif tg_op = 'DELETE' then
    -- Whatever was still to do (or failed) for the store has nothing left to act on; the account's
    -- deletion waits for a provisioning still running.
    update public.outbox
       set status = 'cancelled', processed_at = now(), last_error = 'Cancelled: the store was deleted'
     where status in ('pending', 'dead') and payload ->> 'store_id' = old.id::text;
    perform private.enqueue(null, 'chatwoot.delete_account', jsonb_build_object('store_id', old.id, 'slug', old.slug));
  end if;
  return null;
end;
$$;

create or replace function private.store_chatwoot_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue(new.id, 'chatwoot.suspend_account',
    jsonb_build_object('store_id', new.id, 'suspended', new.status = 'suspended'));
  return null;
end;
$$;

-- Contacts with something Chatwoot can find them by are synced when a synced field changes; the sync
-- reads the contact's current state, so one waiting job per contact is enough.
create or replace function private.contact_chatwoot_sync()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    -- A store being deleted takes its whole Chatwoot account with it: nothing to erase one by one.
    if old.chatwoot_contact_id is not null and exists (select 1 from public.stores where id = old.store_id) then
      perform private.enqueue(old.store_id, 'chatwoot.erase_contact',
        jsonb_build_object('store_id', old.store_id, 'contact_id', old.id,
          'chatwoot_contact_id', old.chatwoot_contact_id));
    end if;
    return null;
  end if;
  if coalesce(new.external_id, new.email, new.phone) is not null or new.chatwoot_contact_id is not null then
    perform private.enqueue(new.store_id, 'chatwoot.sync_contact',
      jsonb_build_object('store_id', new.store_id, 'contact_id', new.id));
  end if;
  return null;
end;
$$;

create or replace function private.session_chatwoot_handoff()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.enqueue(new.store_id, 'chatwoot.handoff',
    jsonb_build_object('store_id', new.store_id, 'session_id', new.id, 'contact_id', new.contact_id));
  update public.chat_sessions set handoff_state = 'pending' where id = new.id and handoff_state is null;
  return null;
end;
$$;

create or replace function private.message_chatwoot_forward()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_contact uuid;
begin
  select s.contact_id into v_contact from public.chat_sessions s
   where s.id = new.session_id and s.store_id = new.store_id
     and s.status in ('queued', 'human', 'resolved')
     -- handed off through Chatwoot (or on its way): sessions taken in the dashboard alone stay there
     and (s.chatwoot_conversation_id is not null or (s.handoff_state is not null and s.status <> 'resolved'));
  if found then
    perform private.enqueue(new.store_id, 'chatwoot.forward_message',
      jsonb_build_object('store_id', new.store_id, 'session_id', new.session_id, 'contact_id', v_contact,
        'message_id', new.id));
  end if;
  return null;
end;
$$;

create or replace function private.membership_chatwoot_agent()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text;
  v_name text;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    if new.role not in ('admin', 'agent') and not exists (
      select 1 from public.chatwoot_agents a where a.store_id = new.store_id and a.user_id = new.user_id
    ) then
      return null;
    end if;
    if tg_op = 'UPDATE' and new.role = old.role then
      return null;
    end if;
    select p.email, coalesce(nullif(p.full_name, ''), split_part(p.email, '@', 1))
      into v_email, v_name
      from public.profiles p where p.id = new.user_id;
    insert into public.chatwoot_agents (store_id, user_id, role, status)
    values (new.store_id, new.user_id, new.role, 'pending')
    on conflict (store_id, user_id) do update set role = excluded.role, status = 'pending', last_error = null;
    perform private.enqueue(new.store_id, 'chatwoot.sync_agent',
      jsonb_build_object('store_id', new.store_id, 'user_id', new.user_id, 'email', v_email, 'name', v_name,
        'role', new.role));
  elsif tg_op = 'DELETE' then
    -- A store being deleted takes its whole Chatwoot account with it (delete_account); nothing to remove.
    if not exists (select 1 from public.stores s where s.id = old.store_id) then
      return null;
    end if;
    if not exists (
      select 1 from public.chatwoot_agents a where a.store_id = old.store_id and a.user_id = old.user_id
    ) then
      return null;
    end if;
    update public.chatwoot_agents set status = 'removing', last_error = null
      where store_id = old.store_id and user_id = old.user_id;
    perform private.enqueue(old.store_id, 'chatwoot.remove_agent',
      jsonb_build_object('store_id', old.store_id, 'user_id', old.user_id));
  end if;
  return null;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- The fate of the Chatwoot jobs people look at, mirrored where they look: the session (the widget offers
-- the fallback contact while a handoff fails), the store's account status and the member's seat state.
drop trigger outbox_handoff_state on public.outbox;
drop function private.handoff_job_state();

create or replace function private.chatwoot_job_state()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_dead boolean := new.status in ('dead', 'cancelled');
  v_revived boolean := old.status = 'dead' and new.status = 'pending';
  v_handoff text := case
    when new.status = 'done' then 'delivered'
    when v_dead then 'dead'
    when new.last_error is not null then 'failing'
    else 'pending'
  end;
begin
  if new.topic = 'chatwoot.handoff' then
    update public.chat_sessions set handoff_state = v_handoff
     where id = (new.payload ->> 'session_id')::uuid
       and handoff_state is distinct from v_handoff and handoff_state is distinct from 'delivered';
  elsif new.topic = 'chatwoot.provision_account' and new.status <> 'done' then
    -- the job itself marks the account provisioning, then active
    update public.chatwoot_accounts
       set status = case when v_dead then 'failed' when v_revived then 'pending' else status end,
           last_error = new.last_error
     where store_id = (new.payload ->> 'store_id')::uuid and status in ('pending', 'provisioning', 'failed');
  elsif new.topic = 'chatwoot.sync_agent' and new.status <> 'done' then
    update public.chatwoot_agents
       set status = case when v_dead then 'failed' else 'pending' end, last_error = new.last_error
     where store_id = (new.payload ->> 'store_id')::uuid and user_id = (new.payload ->> 'user_id')::uuid
       and status in ('pending', 'failed');
  end if;
  return null;
end;
$$;

create trigger outbox_chatwoot_state after update of status, last_error on public.outbox
  for each row
  when (new.topic in ('chatwoot.handoff', 'chatwoot.provision_account', 'chatwoot.sync_agent')
        and (old.status is distinct from new.status or old.last_error is distinct from new.last_error))
  execute function private.chatwoot_job_state();

-- ---------------------------------------------------------------------------------------------
-- Unfinished jobs from before: their payloads gain the fields the templates read (the generated
-- registry migration that follows gives them their lanes).
update public.outbox
   set payload = payload || jsonb_build_object('store_id', store_id)
 where status in ('pending', 'processing', 'dead') and store_id is not null and not payload ? 'store_id';
update public.outbox o
   set payload = o.payload || jsonb_build_object('contact_id', s.contact_id)
  from public.chat_sessions s
 where o.status in ('pending', 'processing', 'dead') and o.topic in ('chatwoot.handoff', 'chatwoot.forward_message')
   and s.id = (o.payload ->> 'session_id')::uuid and s.contact_id is not null and not o.payload ? 'contact_id';

-- ---------------------------------------------------------------------------------------------
revoke execute on all functions in schema private from public;
revoke execute on function public.job_title(public.outbox) from public, anon;
grant execute on function public.job_title(public.outbox) to authenticated, service_role;
revoke execute on function public.claim_outbox_jobs(int, int), public.next_outbox_job_due(),
  public.record_outbox_result(bigint, text, text, double precision, jsonb), public.enqueue_outbox(uuid, text, jsonb),
  public.retry_outbox_job(bigint)
  from public, anon, authenticated;
grant execute on function public.claim_outbox_jobs(int, int), public.next_outbox_job_due(),
  public.record_outbox_result(bigint, text, text, double precision, jsonb), public.enqueue_outbox(uuid, text, jsonb)
  to service_role;
grant execute on function public.retry_outbox_job(bigint) to authenticated;
