-- Automations: published workflow versions (immutable, with their compiled XState machine), the business
-- events conversations produce, durable runs (snapshot, step log, timers) advanced by the `automations`
-- function, and what the run log and the A/B report read.
--
-- The engine in one paragraph: SQL triggers append business events to automation_events (an automation's
-- own messages never fire message events) and pg_notify('automations'). The worker (the `automations`
-- function, called by the devstack scheduler or pg_cron) claims events, matches them to the store's
-- published workflows, and computes each run's next snapshot with XState's pure transition(); ONE call
-- of advance_workflow_run then locks the run and writes snapshot, steps, jobs (private.enqueue) and timers
-- together. Actions are jobs; their results come back as events for the run (outbox trigger below).
-- Waits are rows in private.automation_timers, turned into events when due, so a run waiting three days
-- survives restarts and deploys.

-- ---------------------------------------------------------------------------------------------
-- What conditions and actions need on existing tables.

-- The store's time zone: business hours and schedules are read in it.
alter table public.stores add column time_zone text not null default 'UTC' check (char_length(time_zone) <= 64);
grant update (time_zone) on public.stores to authenticated;

create or replace function private.check_time_zone()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform now() at time zone new.time_zone;
  return new;
exception when invalid_parameter_value then
  raise exception 'unknown time zone "%"', new.time_zone using errcode = '22023';
end;
$$;
create trigger stores_check_time_zone before insert or update of time_zone on public.stores
  for each row execute function private.check_time_zone();

-- Conversations get tags and attributes (set by automations, tested by conditions) and the team and
-- priority a handoff asked for.
alter table public.chat_sessions
  add column tags text[] not null default '{}',
  add column attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  add column handoff_team text check (char_length(handoff_team) <= 80),
  add column handoff_priority text check (handoff_priority in ('low', 'medium', 'high', 'urgent'));

-- ---------------------------------------------------------------------------------------------
-- Workflows: `graph` is the draft the builder edits; publishing freezes it as a version.
alter table public.workflows
  drop column machine,
  drop column version,
  add column description text not null default '' check (char_length(description) <= 2000),
  add column published_version int,
  add column published_at timestamptz;

-- Only publish_workflow says which version is live.
revoke insert, update on public.workflows from authenticated;
grant insert (id, store_id, name, description, graph, enabled) on public.workflows to authenticated;
grant update (name, description, graph, enabled) on public.workflows to authenticated;

create table public.workflow_versions (
  workflow_id uuid not null,
  version int not null check (version >= 1),
  store_id uuid not null references public.stores (id) on delete cascade,
  graph jsonb not null,
  -- the compiled workflow: { format, machine (XState config), nodes, trigger }
  compiled jsonb not null,
  trigger_type text not null,
  published_by uuid references public.profiles (id) on delete set null,
  published_at timestamptz not null default now(),
  primary key (workflow_id, version),
  foreign key (workflow_id, store_id) references public.workflows (id, store_id) on delete cascade
);
create index workflow_versions_store_id_idx on public.workflow_versions (store_id);
create index workflow_versions_published_by_idx on public.workflow_versions (published_by);

-- A published version never changes (runs stay on the version they started on).
create or replace function private.workflow_version_immutable()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'a published workflow version cannot be changed; publish a new one' using errcode = '42501';
end;
$$;
create trigger workflow_versions_immutable before update on public.workflow_versions
  for each row execute function private.workflow_version_immutable();

-- The worker's trigger index is rebuilt when this moves (publish, enable, disable, delete).
create sequence private.automation_index_generation;
create or replace function private.bump_automation_index()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform nextval('private.automation_index_generation');
  return null;
end;
$$;
create trigger workflows_bump_index after insert or delete or update of enabled, published_version
  on public.workflows for each statement execute function private.bump_automation_index();

-- ---------------------------------------------------------------------------------------------
-- Runs: the snapshot of the version's machine, where it waits, and its loop guard (steps_taken).
drop index public.workflow_runs_wake_at_idx;
alter table public.workflow_runs
  drop column step_log,
  add column contact_id uuid,
  -- the event that started it; with the workflow, at most one run per event
  add column trigger_event_id bigint,
  add column idempotency_key text,
  -- the sequence number of the step it is at (its last step-log row); advances are checked against it
  add column current_step int not null default 0,
  add column steps_taken int not null default 0,
  add column awaiting text check (awaiting in ('job', 'timer', 'reply')),
  add column rerun_of uuid references public.workflow_runs (id) on delete set null,
  add column updated_at timestamptz not null default now(),
  add foreign key (contact_id, store_id) references public.contacts (id, store_id) on delete set null (contact_id);
create unique index workflow_runs_idempotency_idx on public.workflow_runs (workflow_id, idempotency_key);
create index workflow_runs_contact_id_idx on public.workflow_runs (contact_id);
create index workflow_runs_rerun_of_idx on public.workflow_runs (rerun_of);
create index workflow_runs_awaiting_reply_idx on public.workflow_runs (session_id)
  where status = 'waiting' and awaiting = 'reply';
create index workflow_runs_session_started_idx on public.workflow_runs (session_id, started_at);
create trigger workflow_runs_set_updated_at before update on public.workflow_runs
  for each row execute function private.set_updated_at();

