-- Automations: workflows (the React Flow graph and its compiled machine) and their durable runs.
-- Members read both; owners and admins edit workflows; only service_role (the runner) writes runs.

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 120),
  graph jsonb not null default '{"nodes": [], "edges": []}',
  machine jsonb,
  version int not null default 1 check (version >= 1),
  enabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, store_id)
);
create index workflows_store_id_idx on public.workflows (store_id);
create trigger workflows_set_updated_at before update on public.workflows
  for each row execute function private.set_updated_at();

create table public.workflow_runs (
  id uuid primary key default gen_random_uuid(),
  store_id uuid not null references public.stores (id) on delete cascade,
  workflow_id uuid not null,
  -- the workflow version this run executes
  workflow_version int not null default 1,
  session_id uuid,
  status text not null default 'running'
    check (status in ('running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  snapshot jsonb,
  step_log jsonb not null default '[]',
  error text,
  -- when a waiting run (a delay) must be resumed
  wake_at timestamptz,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  foreign key (workflow_id, store_id) references public.workflows (id, store_id) on delete cascade,
  foreign key (session_id, store_id) references public.chat_sessions (id, store_id) on delete set null (session_id)
);
create index workflow_runs_store_id_idx on public.workflow_runs (store_id, started_at desc);
create index workflow_runs_workflow_id_idx on public.workflow_runs (workflow_id);
create index workflow_runs_session_id_idx on public.workflow_runs (session_id);
create index workflow_runs_wake_at_idx on public.workflow_runs (wake_at) where status = 'waiting';

alter table public.workflows enable row level security;
alter table public.workflow_runs enable row level security;

revoke all on public.workflows, public.workflow_runs from anon, authenticated, service_role;
grant all on public.workflows, public.workflow_runs to service_role;
grant select, insert, update, delete on public.workflows to authenticated;
grant select on public.workflow_runs to authenticated;

create policy "workflows: members select" on public.workflows
  for select to authenticated using (store_id in (select private.my_store_ids()));
create policy "workflows: admins insert" on public.workflows
  for insert to authenticated with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "workflows: admins update" on public.workflows
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')))
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')));
create policy "workflows: admins delete" on public.workflows
  for delete to authenticated using (store_id in (select private.my_store_ids_with_role('{owner,admin}')));

create policy "workflow_runs: members select" on public.workflow_runs
  for select to authenticated using (store_id in (select private.my_store_ids()));
