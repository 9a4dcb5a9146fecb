-- chatwoot_agents.status became an enum after the job-state mirror was written: a CASE of two literals is
-- text, and Postgres does not assign text to an enum column, so every update of a sync_agent job failed
-- (and with it the claim that fired the trigger). Same function, the value cast to the enum.
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
       set status = (case when v_dead then 'failed' else 'pending' end)::public.chatwoot_agent_status,
           last_error = new.last_error
     where store_id = (new.payload ->> 'store_id')::uuid and user_id = (new.payload ->> 'user_id')::uuid
       and status in ('pending', 'failed');
  end if;
  return null;
end;
$$;