-- The run log: one row per step a run took, with what went in and came out, attempts and the error.
create table public.workflow_run_steps (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  run_id uuid not null references public.workflow_runs (id) on delete cascade,
  seq int not null check (seq >= 1),
  node_id text not null,
  node_type text not null,
  kind text not null check (kind in ('trigger', 'condition', 'action', 'delay', 'split')),
  status text not null check (status in ('running', 'waiting', 'succeeded', 'failed', 'skipped')),
  -- the exit it left through
  port text,
  input jsonb,
  output jsonb,
  error text,
  attempts int not null default 0,
  job_id bigint references public.outbox (id) on delete set null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (run_id, seq)
);
create index workflow_run_steps_store_id_idx on public.workflow_run_steps (store_id);
create index workflow_run_steps_job_id_idx on public.workflow_run_steps (job_id);

-- Sticky A/B branches: a conversation gets the branch it got before.
create table public.workflow_split_assignments (
  workflow_id uuid not null,
  node_id text not null,
  session_id uuid not null,
  store_id uuid not null references public.stores (id) on delete cascade,
  branch text not null,
  run_id uuid references public.workflow_runs (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (workflow_id, node_id, session_id),
  foreign key (workflow_id, store_id) references public.workflows (id, store_id) on delete cascade,
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete cascade
);
create index workflow_split_assignments_store_id_idx on public.workflow_split_assignments (store_id);
create index workflow_split_assignments_session_id_idx on public.workflow_split_assignments (session_id);
create index workflow_split_assignments_run_id_idx on public.workflow_split_assignments (run_id);

-- The store's secret for signing outgoing webhooks (owners and admins read and rotate it).
create table public.automation_secrets (
  store_id uuid primary key references public.stores (id) on delete cascade,
  webhook_secret text not null default encode(extensions.gen_random_bytes(32), 'hex')
    check (char_length(webhook_secret) between 32 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger automation_secrets_set_updated_at before update on public.automation_secrets
  for each row execute function private.set_updated_at();
insert into public.automation_secrets (store_id) select id from public.stores on conflict do nothing;

create or replace function private.create_automation_secret()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.automation_secrets (store_id) values (new.id) on conflict do nothing;
  return null;
end;
$$;
create trigger stores_create_automation_secret after insert on public.stores
  for each row execute function private.create_automation_secret();

-- ---------------------------------------------------------------------------------------------
-- Events: business events (no run_id) are matched to triggers; run signals (run_id: a job's result, a
-- due timer, a reply) advance one run; a start for one workflow (workflow_id: a re-run, a deferred
-- trigger, a schedule) skips matching.
create table public.automation_events (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  type text not null check (type ~ '^[a-z_]+\.[a-z_]+$'),
  session_id uuid,
  contact_id uuid,
  payload jsonb not null default '{}',
  dedupe_key text,
  run_id uuid references public.workflow_runs (id) on delete cascade,
  workflow_id uuid references public.workflows (id) on delete cascade,
  rerun_of uuid references public.workflow_runs (id) on delete set null,
  created_at timestamptz not null default now(),
  claimed_until timestamptz,
  processed_at timestamptz,
  unique (store_id, dedupe_key)
);
create index automation_events_pending_idx on public.automation_events (id) where processed_at is null;
create index automation_events_session_idx on public.automation_events (store_id, session_id, id);
create index automation_events_run_id_idx on public.automation_events (run_id);
create index automation_events_workflow_id_idx on public.automation_events (workflow_id);
create index automation_events_rerun_of_idx on public.automation_events (rerun_of);

-- Waits and deferred triggers: when due, `event` becomes an automation_events row (exactly once).
create table private.automation_timers (
  id bigint generated always as identity primary key,
  store_id uuid not null references public.stores (id) on delete cascade,
  run_id uuid references public.workflow_runs (id) on delete cascade,
  step int,
  workflow_id uuid references public.workflows (id) on delete cascade,
  event jsonb not null,
  due_at timestamptz not null,
  fired_at timestamptz,
  cancelled_at timestamptz
);
create index automation_timers_due_idx on private.automation_timers (due_at) where fired_at is null and cancelled_at is null;
create index automation_timers_run_id_idx on private.automation_timers (run_id);
create index automation_timers_workflow_id_idx on private.automation_timers (workflow_id);
create index automation_timers_store_id_idx on private.automation_timers (store_id);
alter table private.automation_timers enable row level security;
revoke all on private.automation_timers from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Row level security: members read workflows' versions, runs, steps and assignments; owners and admins
-- read events (dry runs replay them) and the webhook secret; only the worker (service role) writes.
alter table public.workflow_versions enable row level security;
alter table public.workflow_run_steps enable row level security;
alter table public.workflow_split_assignments enable row level security;
alter table public.automation_secrets enable row level security;
alter table public.automation_events enable row level security;

revoke all on public.workflow_versions, public.workflow_run_steps, public.workflow_split_assignments,
  public.automation_secrets, public.automation_events from anon, authenticated, service_role;
grant all on public.workflow_versions, public.workflow_run_steps, public.workflow_split_assignments,
  public.automation_secrets, public.automation_events to service_role;
grant select on public.workflow_versions, public.workflow_run_steps, public.workflow_split_assignments,
  public.automation_events, public.automation_secrets to authenticated;
grant update (webhook_secret) on public.automation_secrets to authenticated;

create policy "workflow_versions: members select" on public.workflow_versions
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "workflow_run_steps: members select" on public.workflow_run_steps
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "workflow_split_assignments: members select" on public.workflow_split_assignments
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "automation_events: admins select" on public.automation_events
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "automation_secrets: admins select" on public.automation_secrets
  for select to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "automation_secrets: admins rotate" on public.automation_secrets
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

-- The run log is live: runs and steps over Realtime (the builder highlights the nodes).
do $$
begin
  if exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    alter publication supabase_realtime add table public.workflow_runs, public.workflow_run_steps;
  end if;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Emitting events. Every business event goes through here; the worker is woken on commit.
create or replace function private.emit_automation_event(
  p_store_id uuid, p_type text, p_session_id uuid, p_contact_id uuid, p_payload jsonb, p_dedupe_key text default null,
  p_at timestamptz default now()
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.automation_events (store_id, type, session_id, contact_id, payload, dedupe_key, created_at)
  values (p_store_id, p_type, p_session_id, p_contact_id, coalesce(p_payload, '{}'), p_dedupe_key,
    least(coalesce(p_at, now()), now()))
  on conflict (store_id, dedupe_key) do nothing;
  perform pg_notify('automations', '');
end;
$$;

-- A visitor's message: received, its intent, an image, and (with a person) awaiting an agent. Messages
-- an automation wrote (metadata.automation) and everything not from the visitor fire nothing.
create or replace function private.message_automation_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session public.chat_sessions;
  v_language text;
  v_images jsonb;
begin
  select * into v_session from public.chat_sessions s where s.id = new.session_id and s.store_id = new.store_id;
  if not found then
    return null;
  end if;
  v_language := coalesce(v_session.language,
    (select c.languages[1] from public.chatbots c where c.id = v_session.chatbot_id));
  perform private.emit_automation_event(new.store_id, 'message.received', new.session_id, v_session.contact_id,
    jsonb_build_object('message_id', new.id, 'text', left(new.content, 4000), 'language', v_language,
      'intent', new.intent, 'sentiment', new.sentiment, 'attachments', jsonb_array_length(new.attachments)),
    'message:' || new.id, new.created_at);
  if new.intent is not null and new.intent <> 'other' then
    perform private.emit_automation_event(new.store_id, 'intent.detected', new.session_id, v_session.contact_id,
      jsonb_build_object('message_id', new.id, 'intent', new.intent), 'intent:' || new.id, new.created_at);
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('url', a ->> 'url', 'name', a ->> 'name')), '[]') into v_images
    from jsonb_array_elements(new.attachments) a
   where coalesce(a ->> 'type', a ->> 'content_type', a ->> 'mime_type', '') like 'image/%'
      or a ->> 'kind' = 'image';
  if jsonb_array_length(v_images) > 0 then
    perform private.emit_automation_event(new.store_id, 'image.uploaded', new.session_id, v_session.contact_id,
      jsonb_build_object('message_id', new.id, 'images', v_images), 'image:' || new.id, new.created_at);
  end if;
  if v_session.status in ('queued', 'human') then
    perform private.emit_automation_event(new.store_id, 'message.awaiting_agent', new.session_id,
      v_session.contact_id, jsonb_build_object('message_id', new.id), 'awaiting:' || new.id, new.created_at);
  end if;
  -- Runs of this conversation waiting for the visitor's reply get it.
  insert into public.automation_events (store_id, type, run_id, payload, dedupe_key)
  select r.store_id, 'run.reply', r.id, jsonb_build_object('step', r.current_step, 'message_id', new.id),
         'reply:' || r.id || ':' || new.id
    from public.workflow_runs r
   where r.session_id = new.session_id and r.status = 'waiting' and r.awaiting = 'reply'
  on conflict (store_id, dedupe_key) do nothing;
  return null;
end;
$$;
create trigger messages_automation_events after insert on public.messages
  for each row when (new.sender = 'customer' and not new.is_private and not (new.metadata ? 'automation'))
  execute function private.message_automation_events();

-- Who moved a conversation to the queue or resolved it. Automations say so for their transaction
-- (set_config('parley.automation', 'on', true)); a member of the store is an agent; otherwise the
-- visitor asked (the bot's reply says why) or the bot decided.
create or replace function private.session_change_actor(p_session public.chat_sessions)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_reason text;
begin
  if current_setting('parley.automation', true) = 'on' then
    return 'automation';
  end if;
  if (select auth.uid()) is not null and p_session.store_id in (select private.my_store_ids()) then
    return 'agent';
  end if;
  select m.metadata ->> 'handoff_reason' into v_reason from public.messages m
   where m.session_id = p_session.id and m.sender = 'bot' order by m.id desc limit 1;
  return case when v_reason in ('human_request', 'accepted_offer') then 'visitor' else 'bot' end;
end;
$$;

create or replace function private.session_automation_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor text;
begin
  if tg_op = 'INSERT' then
    perform private.emit_automation_event(new.store_id, 'conversation.started', new.id, new.contact_id,
      jsonb_build_object('chatbot_id', new.chatbot_id), 'started:' || new.id, new.started_at);
    if new.status = 'queued' then
      perform private.emit_automation_event(new.store_id, 'handoff.requested', new.id, new.contact_id,
        jsonb_build_object('by', private.session_change_actor(new)), null, new.started_at);
    end if;
    return null;
  end if;
  if new.sentiment is not null and new.sentiment is distinct from old.sentiment then
    perform private.emit_automation_event(new.store_id, 'sentiment.changed', new.id, new.contact_id,
      jsonb_build_object('previous', old.sentiment, 'current', new.sentiment));
  end if;
  if new.lead_score is not null and new.lead_score is distinct from old.lead_score then
    perform private.emit_automation_event(new.store_id, 'lead_score.changed', new.id, new.contact_id,
      jsonb_build_object('previous', old.lead_score, 'current', new.lead_score));
  end if;
  if new.status is distinct from old.status then
    if new.status = 'queued' or (new.status = 'human' and old.status in ('bot', 'resolved')) then
      perform private.emit_automation_event(new.store_id, 'handoff.requested', new.id, new.contact_id,
        jsonb_build_object('by', private.session_change_actor(new)));
    elsif new.status = 'resolved' then
      v_actor := private.session_change_actor(new);
      -- Resolved by the bot: no person ever had it.
      perform private.emit_automation_event(new.store_id, 'conversation.resolved', new.id, new.contact_id,
        jsonb_build_object('by', case
          when old.handoff_state is null and old.chatwoot_conversation_id is null and old.status = 'bot'
           and v_actor <> 'agent' then 'bot' else 'agent' end));
    end if;
  end if;
  return null;
end;
$$;
create trigger chat_sessions_automation_events_insert after insert on public.chat_sessions
  for each row execute function private.session_automation_events();
create trigger chat_sessions_automation_events_update
  after update of sentiment, lead_score, status on public.chat_sessions
  for each row execute function private.session_automation_events();

-- One event per custom attribute that changed, on the contact's latest conversation.
create or replace function private.contact_automation_events()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_key text;
  v_session uuid;
begin
  select s.id into v_session from public.chat_sessions s
   where s.contact_id = new.id and s.store_id = new.store_id order by s.last_message_at desc limit 1;
  for v_key in
    select k from jsonb_object_keys(new.custom_attributes || old.custom_attributes) k
     where (new.custom_attributes -> k) is distinct from (old.custom_attributes -> k)
  loop
    perform private.emit_automation_event(new.store_id, 'contact.attribute_changed', v_session, new.id,
      jsonb_build_object('key', v_key, 'previous', old.custom_attributes -> v_key,
        'current', new.custom_attributes -> v_key));
  end loop;
  return null;
end;
$$;
create trigger contacts_automation_events after update of custom_attributes on public.contacts
  for each row when (old.custom_attributes is distinct from new.custom_attributes)
  execute function private.contact_automation_events();

-- An action's job finished (or died): its step learns attempts and errors as they happen, and the run
-- gets an event to go on (or to show the failure).
create or replace function private.automation_job_result()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run uuid := (new.payload ->> 'run_id')::uuid;
  v_step int := (new.payload ->> 'step')::int;
begin
  update public.workflow_run_steps
     set attempts = new.attempts, error = new.last_error
   where job_id = new.id and (attempts, error) is distinct from (new.attempts, new.last_error);
  if new.status = 'done' then
    insert into public.automation_events (store_id, type, run_id, payload, dedupe_key)
    select r.store_id, 'run.job_done', r.id,
           jsonb_build_object('step', v_step, 'output', coalesce(new.result, '{}')), 'job:' || new.id || ':done'
      from public.workflow_runs r where r.id = v_run
    on conflict (store_id, dedupe_key) do nothing;
    perform pg_notify('automations', '');
  elsif new.status in ('dead', 'cancelled') then
    insert into public.automation_events (store_id, type, run_id, payload, dedupe_key)
    select r.store_id, 'run.job_failed', r.id,
           jsonb_build_object('step', v_step, 'error', coalesce(new.last_error, 'The action failed')),
           'job:' || new.id || ':' || new.status || ':' || new.runs
      from public.workflow_runs r where r.id = v_run
    on conflict (store_id, dedupe_key) do nothing;
    perform pg_notify('automations', '');
  end if;
  return null;
end;
$$;
create trigger outbox_automation_result after update of status, last_error, attempts on public.outbox
  for each row when (new.topic like 'automations.%' and (old.status, old.last_error, old.attempts)
    is distinct from (new.status, new.last_error, new.attempts))
  execute function private.automation_job_result();

-- ---------------------------------------------------------------------------------------------
-- The worker's side (supabase/functions/automations, service role).

create or replace function public.automation_index_generation()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select last_value from private.automation_index_generation;
$$;

-- Due timers become events, each exactly once (fired_at), in the same transaction.
create or replace function public.fire_due_automation_timers(p_limit int default 500)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count int;
begin
  with due as (
    select t.id from private.automation_timers t
     where t.fired_at is null and t.cancelled_at is null and t.due_at <= now()
     order by t.due_at
     limit greatest(p_limit, 0)
     for update skip locked
  ), fired as (
    update private.automation_timers t set fired_at = now() from due where t.id = due.id
    returning t.*
  )
  insert into public.automation_events (store_id, type, session_id, contact_id, payload, run_id, workflow_id, dedupe_key)
  select f.store_id, f.event ->> 'type', (f.event ->> 'session_id')::uuid, (f.event ->> 'contact_id')::uuid,
         coalesce(f.event -> 'payload', '{}'), f.run_id, f.workflow_id, 'timer:' || f.id
    from fired f
  on conflict (store_id, dedupe_key) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- The live versions of every enabled workflow, for the worker's trigger index.
create or replace function public.published_workflows()
returns table (workflow_id uuid, store_id uuid, version int, published_at timestamptz, time_zone text, compiled jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select w.id, w.store_id, v.version, v.published_at, s.time_zone, v.compiled
    from public.workflows w
    join public.workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
    join public.stores s on s.id = w.store_id
   where w.enabled and s.status = 'active';
$$;

-- Events to work on, leased: a worker that dies leaves them to the next one after the lease.
create or replace function public.claim_automation_events(p_limit int default 500, p_lease_seconds int default 60)
returns setof public.automation_events
language sql
security definer
set search_path = ''
as $$
  update public.automation_events e
     set claimed_until = now() + make_interval(secs => p_lease_seconds)
   where e.id in (
     select x.id from public.automation_events x
      where x.processed_at is null and (x.claimed_until is null or x.claimed_until < now())
      order by x.id
      limit greatest(p_limit, 0)
      for update skip locked
   )
  returning e.*;
$$;

create or replace function public.finish_automation_events(p_ids bigint[])
returns void
language sql
security definer
set search_path = ''
as $$
  update public.automation_events set processed_at = now() where id = any (p_ids) and processed_at is null;
$$;

-- One call per round of the worker: due timers become events, then the next events are claimed; with the
-- trigger index's generation, so the worker knows whether to rebuild it.
create or replace function public.automation_work(p_limit int default 200, p_lease_seconds int default 60)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.fire_due_automation_timers(500);
  return jsonb_build_object(
    'generation', public.automation_index_generation(),
    'events', coalesce((select jsonb_agg(to_jsonb(e) order by e.id)
                          from public.claim_automation_events(p_limit, p_lease_seconds) e), '[]'));
end;
$$;

-- Seconds until the worker has something to do (0: now), null when nothing is waiting.
create or replace function public.next_automation_due()
returns double precision
language sql
stable
security definer
set search_path = ''
as $$
  select greatest(0, extract(epoch from least(
    (select min(coalesce(e.claimed_until, now())) from public.automation_events e where e.processed_at is null),
    (select min(t.due_at) from private.automation_timers t where t.fired_at is null and t.cancelled_at is null)
  ) - now()))::double precision;
$$;

-- Everything a step may read, in one round trip: the store, the conversation (with when an agent last
-- answered), the visitor's latest message, the contact, and the run's finished steps' outputs.
create or replace function public.automation_facts(p_store_id uuid, p_session_id uuid, p_contact_id uuid, p_run_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'store', (select jsonb_build_object('id', s.id, 'name', s.name, 'time_zone', s.time_zone,
                'business_hours', s.business_hours, 'fallback_phone', s.fallback_phone,
                'fallback_email', s.fallback_email)
                from public.stores s where s.id = p_store_id),
    'session', (select jsonb_build_object('id', c.id, 'status', c.status, 'language', c.language,
                  'sentiment', c.sentiment, 'lead_score', c.lead_score, 'tags', to_jsonb(c.tags),
                  'attributes', c.attributes, 'started_at', c.started_at,
                  'last_agent_reply_at', (select max(m.created_at) from public.messages m
                     where m.session_id = c.id and m.sender = 'agent' and not m.is_private))
                  from public.chat_sessions c where c.id = p_session_id and c.store_id = p_store_id),
    'message', (select jsonb_build_object('id', m.id, 'text', m.content, 'intent', m.intent,
                  'sentiment', m.sentiment, 'language', c.language)
                  from public.messages m join public.chat_sessions c on c.id = m.session_id
                 where m.session_id = p_session_id and m.store_id = p_store_id and m.sender = 'customer'
                 order by m.id desc limit 1),
    'contact', (select jsonb_build_object('id', k.id, 'name', k.name, 'email', k.email, 'phone', k.phone,
                  'attributes', k.custom_attributes)
                  from public.contacts k
                 where k.id = coalesce(p_contact_id,
                         (select c.contact_id from public.chat_sessions c where c.id = p_session_id))
                   and k.store_id = p_store_id),
    'event', (select jsonb_build_object('id', e.id, 'store_id', e.store_id, 'type', e.type,
                'session_id', e.session_id, 'contact_id', e.contact_id, 'payload', e.payload, 'created_at', e.created_at)
                from public.automation_events e
               where e.id = (select r.trigger_event_id from public.workflow_runs r where r.id = p_run_id)),
    'steps', coalesce((select jsonb_object_agg(x.node_id, x.output)
                  from (select distinct on (st.node_id) st.node_id, st.output from public.workflow_run_steps st
                         where st.run_id = p_run_id and st.status = 'succeeded' and st.output is not null
                         order by st.node_id, st.seq desc) x), '{}'));
$$;

-- ONE write per step of a run: lock it (or create it, at most once per event and workflow), check it is
-- still where the caller computed from, then write the snapshot, the step log, the jobs, the timers and
-- the split assignments together. Answers { outcome: ok | conflict | duplicate | capped | gone }.
-- Loop guards: at most 20 runs started per conversation per hour, at most 100 steps per run.
create or replace function public.advance_workflow_run(p jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run public.workflow_runs;
  v_create jsonb := p -> 'create';
  v_step jsonb;
  v_job jsonb;
  v_timer jsonb;
  v_split jsonb;
  v_job_id bigint;
  v_status public.workflow_run_status := (p ->> 'status')::public.workflow_run_status;
  v_run_cap constant int := 20;
begin
  if v_create is not null then
    if (v_create ->> 'session_id') is not null and (
      select count(*) from public.workflow_runs r
       where r.session_id = (v_create ->> 'session_id')::uuid and r.started_at > now() - interval '1 hour'
    ) >= v_run_cap then
      return jsonb_build_object('outcome', 'capped',
        'reason', format('Not started: this conversation already started %s automation runs in the last hour', v_run_cap));
    end if;
    insert into public.workflow_runs (id, store_id, workflow_id, workflow_version, session_id, contact_id,
      trigger_event_id, idempotency_key, rerun_of, status)
    values ((p ->> 'run_id')::uuid, (v_create ->> 'store_id')::uuid, (v_create ->> 'workflow_id')::uuid,
      (v_create ->> 'version')::int, (v_create ->> 'session_id')::uuid, (v_create ->> 'contact_id')::uuid,
      (v_create ->> 'event_id')::bigint, v_create ->> 'idempotency_key', (v_create ->> 'rerun_of')::uuid, 'running')
    on conflict (workflow_id, idempotency_key) do nothing
    returning * into v_run;
    if v_run.id is null then
      return jsonb_build_object('outcome', 'duplicate');
    end if;
  else
    select * into v_run from public.workflow_runs where id = (p ->> 'run_id')::uuid for update;
    if not found then
      return jsonb_build_object('outcome', 'gone');
    end if;
    if v_run.current_step <> (p ->> 'expected_step')::int or v_run.status in ('succeeded', 'cancelled') then
      return jsonb_build_object('outcome', 'conflict', 'current_step', v_run.current_step);
    end if;
  end if;

  for v_step in select * from jsonb_array_elements(coalesce(p -> 'steps', '[]')) loop
    insert into public.workflow_run_steps (store_id, run_id, seq, node_id, node_type, kind, status, port, input,
      output, error, started_at, finished_at)
    values (v_run.store_id, v_run.id, (v_step ->> 'seq')::int, v_step ->> 'node_id', v_step ->> 'node_type',
      v_step ->> 'kind', v_step ->> 'status', v_step ->> 'port', v_step -> 'input', v_step -> 'output',
      v_step ->> 'error', coalesce((v_step ->> 'started_at')::timestamptz, now()),
      (v_step ->> 'finished_at')::timestamptz)
    on conflict (run_id, seq) do update
      set status = excluded.status, port = excluded.port, output = excluded.output, error = excluded.error,
          finished_at = excluded.finished_at;
  end loop;

  for v_job in select * from jsonb_array_elements(coalesce(p -> 'jobs', '[]')) loop
    v_job_id := private.enqueue(v_run.store_id, v_job ->> 'topic', (v_job -> 'payload') || jsonb_build_object(
      'store_id', v_run.store_id, 'workflow_id', v_run.workflow_id, 'run_id', v_run.id,
      'step', (v_job ->> 'seq')::int, 'node_id', v_job ->> 'node_id', 'session_id', v_run.session_id,
      'contact_id', v_run.contact_id));
    if v_job_id is not null then
      update public.workflow_run_steps set job_id = v_job_id where run_id = v_run.id and seq = (v_job ->> 'seq')::int;
    end if;
  end loop;

  if (p ->> 'cancel_timers')::boolean then
    update private.automation_timers set cancelled_at = now()
     where run_id = v_run.id and fired_at is null and cancelled_at is null;
  end if;
  for v_timer in select * from jsonb_array_elements(coalesce(p -> 'timers', '[]')) loop
    insert into private.automation_timers (store_id, run_id, step, workflow_id, event, due_at)
    values (v_run.store_id, v_run.id, (v_timer ->> 'seq')::int, null, v_timer -> 'event',
      (v_timer ->> 'due_at')::timestamptz);
  end loop;

  for v_split in select * from jsonb_array_elements(coalesce(p -> 'splits', '[]')) loop
    if v_run.session_id is not null then
      insert into public.workflow_split_assignments (workflow_id, node_id, session_id, store_id, branch, run_id)
      values (v_run.workflow_id, v_split ->> 'node_id', v_run.session_id, v_run.store_id, v_split ->> 'branch', v_run.id)
      on conflict do nothing;
    end if;
  end loop;

  update public.workflow_runs
     set snapshot = p -> 'snapshot', status = v_status, current_step = (p ->> 'current_step')::int,
         steps_taken = (p ->> 'steps_taken')::int, awaiting = p ->> 'awaiting',
         wake_at = (p ->> 'wake_at')::timestamptz, error = p ->> 'error',
         finished_at = case when v_status in ('succeeded', 'failed', 'cancelled') then now() end
   where id = v_run.id;
  return jsonb_build_object('outcome', 'ok', 'run_id', v_run.id);
end;
$$;

-- A trigger that fires only if still true later ("no agent reply in 10 minutes"): a timer that starts
-- the check for one workflow, once per event.
create or replace function public.defer_automation_trigger(
  p_store_id uuid, p_workflow_id uuid, p_event jsonb, p_due_at timestamptz
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into private.automation_timers (store_id, workflow_id, event, due_at)
  select p_store_id, p_workflow_id, p_event, p_due_at
   where not exists (
     select 1 from private.automation_timers t
      where t.workflow_id = p_workflow_id and t.run_id is null and t.event = p_event);
$$;

-- Schedules: the tick for one fire time of one workflow, once.
create or replace function public.emit_schedule_tick(p_store_id uuid, p_workflow_id uuid, p_fire_at timestamptz)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.automation_events (store_id, type, payload, workflow_id, dedupe_key)
  values (p_store_id, 'schedule.tick',
    jsonb_build_object('workflow_id', p_workflow_id, 'fire_at', p_fire_at), p_workflow_id,
    'schedule:' || p_workflow_id || ':' || extract(epoch from p_fire_at)::bigint)
  on conflict (store_id, dedupe_key) do nothing;
  return found;
end;
$$;

-- The last tick each published schedule fired (the worker computes the next ones from it).
create or replace function public.last_schedule_ticks(p_workflow_ids uuid[])
returns table (workflow_id uuid, fire_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select e.workflow_id, max((e.payload ->> 'fire_at')::timestamptz)
    from public.automation_events e
   where e.type = 'schedule.tick' and e.workflow_id = any (p_workflow_ids)
   group by e.workflow_id;
$$;

-- ---------------------------------------------------------------------------------------------
-- What actions do inside Parley (their jobs call these with the service role).

create or replace function public.add_session_tags(p_store_id uuid, p_session_id uuid, p_tags text[])
returns text[]
language sql
security definer
set search_path = ''
as $$
  update public.chat_sessions
     set tags = array(select distinct t from unnest(tags || p_tags) t order by t)
   where id = p_session_id and store_id = p_store_id
  returning tags;
$$;

create or replace function public.set_contact_attribute(p_store_id uuid, p_contact_id uuid, p_key text, p_value jsonb)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.contacts
     set custom_attributes = case when p_value is null or p_value = 'null'::jsonb
                                  then custom_attributes - p_key
                                  else custom_attributes || jsonb_build_object(p_key, p_value) end
   where id = p_contact_id and store_id = p_store_id;
  return found;
end;
$$;

-- p_mark (run:step) is remembered on the conversation, so an add repeated by a retried job is not added twice.
create or replace function public.change_lead_score(
  p_store_id uuid, p_session_id uuid, p_mode text, p_amount int, p_mark text
)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_score int;
begin
  perform set_config('parley.automation', 'on', true);
  update public.chat_sessions
     set lead_score = case
           when attributes -> '_lead_score_changes' ? p_mark then lead_score
           when p_mode = 'set' then greatest(0, least(100, p_amount))
           else greatest(0, least(100, coalesce(lead_score, 0) + p_amount)) end,
         attributes = jsonb_set(attributes, '{_lead_score_changes}',
           (select coalesce(jsonb_agg(x), '[]') from (
              select x from jsonb_array_elements_text(coalesce(attributes -> '_lead_score_changes', '[]')) x
              union select p_mark order by 1 desc limit 20) y))
   where id = p_session_id and store_id = p_store_id
  returning lead_score into v_score;
  return v_score;
end;
$$;

create or replace function public.automation_handoff(
  p_store_id uuid, p_session_id uuid, p_team text, p_priority text, p_message text, p_mark jsonb
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status text;
begin
  perform set_config('parley.automation', 'on', true);
  select s.status into v_status from public.chat_sessions s
   where s.id = p_session_id and s.store_id = p_store_id for update;
  if not found then
    return false;
  end if;
  if v_status in ('queued', 'human') then
    -- Already with (or waiting for) a person: the team and priority still apply.
    update public.chat_sessions
       set handoff_team = coalesce(nullif(p_team, ''), handoff_team), handoff_priority = p_priority
     where id = p_session_id and store_id = p_store_id;
    return false;
  end if;
  if p_message is not null and p_message <> '' and not exists (
    select 1 from public.messages m where m.session_id = p_session_id and m.metadata -> 'automation' = p_mark
  ) then
    insert into public.messages (store_id, session_id, sender, author_id, content, metadata)
    values (p_store_id, p_session_id, 'bot', null, p_message,
      jsonb_build_object('kind', 'handoff', 'automation', p_mark));
  end if;
  update public.chat_sessions
     set status = 'queued', resolved_at = null, handoff_team = nullif(p_team, ''), handoff_priority = p_priority
   where id = p_session_id and store_id = p_store_id;
  return true;
end;
$$;

create or replace function public.automation_close_session(
  p_store_id uuid, p_session_id uuid, p_message text, p_mark jsonb
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('parley.automation', 'on', true);
  perform 1 from public.chat_sessions s where s.id = p_session_id and s.store_id = p_store_id for update;
  if not found then
    return false;
  end if;
  if p_message is not null and p_message <> '' and not exists (
    select 1 from public.messages m where m.session_id = p_session_id and m.metadata -> 'automation' = p_mark
  ) then
    insert into public.messages (store_id, session_id, sender, author_id, content, metadata)
    values (p_store_id, p_session_id, 'bot', null, p_message, jsonb_build_object('kind', 'automation', 'automation', p_mark));
  end if;
  update public.chat_sessions set status = 'resolved', resolved_at = coalesce(resolved_at, now())
   where id = p_session_id and store_id = p_store_id and status <> 'resolved';
  return true;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- For the builder and the run log (the signed-in owner or admin).

-- Publishing freezes the graph as the next version with its compiled machine and makes it live. The
-- `automations` function compiles and checks the graph, then calls this for the signed-in user.
create or replace function public.publish_workflow(p_user_id uuid, p_workflow_id uuid, p_graph jsonb, p_compiled jsonb)
returns int
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_workflow public.workflows;
  v_version int;
begin
  select * into v_workflow from public.workflows w where w.id = p_workflow_id for update;
  if not found or not exists (
    select 1 from public.memberships m
     where m.store_id = v_workflow.store_id and m.user_id = p_user_id and m.role in ('owner', 'admin')
  ) then
    raise exception 'no workflow % that you may publish', p_workflow_id using errcode = '42501';
  end if;
  v_version := coalesce(v_workflow.published_version, 0) + 1;
  insert into public.workflow_versions (workflow_id, version, store_id, graph, compiled, trigger_type, published_by)
  values (p_workflow_id, v_version, v_workflow.store_id, p_graph, p_compiled, p_compiled -> 'trigger' ->> 'type', p_user_id);
  update public.workflows
     set graph = p_graph, published_version = v_version, published_at = now(), enabled = true
   where id = p_workflow_id;
  return v_version;
end;
$$;

-- Retry a run's failed action: its job (and what died with it) runs again, and the run waits for it.
create or replace function public.retry_workflow_step(p_run_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run public.workflow_runs;
  v_step public.workflow_run_steps;
begin
  select * into v_run from public.workflow_runs r
   where r.id = p_run_id and r.status = 'failed'
     and r.store_id in (select private.my_store_ids_with_role('{owner,admin}'))
   for update;
  if not found then
    raise exception 'no failed run % in your stores', p_run_id using errcode = 'P0002';
  end if;
  select * into v_step from public.workflow_run_steps s
   where s.run_id = p_run_id and s.seq = v_run.current_step and s.status = 'failed' and s.job_id is not null;
  if not found then
    raise exception 'the failed step of run % cannot be retried; re-run the workflow instead', p_run_id
      using errcode = 'P0002';
  end if;
  perform public.retry_outbox_job(v_step.job_id);
  update public.workflow_run_steps set status = 'running', error = null, finished_at = null where id = v_step.id;
  update public.workflow_runs set status = 'waiting', awaiting = 'job', error = null, finished_at = null
   where id = p_run_id;
end;
$$;

-- Run the workflow again for the event that started this run, on the workflow's latest version.
create or replace function public.rerun_workflow_run(p_run_id uuid)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run public.workflow_runs;
  v_event public.automation_events;
  v_id bigint;
begin
  select * into v_run from public.workflow_runs r
   where r.id = p_run_id and r.store_id in (select private.my_store_ids_with_role('{owner,admin}'));
  if not found then
    raise exception 'no run % in your stores', p_run_id using errcode = 'P0002';
  end if;
  if not exists (select 1 from public.workflows w where w.id = v_run.workflow_id and w.published_version is not null) then
    raise exception 'the workflow has no published version to run' using errcode = '22023';
  end if;
  select * into v_event from public.automation_events e where e.id = v_run.trigger_event_id;
  insert into public.automation_events (store_id, type, session_id, contact_id, payload, workflow_id, rerun_of)
  values (v_run.store_id, coalesce(v_event.type, 'conversation.started'), v_run.session_id, v_run.contact_id,
    coalesce(v_event.payload, '{}'), v_run.workflow_id, v_run.id)
  returning id into v_id;
  perform pg_notify('automations', '');
  return v_id;
end;
$$;

-- The A/B report: per split step and branch, the conversations it sent there, how many were handed to a
-- person, how many the bot resolved alone, and their average lead score.
create or replace function public.workflow_split_stats(p_workflow_id uuid)
returns table (node_id text, branch text, runs bigint, handoff_rate numeric, bot_resolution_rate numeric,
  avg_lead_score numeric)
language sql
stable
security definer
set search_path = ''
as $$
  select a.node_id, a.branch, count(*) as runs,
         round(avg((s.handoff_state is not null or s.chatwoot_conversation_id is not null
                    or s.status in ('queued', 'human'))::int), 3) as handoff_rate,
         round(avg((s.status = 'resolved' and s.handoff_state is null and s.chatwoot_conversation_id is null)::int), 3)
           as bot_resolution_rate,
         round(avg(s.lead_score), 1) as avg_lead_score
    from public.workflow_split_assignments a
    join public.chat_sessions s on s.id = a.session_id and s.store_id = a.store_id
   where a.workflow_id = p_workflow_id and a.store_id in (select private.my_store_ids())
   group by a.node_id, a.branch
   order by a.node_id, a.branch;
$$;

-- ---------------------------------------------------------------------------------------------
revoke execute on all functions in schema private from public;
revoke execute on function public.automation_work(int, int), public.automation_index_generation(), public.published_workflows(), public.fire_due_automation_timers(int),
  public.claim_automation_events(int, int), public.finish_automation_events(bigint[]), public.next_automation_due(),
  public.automation_facts(uuid, uuid, uuid, uuid), public.advance_workflow_run(jsonb),
  public.defer_automation_trigger(uuid, uuid, jsonb, timestamptz), public.emit_schedule_tick(uuid, uuid, timestamptz),
  public.last_schedule_ticks(uuid[]), public.add_session_tags(uuid, uuid, text[]),
  public.set_contact_attribute(uuid, uuid, text, jsonb), public.change_lead_score(uuid, uuid, text, int, text),
  public.automation_handoff(uuid, uuid, text, text, text, jsonb), public.automation_close_session(uuid, uuid, text, jsonb),
  public.publish_workflow(uuid, uuid, jsonb, jsonb), public.retry_workflow_step(uuid), public.rerun_workflow_run(uuid),
  public.workflow_split_stats(uuid)
  from public, anon, authenticated;
grant execute on function public.automation_work(int, int), public.automation_index_generation(), public.published_workflows(), public.fire_due_automation_timers(int),
  public.claim_automation_events(int, int), public.finish_automation_events(bigint[]), public.next_automation_due(),
  public.automation_facts(uuid, uuid, uuid, uuid), public.advance_workflow_run(jsonb),
  public.defer_automation_trigger(uuid, uuid, jsonb, timestamptz), public.emit_schedule_tick(uuid, uuid, timestamptz),
  public.last_schedule_ticks(uuid[]), public.add_session_tags(uuid, uuid, text[]),
  public.set_contact_attribute(uuid, uuid, text, jsonb), public.change_lead_score(uuid, uuid, text, int, text),
  public.automation_handoff(uuid, uuid, text, text, text, jsonb), public.automation_close_session(uuid, uuid, text, jsonb),
  public.publish_workflow(uuid, uuid, jsonb, jsonb)
  to service_role;
grant execute on function public.retry_workflow_step(uuid), public.rerun_workflow_run(uuid),
  public.workflow_split_stats(uuid) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Hosted Supabase: where pg_cron and pg_net are installed, call the worker every 5 seconds, with the
-- project URL and service key kept in Vault (README, "Automations on hosted Supabase"). Elsewhere (the
-- devstack, `supabase start` without them) this does nothing: the devstack's scheduler calls the worker.
do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_cron')
     and exists (select 1 from pg_extension where extname = 'pg_net') then
    perform cron.schedule('automations', '5 seconds', $cron$
      select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/automations',
        headers := jsonb_build_object(
          'Content-Type', 'application/json',
          'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')
        ),
        body := '{}'::jsonb,
        timeout_milliseconds := 30000
      );
    $cron$);
  end if;
end;
$$;
