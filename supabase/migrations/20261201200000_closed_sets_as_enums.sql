-- Closed sets become Postgres enums, so the generated `Database` type (pnpm gen) carries them as unions and
-- `Constants.public.Enums` lists their values for the dashboard, the widget and the functions: one home for
-- each set instead of a `check (... in (...))` retyped in every layer.
--
-- Left as text on purpose: outbox.status, the circuit breakers and chat_sessions.handoff_state (their
-- redesign is under way elsewhere).
--
-- Postgres refuses to change the type of a column that a policy, a trigger's WHEN or UPDATE OF list, or a
-- partial index refers to, and cannot cast the old text defaults and checks: those are dropped first and
-- re-created unchanged afterwards. Comparisons with literals ('owner') need no change; the one helper that
-- compared a role with a text[] parameter casts the parameter.

create type public.store_status as enum ('active', 'suspended');
create type public.member_role as enum ('owner', 'admin', 'agent');
create type public.invitation_status as enum ('pending', 'accepted', 'revoked');
create type public.chat_session_status as enum ('bot', 'queued', 'human', 'resolved');
create type public.message_sender as enum ('customer', 'bot', 'agent', 'system');
create type public.workflow_run_status as enum ('running', 'waiting', 'succeeded', 'failed', 'cancelled');
create type public.integration_status as enum ('disconnected', 'connected', 'error');
create type public.chatwoot_account_status as enum (
  'pending', 'provisioning', 'active', 'failed', 'suspended', 'deleted'
);
create type public.chatwoot_agent_status as enum ('pending', 'synced', 'failed', 'removing');
create type public.knowledge_source as enum ('paste', 'upload');
create type public.ai_provider as enum ('openai', 'anthropic');
create type public.responder_failure_kind as enum (
  'timeout', 'http_error', 'rate_limited', 'network', 'bad_response'
);

-- ---------------------------------------------------------------------------------------------
-- What refers to the columns and must step aside while they change type.
drop policy "memberships: admins remove non-owners, members leave" on public.memberships;
drop policy "invitations: invitee selects pending" on public.invitations;
drop policy "invitations: admins insert" on public.invitations;
drop policy "invitations: admins revoke" on public.invitations;
drop policy "messages: members insert agent messages" on public.messages;

drop trigger stores_chatwoot_status on public.stores;
drop trigger memberships_chatwoot_agent on public.memberships;
drop trigger chat_sessions_chatwoot_handoff_insert on public.chat_sessions;
drop trigger chat_sessions_chatwoot_handoff_update on public.chat_sessions;
drop trigger messages_chatwoot_forward on public.messages;

drop index public.workflow_runs_wake_at_idx;

-- ---------------------------------------------------------------------------------------------
-- The columns: check out, type in, default back.
alter table public.stores drop constraint stores_status_check, alter column status drop default;
alter table public.stores
  alter column status type public.store_status using status::public.store_status,
  alter column status set default 'active';

alter table public.memberships drop constraint memberships_role_check;
alter table public.memberships alter column role type public.member_role using role::public.member_role;

-- An invitation's role is a member's role, but never ownership.
alter table public.invitations
  drop constraint invitations_role_check,
  drop constraint invitations_status_check,
  alter column status drop default;
alter table public.invitations
  alter column role type public.member_role using role::public.member_role,
  add constraint invitations_role_check check (role <> 'owner'),
  alter column status type public.invitation_status using status::public.invitation_status,
  alter column status set default 'pending';

alter table public.chat_sessions drop constraint chat_sessions_status_check, alter column status drop default;
alter table public.chat_sessions
  alter column status type public.chat_session_status using status::public.chat_session_status,
  alter column status set default 'bot';

alter table public.messages drop constraint messages_sender_check;
alter table public.messages alter column sender type public.message_sender using sender::public.message_sender;

alter table public.workflow_runs drop constraint workflow_runs_status_check, alter column status drop default;
alter table public.workflow_runs
  alter column status type public.workflow_run_status using status::public.workflow_run_status,
  alter column status set default 'running';

alter table public.integrations drop constraint integrations_status_check, alter column status drop default;
alter table public.integrations
  alter column status type public.integration_status using status::public.integration_status,
  alter column status set default 'disconnected';

alter table public.chatwoot_accounts
  drop constraint chatwoot_accounts_status_check,
  alter column status drop default;
alter table public.chatwoot_accounts
  alter column status type public.chatwoot_account_status using status::public.chatwoot_account_status,
  alter column status set default 'pending';

alter table public.chatwoot_agents
  drop constraint chatwoot_agents_role_check,
  drop constraint chatwoot_agents_status_check,
  alter column status drop default;
alter table public.chatwoot_agents
  alter column role type public.member_role using role::public.member_role,
  alter column status type public.chatwoot_agent_status using status::public.chatwoot_agent_status,
  alter column status set default 'pending';

alter table public.knowledge_documents
  drop constraint knowledge_documents_source_check,
  alter column source drop default;
alter table public.knowledge_documents
  alter column source type public.knowledge_source using source::public.knowledge_source,
  alter column source set default 'paste';

alter table public.chatbot_ai_settings drop constraint chatbot_ai_settings_provider_check;
alter table public.chatbot_ai_settings
  alter column provider type public.ai_provider using provider::public.ai_provider;

-- The provider that failed is one of the providers a chatbot can be set to.
alter table public.responder_failures drop constraint responder_failures_kind_check;
alter table public.responder_failures
  alter column provider type public.ai_provider using provider::public.ai_provider,
  alter column kind type public.responder_failure_kind using kind::public.responder_failure_kind;

-- ---------------------------------------------------------------------------------------------
-- The role helper compared member_role with text[]: same signature (policies call it with '{owner,admin}'),
-- the parameter cast to the enum, so a misspelt role fails loudly instead of matching nobody.
create or replace function private.my_store_ids_with_role(p_roles text[])
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.store_id from public.memberships m
  where m.user_id = (select auth.uid()) and m.role = any (p_roles::public.member_role[]);
$$;

-- ---------------------------------------------------------------------------------------------
-- Back as they were.
create policy "memberships: admins remove non-owners, members leave" on public.memberships
  for delete to authenticated
  using (
    role <> 'owner'
    and (
      store_id in (select private.my_store_ids_with_role('{owner,admin}'))
      or user_id = (select auth.uid())
    )
  );

create policy "invitations: invitee selects pending" on public.invitations
  for select to authenticated
  using (status = 'pending' and email = lower((select auth.jwt()) ->> 'email'));

create policy "invitations: admins insert" on public.invitations
  for insert to authenticated
  with check (
    store_id in (select private.my_store_ids_with_role('{owner,admin}'))
    and invited_by = (select auth.uid())
    and status = 'pending'
  );

create policy "invitations: admins revoke" on public.invitations
  for update to authenticated
  using (store_id in (select private.my_store_ids_with_role('{owner,admin}')) and status = 'pending')
  with check (store_id in (select private.my_store_ids_with_role('{owner,admin}')) and status in ('pending', 'revoked'));

create policy "messages: members insert agent messages" on public.messages
  for insert to authenticated
  with check (
    store_id in (select private.my_store_ids())
    and sender = 'agent'
    and author_id = (select auth.uid())
  );

create trigger stores_chatwoot_status after update of status on public.stores
  for each row when (old.status is distinct from new.status)
  execute function private.store_chatwoot_status();

create trigger memberships_chatwoot_agent after insert or update of role or delete on public.memberships
  for each row execute function private.membership_chatwoot_agent();

create trigger chat_sessions_chatwoot_handoff_insert after insert on public.chat_sessions
  for each row when (new.status = 'queued' and new.chatwoot_conversation_id is null)
  execute function private.session_chatwoot_handoff();
create trigger chat_sessions_chatwoot_handoff_update after update of status on public.chat_sessions
  for each row when (new.status = 'queued' and old.status = 'bot' and new.chatwoot_conversation_id is null)
  execute function private.session_chatwoot_handoff();

create trigger messages_chatwoot_forward after insert on public.messages
  for each row when (new.sender = 'customer' and not new.is_private and new.chatwoot_message_id is null)
  execute function private.message_chatwoot_forward();

create index workflow_runs_wake_at_idx on public.workflow_runs (wake_at) where status = 'waiting';
